import { ExecuteOrderJob } from '@zomma/contracts';
import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_POINTS, type CrashPoint } from './crash-points.ts';
import { createJobPort } from './job-port.ts';
import { createQueues, type QueueSet } from './queues.ts';
import { type ChildWorker, spawnWorker } from './testing/child-worker.ts';
import { createNewOrder, insertQuote } from './testing/fixtures.ts';
import { dropPrefix, TEST_REDIS_URL, uniquePrefix, waitFor } from './testing/redis-prefix.ts';

// The acceptance test: a real worker process is SIGKILLed in the middle of executing
// an order, a fresh process picks the stalled job up, and the order ends up executed once.
const STATE_AT_DEATH: Record<CrashPoint, { status: string; atBroker: number }> = {
  'after-mark-submitting': { status: 'SUBMITTING', atBroker: 0 },
  'before-broker-submit': { status: 'SUBMITTING', atBroker: 0 },
  'after-broker-submit': { status: 'SUBMITTING', atBroker: 1 },
  'after-mark-accepted': { status: 'ACCEPTED', atBroker: 1 },
  'after-book-fills': { status: 'FILLED', atBroker: 1 },
};

describe('order execution survives SIGKILL of the worker process', () => {
  let t: TestDatabase;
  const children: ChildWorker[] = [];
  const opened: { queues: QueueSet; prefix: string }[] = [];

  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.kill()));
    for (const { queues, prefix } of opened.splice(0)) {
      await queues.close();
      await dropPrefix(prefix);
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  function start(prefix: string, extra: Record<string, string> = {}): ChildWorker {
    const child = spawnWorker(
      {
        DATABASE_URL: t.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        WORKER_METRICS_PORT: '0',
        WORKER_SCHEDULERS: 'off',
        STALLED_INTERVAL_MS: '500',
        WORKER_LOCK_DURATION_MS: '1500',
        DB_POOL_MAX: '3',
        LOG_LEVEL: 'info',
        ...extra,
      },
      process.env,
    );
    children.push(child);
    return child;
  }

  it.each(CRASH_POINTS)('crash at %s → restart → executed exactly once', async (point: CrashPoint) => {
    const now = new Date();
    await insertQuote(t.repos, { at: now, price: '100', vol: '0.25' });
    const order = await createNewOrder(t.repos, { now, quantity: 2 });
    const prefix = uniquePrefix(`crash-${point}`);
    const queues = createQueues(TEST_REDIS_URL, prefix);
    opened.push({ queues, prefix });

    const doomed = start(prefix, { ZOMMA_CRASH_AT: point });
    await doomed.ready;
    const jobId = await createJobPort(queues).enqueue(ExecuteOrderJob, { orderId: order.orderId });
    const death = await doomed.exited;
    expect(death.signal).toBe('SIGKILL');
    // It died exactly where it was told to: the durable state matches that step.
    expect({
      status: (await t.repos.orders.get(order.orderId)).status,
      atBroker: await t.db.prisma.simBrokerOrder.count({ where: { clientOrderId: order.clientOrderId } }),
    }).toEqual(STATE_AT_DEATH[point]);

    const survivor = start(prefix);
    await survivor.ready;
    await waitFor(
      'the order to be FILLED and its job completed',
      async () => {
        const o = await t.repos.orders.get(order.orderId);
        const job = await queues.queueFor('orders').getJob(jobId);
        const state = await job?.getState();
        return o.status === 'FILLED' && state === 'completed' ? true : undefined;
      },
      30_000,
      100,
    );

    const p = t.db.prisma;
    expect(await p.simBrokerOrder.count({ where: { clientOrderId: order.clientOrderId } })).toBe(1);
    const fills = await p.fill.findMany({ where: { orderId: order.orderId }, select: { orderLegId: true } });
    const legs = (await t.repos.orders.get(order.orderId)).legs;
    expect(fills).toHaveLength(legs.length);
    expect(new Set(fills.map((f) => f.orderLegId))).toEqual(new Set(legs.map((l) => l.id)));
    expect(await p.auditEvent.count({ where: { action: 'order.fill', entityId: order.orderId } })).toBe(1);
    // Fills of this order alone (other tests' orders share contracts in this database).
    for (const leg of legs) {
      const booked = await p.fill.findMany({
        where: { orderLegId: leg.id },
        select: { quantity: true, side: true },
      });
      const signed = booked.reduce((acc, f) => acc + (f.side === 'BUY' ? 1 : -1) * f.quantity, 0);
      expect(signed).toBe((leg.side === 'BUY' ? 1 : -1) * 2 * leg.ratio);
    }
    expect(jobId).toBe(`orders.execute--${order.orderId}`);

    survivor.child.kill('SIGTERM');
    const exit = await survivor.exited;
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
