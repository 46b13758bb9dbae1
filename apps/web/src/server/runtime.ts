import { createDb, createRepositories } from '@zomma/db';
import { getEnv } from '../env.ts';
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

export function createRequestContext(user: SessionUser | null): Context {
  const env = getEnv();
  const { repos, queue } = getRuntime();
  return {
    user,
    repos,
    queue,
    now: () => new Date(),
    log: getLogger(),
    config: {
      brokerName: env.BROKER_NAME,
      signalModelName: env.SIGNAL_MODEL_NAME,
      signalSymbol: env.SIGNAL_SYMBOL,
    },
  };
}
