import { ExecuteOrderJob } from '@zomma/contracts';
import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerAdapter } from '../broker/broker-adapter.ts';
import { SimulatedBroker } from '../broker/simulated-broker.ts';
import { createJobPort } from '../job-port.ts';
import { createJobWorkers } from '../job-runner.ts';
import { createMetrics } from '../metrics.ts';
import { createQueues, type QueueSet } from '../queues.ts';
import { createNewOrder, insertQuote } from '../testing/fixtures.ts';
import { dropPrefix, TEST_REDIS_URL, uniquePrefix, waitFor } from '../testing/redis-prefix.ts';
import { recordingMetrics, testContext, testEnv } from '../testing/test-context.ts';
import { HANDLERS } from './index.ts';
import { reconcileOrders } from './reconcile-orders.handler.ts';

describe('orders.reconcile', () => {
  let t: TestDatabase;
  let queues: QueueSet;
  const prefix = uniquePrefix('reconcile');

  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    queues = createQueues(TEST_REDIS_URL, prefix);
  });
  afterAll(async () => {
    await queues?.close();
    await dropPrefix(prefix);
    await t?.drop();
  });

  it('enqueues one execution job per stale order, and never a second one', async () => {
    const now = new Date();
    await insertQuote(t.repos, { at: now });
    const stale = await createNewOrder(t.repos, { now });
    const ctx = (at: Date) =>
      testContext(t.repos, {
        now: () => at,
        jobs: createJobPort(queues),
        env: testEnv({ ORDER_STALE_AFTER_MS: '60000' }),
      });

    // Just created: not stale yet.
    const none = { retried: 0, needingAttention: 0 };
    expect(await reconcileOrders(ctx(now), {})).toEqual({ stale: 0, enqueued: 0, ...none });
    const inTwoMinutes = new Date(now.getTime() + 120_000);
    expect(await reconcileOrders(ctx(inTwoMinutes), {})).toEqual({ stale: 1, enqueued: 1, ...none });
    expect(await reconcileOrders(ctx(inTwoMinutes), {})).toEqual({ stale: 1, enqueued: 0, ...none });

    const orders = queues.queueFor('orders');
    const job = await orders.getJob(ExecuteOrderJob.jobId({ orderId: stale.orderId }));
    expect(job?.name).toBe('orders.execute');
    expect(job?.data).toEqual({ orderId: stale.orderId });
    expect(await orders.getJobCounts('wait', 'delayed', 'active')).toEqual({
      wait: 1,
      delayed: 0,
      active: 0,
    });
  });

  it('also picks up an order the broker ACCEPTED that was never filled', async () => {
    const now = new Date();
    await insertQuote(t.repos, { at: now });
    const stuck = await createNewOrder(t.repos, { now });
    await t.repos.orders.markSubmitting(stuck.orderId, now);
    expect((await t.repos.orders.markAccepted(stuck.orderId, 'BRK-STUCK')).status).toBe('ACCEPTED');
    const ctx = testContext(t.repos, {
      now: () => new Date(Date.now() + 120_000),
      jobs: createJobPort(queues),
      env: testEnv({ ORDER_STALE_AFTER_MS: '60000' }),
    });

    const result = await reconcileOrders(ctx, {});
    expect(result.enqueued).toBe(1);
    const job = await queues.queueFor('orders').getJob(ExecuteOrderJob.jobId({ orderId: stuck.orderId }));
    expect(job?.data).toEqual({ orderId: stuck.orderId });
  });

  it('does not retry an order whose job failed as unrecoverable (corrupt fills): logs it and counts it', async () => {
    // A database and queues of its own: the other tests leave orders and jobs behind.
    const own = await createTestDatabase({ seed: true });
    const ownPrefix = uniquePrefix('reconcile-attention');
    const ownQueues = createQueues(TEST_REDIS_URL, ownPrefix);
    const t = own;
    const queues = ownQueues;
    const prefix = ownPrefix;
    const now = new Date();
    await insertQuote(t.repos, { at: now });
    const order = await createNewOrder(t.repos, { now, quantity: 1 });
    // A broker that reports every leg filled twice over: corrupt data.
    const sim = new SimulatedBroker(t.repos);
    const corrupt: BrokerAdapter = {
      name: 'sim',
      submit: async (req) => {
        const real = await sim.submit({ ...req, limitPrice: '1000' });
        return { ...real, fills: real.fills.map((f) => ({ ...f, quantity: f.quantity * 2 })) };
      },
      getByClientOrderId: async (id) => {
        const real = await sim.getByClientOrderId(id);
        return real && { ...real, fills: real.fills.map((f) => ({ ...f, quantity: f.quantity * 2 })) };
      },
      cancel: (id, reason) => sim.cancel(id, reason),
    };
    const workerMetrics = createMetrics();
    const env = testEnv({ QUEUE_PREFIX: prefix, ORDER_STALE_AFTER_MS: '60000' });
    const runCtx = testContext(t.repos, {
      env,
      broker: corrupt,
      jobs: createJobPort(queues),
      metrics: workerMetrics,
    });
    let workers: Worker[] = [];
    try {
      workers = createJobWorkers({ env, queues, ctx: runCtx, handlers: HANDLERS, metrics: workerMetrics });
      const jobId = await createJobPort(queues).enqueue(ExecuteOrderJob, { orderId: order.orderId });
      const failed = await waitFor('the execution job to fail', async () => {
        const job = await queues.queueFor('orders').getJob(jobId);
        return (await job?.getState()) === 'failed' ? queues.queueFor('orders').getJob(jobId) : undefined;
      });
      expect(failed?.attemptsMade).toBe(1);
      expect(failed?.failedReason).toMatch(/^unrecoverable: CORRUPT_DATA: .*more than the \d+ ordered/);
      expect((await t.repos.orders.get(order.orderId)).status).toBe('ACCEPTED');
      expect(await t.db.prisma.fill.count({ where: { orderId: order.orderId } })).toBe(0);

      const metrics = recordingMetrics();
      const reconcile = testContext(t.repos, {
        now: () => new Date(Date.now() + 120_000),
        jobs: createJobPort(queues),
        env,
        metrics,
      });
      const result = await reconcileOrders(reconcile, {});
      expect(result.needingAttention).toBe(1);
      expect(result.retried).toBe(0);
      expect(metrics.ordersNeedingAttention).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      const job = await queues.queueFor('orders').getJob(jobId);
      expect(await job?.getState()).toBe('failed');
      expect(job?.attemptsMade).toBe(1);

      // The worker's own registry exports the gauge.
      workerMetrics.setOrdersNeedingAttention(result.needingAttention);
      expect(await workerMetrics.registry.metrics()).toMatch(/^zomma_worker_orders_needing_attention 1$/m);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await ownQueues.close();
      await dropPrefix(ownPrefix);
      await own.drop();
    }
  });
});
