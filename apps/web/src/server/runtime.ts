import { createDb, createRepositories } from '@zomma/db';
import { getEnv } from '../env.ts';
import { verifySessionUser } from './auth/session-user.ts';
import type { Context, Repositories, SessionUser } from './context.ts';
import { getLogger } from './logger.ts';
import { createQueueClient, type QueueClient } from './queue.ts';

interface Runtime {
  repos: Repositories;
  queue: QueueClient;
}

const GLOBAL_KEY = Symbol.for('zomma.web.runtime');
type GlobalWithRuntime = typeof globalThis & { [GLOBAL_KEY]?: Runtime };

/** The process-wide database pool and queue connection, created on first use. */
export function getRuntime(): Runtime {
  const g = globalThis as GlobalWithRuntime;
  const existing = g[GLOBAL_KEY];
  if (existing) return existing;
  const env = getEnv();
  const db = createDb({ url: env.DATABASE_URL, poolMax: 10 });
  const runtime: Runtime = {
    repos: createRepositories(db),
    queue: createQueueClient({ redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX }),
  };
  g[GLOBAL_KEY] = runtime;
  return runtime;
}

/**
 * A request's context from the user its session claims. The claim (role, enabled) is checked
 * against the database first (`verifySessionUser`): a disabled or deleted user is
 * unauthenticated from their next request on, a demoted one has the new role at once.
 */
export async function buildRequestContext(
  claimed: SessionUser | null,
  base: Omit<Context, 'user'>,
): Promise<Context> {
  const user = await verifySessionUser((email) => base.repos.users.findForSignIn(email), claimed);
  return { ...base, user };
}

export function createRequestContext(claimed: SessionUser | null): Promise<Context> {
  const env = getEnv();
  const { repos, queue } = getRuntime();
  return buildRequestContext(claimed, {
    repos,
    queue,
    now: () => new Date(),
    log: getLogger(),
    config: {
      brokerName: env.BROKER_NAME,
      signalModelName: env.SIGNAL_MODEL_NAME,
      signalSymbol: env.SIGNAL_SYMBOL,
    },
  });
}
