import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { createRng } from '@zomma/engine/rng';
import { DEFAULT_SIM_PARAMS } from '@zomma/engine/sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext, testEnv } from '../testing/test-context.ts';
import { MAX_STEP_INTERVALS, marketTick, tickSeed, tickTime } from './market-tick.handler.ts';

const INTERVAL = 2000;
const MS_PER_YEAR = 365 * 86_400_000;
const meta = (scheduledMs: number) => ({
  id: 'j',
  name: 'market.tick',
  timestamp: scheduledMs,
  delay: 0,
  attemptsMade: 0,
});

/** GBM price step written out independently of the engine: S·exp((μ − σ²/2)dt + σ√dt·z₁). */
function expectedPrice(price: number, vol: number, dtMs: number, seed: number): number {
  const z1 = createRng(seed).normal();
  const dt = dtMs / MS_PER_YEAR;
  return price * Math.exp((DEFAULT_SIM_PARAMS.drift - 0.5 * vol * vol) * dt + vol * Math.sqrt(dt) * z1);
}

describe('market.tick', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('truncates the job time to the tick slot', () => {
    expect(tickTime({ timestamp: 1_000_003_999, delay: 0 }, 2000).getTime()).toBe(1_000_002_000);
    expect(tickTime({ timestamp: 1_000_000_000, delay: 2500 }, 2000).getTime()).toBe(1_000_002_000);
  });

  it('starts at 100 / 0.25, steps by GBM with a seeded draw, and a retried tick writes nothing new', async () => {
    const env = testEnv({ SIM_SEED: '7', TICK_INTERVAL_MS: String(INTERVAL) });
    const ctx = testContext(t.repos, { env });
    const slot = Date.UTC(2026, 2, 2, 15, 0, 0);
    const first = await marketTick(ctx, { symbol: 'ZMA' }, meta(slot + 1234));
    expect(first.written).toBe(true);
    expect(first.at).toBe(new Date(slot).toISOString());
    const p1 = expectedPrice(100, 0.25, INTERVAL, tickSeed(7, 'ZMA', new Date(slot)));
    expect(Number(first.price)).toBeCloseTo(p1, 6);
    expect(Number(first.vol)).toBeGreaterThan(0);

    const retry = await marketTick(ctx, { symbol: 'ZMA' }, meta(slot + 1234));
    expect(retry).toEqual({ ...first, written: false });
    expect(await t.repos.market.recentQuotes('ZMA', 10)).toHaveLength(1);

    // Three slots later: dt is the elapsed time from the stored quote, state is the stored quote.
    const later = slot + 3 * INTERVAL;
    const second = await marketTick(ctx, { symbol: 'ZMA' }, meta(later));
    const p2 = expectedPrice(
      Number(first.price),
      Number(first.vol),
      3 * INTERVAL,
      tickSeed(7, 'ZMA', new Date(later)),
    );
    expect(Number(second.price)).toBeCloseTo(p2, 6);
    expect(await t.repos.market.recentQuotes('ZMA', 10)).toHaveLength(2);

    // A long outage is capped: one step never covers more than MAX_STEP_INTERVALS ticks.
    const dayLater = later + 86_400_000;
    const third = await marketTick(ctx, { symbol: 'ZMA' }, meta(dayLater));
    const p3 = expectedPrice(
      Number(second.price),
      Number(second.vol),
      MAX_STEP_INTERVALS * INTERVAL,
      tickSeed(7, 'ZMA', new Date(dayLater)),
    );
    expect(Number(third.price)).toBeCloseTo(p3, 6);
  });

  it('is deterministic per seed and slot across databases, and differs across seeds', async () => {
    const other = await createTestDatabase();
    try {
      const slot = Date.UTC(2026, 5, 1);
      const a = await marketTick(
        testContext(other.repos, { env: testEnv({ SIM_SEED: '7' }) }),
        { symbol: 'ABC' },
        meta(slot),
      );
      const again = await createTestDatabase();
      try {
        const b = await marketTick(
          testContext(again.repos, { env: testEnv({ SIM_SEED: '7' }) }),
          { symbol: 'ABC' },
          meta(slot),
        );
        const c = await marketTick(
          testContext(again.repos, { env: testEnv({ SIM_SEED: '8' }) }),
          { symbol: 'XYZ' },
          meta(slot),
        );
        expect(b.price).toBe(a.price);
        expect(b.vol).toBe(a.vol);
        expect(c.price).not.toBe(a.price);
      } finally {
        await again.drop();
      }
    } finally {
      await other.drop();
    }
  });
});
