/**
 * The second half of `npm start` (scripts/start.mjs runs this through tsx once the
 * dependencies and the Prisma client exist): services, database, build, children.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPOSE_PORTS, type ComposeCli, planServices } from './compose-plan.ts';
import { prepareDatabase } from './db-setup.ts';
import { type RunningChild, startChild, waitForHttp } from './processes.ts';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  SERVICE_HELP,
  type ServiceStatus,
  serviceStatus,
  tcpOpen,
  waitUntil,
} from './services.ts';
import { ensureWebBuild } from './web-build.ts';

/** URLs of the compose services as published on the host (docker/compose.yml). */
const DOCKER_DATABASE_URL = 'postgresql://zomma:zomma@127.0.0.1:5432/zomma';

function log(message: string) {
  process.stdout.write(`[start] ${message}\n`);
}

function fail(message: string): never {
  process.stderr.write(`[start] ${message}\n`);
  process.exit(1);
}

function succeeds(command: string, args: string[]): boolean {
  const r = spawnSync(command, args, { stdio: 'ignore', timeout: 15_000 });
  return r.status === 0;
}

/** The `docker compose` plugin if present, else the standalone `docker-compose`, else null. */
function composeCli(): ComposeCli {
  if (succeeds('docker', ['compose', 'version'])) return 'plugin';
  if (succeeds('docker-compose', ['version'])) return 'standalone';
  return null;
}

function downList(status: ServiceStatus, databaseUrl: string, redisUrl: string): string {
  const down: string[] = [];
  if (!status.postgres) down.push(`PostgreSQL (${databaseUrl})`);
  if (!status.redis) down.push(`Redis (${redisUrl})`);
  return down.join(' and ');
}

/** A NEXTAUTH_SECRET generated once per checkout and kept in .zomma/ (development only). */
function localSecret(root: string): string {
  const file = join(root, '.zomma', 'nextauth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(root, '.zomma'), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function ensureServices(root: string, databaseUrl: string, redisUrl: string) {
  let status = await serviceStatus(databaseUrl, redisUrl);
  if (status.postgres && status.redis) return databaseUrl;
  const down = downList(status, databaseUrl, redisUrl);
  const [postgresPort, redisPort] = await Promise.all([
    tcpOpen({ host: '127.0.0.1', port: COMPOSE_PORTS.postgres }),
    tcpOpen({ host: '127.0.0.1', port: COMPOSE_PORTS.redis }),
  ]);
  const dockerEngine = succeeds('docker', ['info']);
  const plan = planServices({
    answers: status,
    portTaken: { postgres: postgresPort, redis: redisPort },
    dockerEngine,
    composeCli: dockerEngine ? composeCli() : null,
    databaseUrlGiven: Boolean(process.env.DATABASE_URL),
  });
  if (plan.kind === 'ready') return databaseUrl;
  if (plan.kind === 'fail') fail(`${down} not reachable, and ${plan.reason}\n${SERVICE_HELP}`);
  const cli = plan.command === 'docker' ? 'docker compose' : 'docker-compose';
  log(`${down} not reachable: starting ${plan.services.join(' and ')} with ${cli}`);
  const up = spawnSync(plan.command, plan.args, { cwd: root, stdio: 'inherit' });
  if (up.status !== 0) fail(`${plan.command} ${plan.args.join(' ')} failed.\n${SERVICE_HELP}`);
  const url = plan.useComposeDatabaseUrl ? DOCKER_DATABASE_URL : databaseUrl;
  const ready = await waitUntil(async () => {
    status = await serviceStatus(url, redisUrl);
    return status.postgres && status.redis;
  }, 90_000);
  if (!ready) fail(`${downList(status, url, redisUrl)} still not reachable after 90 s.`);
  return url;
}

export async function main(root: string): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const databaseUrl = await ensureServices(root, process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, redisUrl);
  log(`PostgreSQL and Redis answer (${databaseUrl.replace(/\/\/[^@]*@/, '//')}, ${redisUrl})`);

  if (await tcpOpen({ host: '127.0.0.1', port })) {
    fail(`port ${port} is already in use (another \`npm start\`?). Set PORT to use another one.`);
  }

  const demo = await prepareDatabase({ url: databaseUrl, seed: true });
  log(`database ready: ${demo.migrationsApplied} migration(s) applied now`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    ORT_DISABLE_TELEMETRY: '1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? 'zomma',
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? localSecret(root),
    PORT: String(port),
    // web and worker must agree on the model whose champion generates signals.
    SIGNAL_MODEL_NAME: process.env.SIGNAL_MODEL_NAME ?? demo.modelName,
  };

  log('checking the web build (.zomma/web-build.sha256)');
  const built = await ensureWebBuild(root, env);
  log(built ? 'web app built' : 'web build is up to date: reusing it');

  const children: RunningChild[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping web and worker');
    await Promise.all(children.map((c) => c.stop()));
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGHUP', () => void stopAll(0));

  const bin = (name: string) => join(root, 'node_modules', '.bin', name);
  const web = startChild({
    name: 'web',
    command: bin('next'),
    // Loopback only by default: the demo users share a published password.
    args: ['start', '-p', String(port), '-H', process.env.HOST ?? '127.0.0.1'],
    cwd: join(root, 'apps/web'),
    env,
  });
  const worker = startChild({
    name: 'worker',
    command: bin('tsx'),
    args: ['src/main.ts'],
    cwd: join(root, 'apps/worker'),
    env: { ...env, WORKER_METRICS_PORT: process.env.WORKER_METRICS_PORT ?? '9464' },
  });
  children.push(web, worker);
  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping) return;
      process.stderr.write(`[start] ${child.name} exited (${code}); stopping everything\n`);
      void stopAll(1);
    });
  }

  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, 120_000, web);
  } catch (error) {
    process.stderr.write(`[start] ${(error as Error).message}\n`);
    await stopAll(1);
    return;
  }
  const demoLines =
    demo.users.length > 0
      ? [
          'Demo users (development only; every one uses the password below):',
          ...demo.users.map((u) => `  ${u.role.padEnd(13)} ${u.email}`),
          `  password: ${demo.password}`,
        ]
      : ['No demo users were created (NODE_ENV=production).'];
  const lines = [
    '',
    `Zomma is running at ${env.NEXTAUTH_URL}`,
    ...demoLines,
    'Ctrl-C stops the web app and the worker.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
