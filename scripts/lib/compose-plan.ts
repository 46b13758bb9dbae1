/**
 * What `npm start` does about PostgreSQL and Redis, as a pure decision (tested in
 * compose-plan.test.ts; scripts/lib/start-app.ts gathers the facts and runs the plan).
 */

/** The services of docker/compose.yml that `npm start` may start, and their host ports. */
export const COMPOSE_PORTS = { postgres: 5432, redis: 6379 } as const;
export type ComposeService = keyof typeof COMPOSE_PORTS;

/** Which Compose is installed: the `docker compose` plugin, the standalone `docker-compose`, or none. */
export type ComposeCli = 'plugin' | 'standalone' | null;

export interface ServiceFacts {
  /** PostgreSQL answers `SELECT 1` at the configured DATABASE_URL; Redis answers PING at REDIS_URL. */
  answers: { postgres: boolean; redis: boolean };
  /** Something listens on 127.0.0.1 at the compose service's published port. */
  portTaken: { postgres: boolean; redis: boolean };
  dockerEngine: boolean;
  composeCli: ComposeCli;
  /** DATABASE_URL was set by the user (else a compose-started Postgres gets the compose URL). */
  databaseUrlGiven: boolean;
}

export type ServicePlan =
  | { kind: 'ready' }
  | {
      kind: 'start';
      services: ComposeService[];
      command: string;
      args: string[];
      /** Use the compose database URL afterwards (Postgres started by compose, no DATABASE_URL). */
      useComposeDatabaseUrl: boolean;
    }
  | { kind: 'fail'; reason: string };

/** The command line that runs `compose … up -d <services>` with the given CLI. */
export function composeUpCommand(
  cli: Exclude<ComposeCli, null>,
  composeFile: string,
  services: readonly ComposeService[],
): { command: string; args: string[] } {
  const args = ['-f', composeFile, 'up', '-d', ...services];
  return cli === 'plugin'
    ? { command: 'docker', args: ['compose', ...args] }
    : { command: 'docker-compose', args };
}

/**
 * Starts only the services that are down, and never one whose port something else already
 * holds (e.g. a local PostgreSQL on 5432 that refuses our URL: compose could not bind it, and
 * the fix is DATABASE_URL, not a container). Prefers the `docker compose` plugin, falls back to
 * `docker-compose`.
 */
export function planServices(facts: ServiceFacts, composeFile = 'docker/compose.yml'): ServicePlan {
  const down = (Object.keys(COMPOSE_PORTS) as ComposeService[]).filter((s) => !facts.answers[s]);
  if (down.length === 0) return { kind: 'ready' };
  const occupied = down.filter((s) => facts.portTaken[s]);
  if (occupied.length > 0) {
    const which = occupied.map((s) => `${s} (127.0.0.1:${COMPOSE_PORTS[s]})`).join(' and ');
    return {
      kind: 'fail',
      reason: `${which}: something listens on the port but does not answer at the configured URL; fix DATABASE_URL / REDIS_URL or stop it (compose cannot publish a port that is taken).`,
    };
  }
  if (!facts.dockerEngine) return { kind: 'fail', reason: 'no Docker engine answers `docker info`.' };
  if (facts.composeCli === null) {
    return { kind: 'fail', reason: 'neither `docker compose` (plugin) nor `docker-compose` is installed.' };
  }
  return {
    kind: 'start',
    services: down,
    ...composeUpCommand(facts.composeCli, composeFile, down),
    useComposeDatabaseUrl: down.includes('postgres') && !facts.databaseUrlGiven,
  };
}
