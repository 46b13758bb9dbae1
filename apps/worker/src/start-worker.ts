import { createDb, createRepositories } from '@zomma/db';
import type { Worker } from 'bullmq';
import type { BrokerAdapter } from './broker/broker-adapter.ts';
import { SimulatedBroker } from './broker/simulated-broker.ts';
import { type CrashHook, processKillAt } from './crash-points.ts';
import type { WorkerEnv } from './env.ts';
import type { HandlerContext } from './handler-context.ts';
import { HANDLERS } from './handlers/index.ts';
import { createInferenceService } from './inference/inference-service.ts';
import { createJobPort } from './job-port.ts';
import { createJobWorkers } from './job-runner.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics, startMetricsServer } from './metrics.ts';
import { createQueues, type QueueSet } from './queues.ts';
import { upsertSchedulers } from './schedulers.ts';

export interface RunningWorker {
  /** Port of the metrics/health server (useful when WORKER_METRICS_PORT=0). */
  readonly metricsPort: number;
  readonly queues: QueueSet;
  readonly log: Logger;
  /** Waits for in-flight jobs, then closes workers, queues, Redis, Postgres and the HTTP server. */
  close(): Promise<void>;
}

export interface WorkerOverrides {
  broker?: BrokerAdapter;
  crash?: CrashHook;
  now?: () => Date;
  log?: Logger;
}

/** Wires everything the worker process runs; used by main.ts and by the tests. */
export async function startWorker(env: WorkerEnv, overrides: WorkerOverrides = {}): Promise<RunningWorker> {
  const log = overrides.log ?? createLogger(env.LOG_LEVEL);
  const db = createDb({ url: env.DATABASE_URL, poolMax: env.DB_POOL_MAX });
  const repos = createRepositories(db);
  const queues = createQueues(env.REDIS_URL, env.QUEUE_PREFIX);
  const metrics = createMetrics();
  const inference = createInferenceService({
    models: repos.models,
    log: log.child({ component: 'inference' }),
    registry: metrics.registry,
    pollIntervalMs: env.MODEL_POLL_INTERVAL_MS,
  });
  const ctx: HandlerContext = {
    env,
    repos,
    broker: overrides.broker ?? new SimulatedBroker(repos),
    jobs: createJobPort(queues),
    metrics,
    inference,
    log,
    crash: overrides.crash ?? processKillAt(env.ZOMMA_CRASH_AT),
    now: overrides.now ?? (() => new Date()),
  };
  if (env.ZOMMA_CRASH_AT) log.warn({ crashAt: env.ZOMMA_CRASH_AT }, 'fault injection armed');

  let workers: Worker[] = [];
  let server: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await Promise.allSettled(workers.map((w) => w.close()));
      await inference.close().catch(() => {});
      await server?.close().catch(() => {});
      await queues.close();
      await db.close();
    })();
    return closing;
  };

  try {
    workers = createJobWorkers({ env, queues, ctx, handlers: HANDLERS, metrics });
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    if (env.WORKER_SCHEDULERS === 'on') {
      const ids = await upsertSchedulers(queues, env);
      log.info({ schedulers: ids }, 'schedulers upserted');
    }
    server = await startMetricsServer(metrics.registry, env.WORKER_METRICS_PORT, async () => {
      const pong = await queues.connection.ping().catch(() => null);
      return pong === 'PONG' && workers.every((w) => w.isRunning());
    });
  } catch (error) {
    await close();
    throw error;
  }
  return { metricsPort: server.port, queues, log, close };
}
