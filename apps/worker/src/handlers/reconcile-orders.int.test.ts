import { ExecuteOrderJob } from '@zomma/contracts';
import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobPort } from '../job-port.ts';
import { createQueues, type QueueSet } from '../queues.ts';
import { createNewOrder, insertQuote } from '../testing/fixtures.ts';
import { dropPrefix, TEST_REDIS_URL, uniquePrefix } from '../testing/redis-prefix.ts';
import { testContext, testEnv } from '../testing/test-context.ts';
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
    expect(await reconcileOrders(ctx(now), {})).toEqual({ stale: 0, enqueued: 0, retried: 0 });
    const inTwoMinutes = new Date(now.getTime() + 120_000);
    expect(await reconcileOrders(ctx(inTwoMinutes), {})).toEqual({ stale: 1, enqueued: 1, retried: 0 });
    expect(await reconcileOrders(ctx(inTwoMinutes), {})).toEqual({ stale: 1, enqueued: 0, retried: 0 });

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
});
