/**
 * One fresh world per e2e run: a new database (unique name, migrated and seeded), a
 * unique BullMQ prefix, the production web app (`next start` on a free port) and the
 * worker with fast intervals. Returns the teardown (stop children, drop the database,
 * delete the run's Redis keys).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { prepareDatabase } from '../scripts/lib/db-setup.ts';
import { freePort, type RunningChild, startChild, waitForHttp } from '../scripts/lib/processes.ts';
import { DEFAULT_REDIS_URL, dropDatabase } from '../scripts/lib/services.ts';
import { ensureWebBuild } from '../scripts/lib/web-build.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = join(root, 'e2e', 'artifacts');

/** Worker intervals for the e2e run (ms). */
export const E2E_WORKER_INTERVALS = {
  TICK_INTERVAL_MS: '500',
  GENERATE_SIGNALS_INTERVAL_MS: '2000',
  EXPIRE_SIGNALS_INTERVAL_MS: '1000',
  MARK_POSITIONS_INTERVAL_MS: '1000',
  RECONCILE_ORDERS_INTERVAL_MS: '2000',
} as const;

function e2eDatabaseUrl(runId: string): string {
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://127.0.0.1:5432/test');
  base.pathname = `/zomma_e2e_${runId.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
  return base.toString();
}

async function deleteRedisKeys(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(artifacts, { recursive: true });
  const runId = `${process.env.ZOMMA_TEST_RUN_ID ?? 'local'}_${Date.now().toString(36)}`;
  const databaseUrl = e2eDatabaseUrl(runId);
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const queuePrefix = `zomma-e2e-${runId}`;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    ORT_DISABLE_TELEMETRY: '1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    NEXTAUTH_URL: baseUrl,
    NEXTAUTH_SECRET: `e2e-secret-${runId}-not-for-production`,
    LOG_LEVEL: 'info',
  };

  await ensureWebBuild(root, env);
  const demo = await prepareDatabase({ url: databaseUrl, seed: true });
  // web ("generate now") and worker (scheduled generation) must use the seeded model.
  env.SIGNAL_MODEL_NAME = demo.modelName;

  const echo = process.env.E2E_ECHO === '1';
  const children: RunningChild[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((c) => c.stop()));
  };
  try {
    const web = startChild({
      name: 'web',
      command: join(root, 'node_modules/.bin/next'),
      args: ['start', '-p', String(port), '-H', '127.0.0.1'],
      cwd: join(root, 'apps/web'),
      env: { ...env, PORT: String(port) },
      logFile: join(artifacts, 'web.log'),
      echo,
    });
    children.push(web);
    children.push(
      startChild({
        name: 'worker',
        command: join(root, 'node_modules/.bin/tsx'),
        args: ['src/main.ts'],
        cwd: join(root, 'apps/worker'),
        env: { ...env, ...E2E_WORKER_INTERVALS, WORKER_METRICS_PORT: '0' },
        logFile: join(artifacts, 'worker.log'),
        echo,
      }),
    );
    await waitForHttp(`${baseUrl}/signin`, 60_000, web);
  } catch (error) {
    await stopAll();
    await dropDatabase(databaseUrl).catch(() => {});
    throw error;
  }

  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_DATABASE_URL = databaseUrl;
  process.env.E2E_QUEUE_PREFIX = queuePrefix;
  process.env.E2E_DEMO_USERS = JSON.stringify(demo.users);
  process.env.E2E_DEMO_PASSWORD = demo.password;

  return async () => {
    await stopAll();
    if (process.env.E2E_KEEP_DB !== '1') await dropDatabase(databaseUrl);
    await deleteRedisKeys(redisUrl, queuePrefix).catch(() => {});
  };
}
