import { AppError, ExecuteOrderJob, ExpireSignalsJob, MarketTickJob } from '@zomma/contracts';
import type { Job, Worker } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noCrash } from './crash-points.ts';
import { parseEnv } from './env.ts';
import type { HandlerContext, JobMeta } from './handler-context.ts';
import { createJobPort } from './job-port.ts';
import { createJobWorkers, type HandlerMap } from './job-runner.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { createQueues, type QueueSet } from './queues.ts';
import { dropPrefix, TEST_REDIS_URL, uniquePrefix, waitFor } from './testing/redis-prefix.ts';

// The runner's mechanics on real Redis, with recording handlers instead of the real ones
// (those are covered with a real database in handlers/*.int.test.ts).
describe('job runner', () => {
  let prefix: string;
  let queues: QueueSet;
  let workers: Worker[];
  const calls: { name: string; payload: unknown; meta: JobMeta }[] = [];
  let tickBehaviour: 'ok' | 'transient' | 'fatal' = 'ok';
  let executeBehaviour: 'ok' | 'fatal' | 'corrupt' | 'transient' = 'ok';
  const metrics = createMetrics();

  const record =
    (name: string) =>
    async (_ctx: HandlerContext, payload: unknown, meta: JobMeta): Promise<unknown> => {
      calls.push({ name, payload, meta });
      return { ok: true };
    };
  const handlers: HandlerMap = {
    'market.tick': async (_ctx, payload, meta) => {
      calls.push({ name: 'market.tick', payload, meta });
      if (tickBehaviour === 'transient') throw new AppError('NO_MARKET_DATA', 'not yet');
      if (tickBehaviour === 'fatal') throw new AppError('MODEL_NOT_FOUND', 'no model');
      return { ok: true };
    },
    'signals.generate': record('signals.generate'),
    'signals.expire': record('signals.expire'),
    'orders.execute': async (ctx, payload, meta) => {
      if (executeBehaviour === 'fatal') {
        calls.push({ name: 'orders.execute', payload, meta });
        throw new AppError('BROKER_REJECTED', 'refused');
      }
      if (executeBehaviour === 'corrupt') {
        calls.push({ name: 'orders.execute', payload, meta });
        throw new AppError('CORRUPT_DATA', 'fills add up to more than ordered');
      }
      if (executeBehaviour === 'transient') {
        calls.push({ name: 'orders.execute', payload, meta });
        throw new AppError('BROKER_UNAVAILABLE', 'not filled yet');
      }
      return record('orders.execute')(ctx, payload, meta);
    },
    'orders.reconcile': record('orders.reconcile'),
    'positions.mark': record('positions.mark'),
  };

  beforeEach(async () => {
    calls.length = 0;
    tickBehaviour = 'ok';
    executeBehaviour = 'ok';
    prefix = uniquePrefix('runner');
    const env = parseEnv({ QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', STALLED_INTERVAL_MS: '1000' });
    queues = createQueues(TEST_REDIS_URL, prefix);
    const ctx: HandlerContext = {
      env,
      // The recording handlers never touch repositories or the broker.
      repos: {} as HandlerContext['repos'],
      broker: {} as HandlerContext['broker'],
      inference: {} as HandlerContext['inference'],
      jobs: createJobPort(queues),
      metrics,
      log: createLogger('silent'),
      crash: noCrash,
      now: () => new Date(),
    };
    workers = createJobWorkers({ env, queues, ctx, handlers, metrics });
    await Promise.all(workers.map((w) => w.waitUntilReady()));
  });

  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await queues.close();
    await dropPrefix(prefix);
  });

  async function finished(queue: 'market' | 'signals' | 'orders', jobId: string): Promise<Job> {
    return waitFor(`job ${jobId} to finish`, async () => {
      const job = await queues.queueFor(queue).getJob(jobId);
      const state = await job?.getState();
      // Read the job again once it is final: the first read may predate the final write.
      return state === 'completed' || state === 'failed' ? queues.queueFor(queue).getJob(jobId) : undefined;
    });
  }

  it('runs a valid job through its handler with the parsed payload', async () => {
    const jobId = await createJobPort(queues).enqueue(MarketTickJob, { symbol: 'ZMA' });
    const job = await finished('market', jobId);
    expect(await job.getState()).toBe('completed');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.payload).toEqual({ symbol: 'ZMA' });
    expect(calls[0]?.meta.id).toBe(jobId);
  });

  it('refuses a bad payload at enqueue with a typed INVALID_JOB_PAYLOAD', async () => {
    const error = await createJobPort(queues)
      .enqueue(MarketTickJob, { symbol: 'not a ticker' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_JOB_PAYLOAD');
    expect(await queues.queueFor('market').count()).toBe(0);
  });

  it('fails a raw bad payload as unrecoverable without calling the handler', async () => {
    await queues
      .queueFor('market')
      .add(
        'market.tick',
        { symbol: 42 },
        { jobId: 'raw-bad', attempts: 5, backoff: { type: 'fixed', delay: 10 } },
      );
    const job = await finished('market', 'raw-bad');
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/INVALID_JOB_PAYLOAD/);
    expect(calls).toHaveLength(0);
  });

  it('fails a job name that does not belong to the queue as unrecoverable', async () => {
    await queues.queueFor('market').add('signals.expire', {}, { jobId: 'wrong-queue', attempts: 3 });
    const job = await finished('market', 'wrong-queue');
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(calls).toHaveLength(0);
  });

  it('retries a retryable AppError with backoff until attempts run out', async () => {
    tickBehaviour = 'transient';
    await queues
      .queueFor('market')
      .add(
        'market.tick',
        { symbol: 'ZMA' },
        { jobId: 'transient', attempts: 3, backoff: { type: 'fixed', delay: 20 } },
      );
    const job = await finished('market', 'transient');
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(3);
    expect(calls.filter((c) => c.name === 'market.tick')).toHaveLength(3);
  });

  it('does not retry a non-retryable AppError', async () => {
    tickBehaviour = 'fatal';
    await queues
      .queueFor('market')
      .add(
        'market.tick',
        { symbol: 'ZMA' },
        { jobId: 'fatal', attempts: 5, backoff: { type: 'fixed', delay: 20 } },
      );
    const job = await finished('market', 'fatal');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/MODEL_NOT_FOUND/);
  });

  it('counts jobs by name and outcome', async () => {
    const jobId = await createJobPort(queues).enqueue(ExpireSignalsJob, {});
    await finished('signals', jobId);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/zomma_worker_jobs_total\{name="signals.expire",outcome="completed"\} [1-9]/);
    expect(text).toMatch(/zomma_worker_jobs_total\{name="market.tick",outcome="failed"\} [1-9]/);
    expect(text).toMatch(
      /zomma_worker_job_duration_seconds_count\{name="signals.expire",outcome="completed"\}/,
    );
  });

  it('ensureQueued revives a job that ran out of attempts, or a completed one, under the same business id', async () => {
    executeBehaviour = 'transient';
    const port = createJobPort(queues);
    const payload = { orderId: '6f1c2d3e-4b5a-4c6d-8e7f-901234567890' };
    const jobId = ExecuteOrderJob.jobId(payload);
    // The real definition retries for minutes: one attempt here, the same id.
    await queues.queueFor('orders').add('orders.execute', payload, { jobId, attempts: 1 });
    expect(await (await finished('orders', jobId)).getState()).toBe('failed');
    // A plain re-add under the same id is swallowed by BullMQ: nothing would run again.
    await port.enqueue(ExecuteOrderJob, payload);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls.filter((c) => c.name === 'orders.execute')).toHaveLength(1);

    executeBehaviour = 'ok';
    expect(await port.ensureQueued(ExecuteOrderJob, payload)).toBe('retried');
    await waitFor('the retried job to complete', async () =>
      (await (await queues.queueFor('orders').getJob(jobId))?.getState()) === 'completed' ? true : undefined,
    );
    expect(calls.filter((c) => c.name === 'orders.execute')).toHaveLength(2);

    expect(await port.ensureQueued(ExecuteOrderJob, payload)).toBe('enqueued');
    await waitFor('the re-added job to run', async () =>
      calls.filter((c) => c.name === 'orders.execute').length === 3 ? true : undefined,
    );
  });

  it.each([
    ['a non-retryable AppError', 'fatal'],
    ['corrupt broker data (CORRUPT_DATA)', 'corrupt'],
  ] as const)(
    'ensureQueued never retries a job that failed as unrecoverable: %s',
    async (_label, behaviour) => {
      executeBehaviour = behaviour;
      const port = createJobPort(queues);
      const payload = { orderId: '7a1c2d3e-4b5a-4c6d-8e7f-901234567890' };
      const jobId = await port.enqueue(ExecuteOrderJob, payload);
      const failed = await finished('orders', jobId);
      expect(await failed.getState()).toBe('failed');
      expect(failed.attemptsMade).toBe(1); // not retried by BullMQ either
      expect(failed.failedReason).toMatch(/^unrecoverable: /);

      executeBehaviour = 'ok';
      expect(await port.ensureQueued(ExecuteOrderJob, payload)).toBe('needs-attention');
      expect(await port.ensureQueued(ExecuteOrderJob, payload)).toBe('needs-attention');
      await new Promise((r) => setTimeout(r, 200));
      expect(await (await queues.queueFor('orders').getJob(jobId))?.getState()).toBe('failed');
      expect(calls.filter((c) => c.name === 'orders.execute')).toHaveLength(1);
    },
  );
});
