import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChildWorker, spawnWorker } from './testing/child-worker.ts';
import { dropPrefix, TEST_REDIS_URL, uniquePrefix, waitFor } from './testing/redis-prefix.ts';

describe('worker process (main.ts)', () => {
  let t: TestDatabase;
  const children: ChildWorker[] = [];
  const prefixes: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.kill()));
    await Promise.all(prefixes.splice(0).map(dropPrefix));
  });
  afterAll(async () => {
    await t?.drop();
  });

  function start(vars: Record<string, string>): ChildWorker {
    const prefix = uniquePrefix('main');
    prefixes.push(prefix);
    const child = spawnWorker(
      {
        DATABASE_URL: t.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'info',
        ...vars,
      },
      process.env,
    );
    children.push(child);
    return child;
  }

  it('runs the schedulers, serves /healthz and /metrics, and exits 0 on SIGTERM within seconds', async () => {
    const child = start({
      TICK_INTERVAL_MS: '200',
      GENERATE_SIGNALS_INTERVAL_MS: '700',
      EXPIRE_SIGNALS_INTERVAL_MS: '500',
      MARK_POSITIONS_INTERVAL_MS: '300',
      RECONCILE_ORDERS_INTERVAL_MS: '500',
    });
    await child.ready;
    const ready = child.logs.find((l) => l.msg === 'worker ready');
    const port = Number(ready?.metricsPort);
    expect(port).toBeGreaterThan(0);

    // The tick scheduler drives the simulator: quotes appear in Postgres.
    await waitFor('two simulated quotes', async () =>
      (await t.repos.market.recentQuotes('ZMA', 5)).length >= 2 ? true : undefined,
    );
    // …and the generator turns them into a signal from the seeded champion.
    await waitFor('a generated signal', async () =>
      (await t.repos.signals.list({ limit: 5 })).length >= 1 ? true : undefined,
    );
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/zomma_worker_jobs_total\{name="market.tick",outcome="completed"\} [1-9]/);

    const started = Date.now();
    child.child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(child.logs.some((l) => l.msg === 'worker stopped')).toBe(true);
    expect(child.logs.filter((l) => l.msg === 'job failed (not retryable)')).toEqual([]);
  });

  it('refuses to start with fault injection in production', async () => {
    const child = start({ NODE_ENV: 'production', ZOMMA_CRASH_AT: 'after-broker-submit' });
    await expect(child.ready).rejects.toThrow(/refused in production/);
    expect((await child.exited).code).toBe(1);
  });
});
