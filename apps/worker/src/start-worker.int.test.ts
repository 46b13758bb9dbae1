import { ExecuteOrderJob } from '@zomma/contracts';
import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobPort } from './job-port.ts';
import { type RunningWorker, startWorker } from './start-worker.ts';
import { createNewOrder, insertQuote } from './testing/fixtures.ts';
import { dropPrefix, TEST_REDIS_URL, uniquePrefix, waitFor } from './testing/redis-prefix.ts';
import { testEnv } from './testing/test-context.ts';

// The real wiring (real handlers, real repositories, real broker) in-process.
describe('startWorker', () => {
  let t: TestDatabase;
  let worker: RunningWorker;
  const prefix = uniquePrefix('start');

  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    worker = await startWorker(
      testEnv({
        DATABASE_URL: t.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        WORKER_METRICS_PORT: '0',
        WORKER_SCHEDULERS: 'off',
        DB_POOL_MAX: '2',
      }),
    );
  });
  afterAll(async () => {
    await worker?.close();
    await dropPrefix(prefix);
    await t?.drop();
  });

  async function settled(queue: 'market' | 'orders', jobId: string): Promise<Job> {
    return waitFor(`job ${jobId}`, async () => {
      const job = await worker.queues.queueFor(queue).getJob(jobId);
      const state = await job?.getState();
      // Read the job again once it is final: the first read may predate the final write.
      return state === 'completed' || state === 'failed'
        ? worker.queues.queueFor(queue).getJob(jobId)
        : undefined;
    });
  }

  it('fails raw bad payloads as unrecoverable without touching the database', async () => {
    await worker.queues
      .queueFor('market')
      .add(
        'market.tick',
        { symbol: 'lower' },
        { jobId: 'bad-tick', attempts: 5, backoff: { type: 'fixed', delay: 10 } },
      );
    await worker.queues
      .queueFor('orders')
      .add('orders.execute', { orderId: 'not-a-uuid' }, { jobId: 'bad-order', attempts: 5 });
    for (const [queue, id] of [
      ['market', 'bad-tick'],
      ['orders', 'bad-order'],
    ] as const) {
      const job = await settled(queue, id);
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).toMatch(/^unrecoverable: INVALID_JOB_PAYLOAD/);
    }
    expect(await t.db.prisma.underlyingQuote.count()).toBe(0);
    expect(await t.db.prisma.simBrokerOrder.count()).toBe(0);
    expect(await t.db.prisma.auditEvent.count({ where: { action: { startsWith: 'order.' } } })).toBe(0);
  });

  it('executes an enqueued order end to end; enqueueing it again changes nothing', async () => {
    const now = new Date();
    await insertQuote(t.repos, { at: now });
    const order = await createNewOrder(t.repos, { now, quantity: 1 });
    const port = createJobPort(worker.queues);
    const jobId = await port.enqueue(ExecuteOrderJob, { orderId: order.orderId });
    expect(await (await settled('orders', jobId)).getState()).toBe('completed');
    expect((await t.repos.orders.get(order.orderId)).status).toBe('FILLED');
    await port.enqueue(ExecuteOrderJob, { orderId: order.orderId });
    expect(await port.ensureQueued(ExecuteOrderJob, { orderId: order.orderId })).toBe('enqueued');
    await waitFor('the second run', async () =>
      (await (await worker.queues.queueFor('orders').getJob(jobId))?.getState()) === 'completed'
        ? true
        : undefined,
    );
    expect(await t.db.prisma.simBrokerOrder.count({ where: { clientOrderId: order.clientOrderId } })).toBe(1);
    expect(await t.db.prisma.fill.count({ where: { orderId: order.orderId } })).toBe(3);
    expect(
      await t.db.prisma.auditEvent.count({ where: { action: 'order.fill', entityId: order.orderId } }),
    ).toBe(1);
  });

  it('reports healthy on /healthz', async () => {
    const res = await fetch(`http://127.0.0.1:${worker.metricsPort}/healthz`);
    expect(res.status).toBe(200);
  });
});
