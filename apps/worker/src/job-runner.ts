import {
  AppError,
  isAppError,
  JOBS,
  type JobName,
  type JobPayload,
  QUEUES,
  type QueueName,
} from '@zomma/contracts';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { WorkerEnv } from './env.ts';
import type { HandlerContext, JobMeta } from './handler-context.ts';
import type { WorkerMetrics } from './metrics.ts';
import type { QueueSet } from './queues.ts';

/** One handler per job name; the payload is the definition's parsed type. */
export type HandlerMap = {
  [N in JobName]: (ctx: HandlerContext, payload: JobPayload<N>, meta: JobMeta) => Promise<unknown>;
};

function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

/**
 * Re-validates the payload with the job definition (it may have been written by anything
 * that can reach Redis) and runs the handler. Unknown names and bad payloads are
 * INVALID_JOB_PAYLOAD, which is not retryable.
 */
export async function dispatchJob(
  handlers: HandlerMap,
  queue: QueueName,
  ctx: HandlerContext,
  job: { name: string; data: unknown; meta: JobMeta },
): Promise<unknown> {
  if (!isJobName(job.name) || JOBS[job.name].queue !== queue) {
    throw new AppError('INVALID_JOB_PAYLOAD', `no job ${job.name} on queue ${queue}`, { job: job.name });
  }
  return run(handlers, job.name, job.data, ctx, job.meta);
}

function run<N extends JobName>(
  handlers: HandlerMap,
  name: N,
  data: unknown,
  ctx: HandlerContext,
  meta: JobMeta,
): Promise<unknown> {
  const payload = JOBS[name].parse(data) as JobPayload<N>;
  const handler: HandlerMap[N] = handlers[name];
  return handler(ctx, payload, meta);
}

/**
 * Starts the failedReason of every job failed as unrecoverable, so the reconciler can tell it
 * from one that ran out of retryable attempts (and must not retry it).
 */
export const UNRECOVERABLE_MARK = 'unrecoverable: ';

/** Non-retryable AppErrors (CORRUPT_DATA among them) and UnrecoverableErrors must not be retried. */
export function isUnrecoverable(error: unknown): boolean {
  if (error instanceof UnrecoverableError) return true;
  return isAppError(error) && !error.retryable;
}

function describe(error: unknown): string {
  if (isAppError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function metaOf(job: Job): JobMeta {
  return {
    id: job.id ?? '',
    name: job.name,
    timestamp: job.timestamp,
    delay: job.opts.delay ?? 0,
    attemptsMade: job.attemptsMade,
  };
}

/** A BullMQ Worker per queue, all on the shared connection and prefix. */
export function createJobWorkers(args: {
  env: WorkerEnv;
  queues: QueueSet;
  ctx: HandlerContext;
  handlers: HandlerMap;
  metrics: WorkerMetrics;
}): Worker[] {
  const { env, queues, ctx, handlers, metrics } = args;
  return QUEUES.map((queue) => {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const started = performance.now();
        const log = ctx.log.child({ queue, jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 });
        const seconds = () => (performance.now() - started) / 1000;
        try {
          const run = { name: job.name, data: job.data as unknown, meta: metaOf(job) };
          const result = await dispatchJob(handlers, queue, { ...ctx, log }, run);
          metrics.observeJob(job.name, 'completed', seconds());
          log.info({ durationMs: Math.round(seconds() * 1000) }, 'job completed');
          return result ?? null;
        } catch (error) {
          const durationMs = Math.round(seconds() * 1000);
          if (isUnrecoverable(error)) {
            metrics.observeJob(job.name, 'failed', seconds());
            log.error({ err: error, durationMs }, 'job failed (not retryable)');
            throw new UnrecoverableError(`${UNRECOVERABLE_MARK}${describe(error)}`);
          }
          const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          metrics.observeJob(job.name, lastAttempt ? 'failed' : 'retry', seconds());
          log.warn({ err: error, durationMs, lastAttempt }, 'job attempt failed');
          throw error;
        }
      },
      {
        connection: queues.connection,
        prefix: queues.prefix,
        concurrency: queue === 'orders' ? 4 : 1,
        lockDuration: env.WORKER_LOCK_DURATION_MS,
        stalledInterval: env.STALLED_INTERVAL_MS,
        maxStalledCount: 3,
      },
    );
    worker.on('error', (err) => ctx.log.error({ err, queue }, 'worker error'));
    return worker;
  });
}
