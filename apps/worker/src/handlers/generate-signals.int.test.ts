import { AppError, type Signal } from '@zomma/contracts';
import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertQuote } from '../testing/fixtures.ts';
import { testContext, testEnv } from '../testing/test-context.ts';
import { generateSignals, logReturns } from './generate-signals.handler.ts';

const T0 = Date.UTC(2026, 2, 2, 15, 0, 0);
const TTL = 600_000;

/** 61 quotes two seconds apart; the price drifts from 100 to `last` linearly. */
async function seedQuotes(t: TestDatabase, last: number): Promise<Date> {
  let at = new Date(T0);
  for (let i = 0; i <= 60; i++) {
    at = new Date(T0 + i * 2000);
    await insertQuote(t.repos, { at, price: (100 + ((last - 100) * i) / 60).toFixed(6), vol: '0.25' });
  }
  return at;
}

const sign = (side: string) => (side === 'BUY' ? 1 : -1);
/** Per-share analytics recomputed from the stored leg strings. */
function fromLegs(signal: Signal) {
  const net = signal.legs.reduce((acc, l) => acc + sign(l.side) * l.ratio * Number(l.mid), 0);
  const delta = signal.legs.reduce((acc, l) => acc + sign(l.side) * l.ratio * Number(l.delta), 0);
  return { net, delta };
}

describe('signals.generate', () => {
  const now = new Date(T0 + 200_000);
  const payload = { symbol: 'ZMA', modelName: 'signal-rule', requestedBy: null };

  it('logReturns turns newest-first prices into oldest-first log returns', () => {
    const r = logReturns([{ price: '121' }, { price: '110' }, { price: '100' }]);
    expect(r).toHaveLength(2);
    expect(r[0]).toBeCloseTo(Math.log(1.1), 12);
    expect(r[1]).toBeCloseTo(Math.log(1.1), 12);
  });

  describe('on a flat market', () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ seed: true, now });
    });
    afterAll(async () => {
      await t?.drop();
    });

    it('fails with retryable NO_MARKET_DATA before the first quote', async () => {
      const error = await generateSignals(testContext(t.repos), payload).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('NO_MARKET_DATA');
      expect((error as AppError).retryable).toBe(true);
    });

    it('fails with MODEL_NOT_FOUND for a model without a champion', async () => {
      const error = await generateSignals(testContext(t.repos), { ...payload, modelName: 'nope' }).catch(
        (e: unknown) => e,
      );
      expect((error as AppError).code).toBe('MODEL_NOT_FOUND');
    });

    it('writes one iron condor whose dollars agree with its legs, once per quote', async () => {
      const lastAt = await seedQuotes(t, 100);
      const ctx = testContext(t.repos, { now: () => now, env: testEnv({ SIGNAL_TTL_MS: String(TTL) }) });
      const first = await generateSignals(ctx, payload);
      const second = await generateSignals(ctx, payload);
      if (!first.created || !second.created) throw new Error('expected a signal');
      expect(second.signalId).toBe(first.signalId);
      const champion = await t.repos.models.champion('signal-rule');
      expect(first.dedupeKey).toBe(`${champion.id}:ZMA:${lastAt.toISOString()}`);
      expect(await t.repos.signals.list({ limit: 10 })).toHaveLength(1);

      const s = await t.repos.signals.get(first.signalId);
      expect(s.status).toBe('PENDING');
      expect(s.strategy).toBe('IRON_CONDOR');
      expect(s.asOf).toEqual(lastAt);
      expect(s.expiresAt).toEqual(new Date(now.getTime() + TTL));
      expect(s.quantity).toBe(2);
      expect(s.legs).toHaveLength(4);
      const { net, delta } = fromLegs(s);
      expect(Number(s.netDebit)).toBeCloseTo(net, 5);
      expect(net).toBeLessThan(0); // a condor is sold for a credit
      // Equal 5-wide wings: max profit = credit, max loss = wing − credit (per share, × 100).
      const strikes = s.legs.map((l) => Number(l.strike)).sort((a, b) => a - b);
      const wing = (strikes[1] ?? 0) - (strikes[0] ?? 0);
      expect(wing).toBe(5);
      expect(Number(s.maxProfit)).toBeCloseTo(-net * 100, 3);
      expect(Number(s.maxLoss)).toBeCloseTo((wing + net) * 100, 3);
      expect(Number(s.delta)).toBeCloseTo(delta * 100, 3);
      // Short strikes near the 0.20 delta the champion asks for.
      for (const leg of s.legs.filter((l) => l.side === 'SELL'))
        expect(Math.abs(Number(leg.delta))).toBeLessThan(0.3);
    });
  });

  it('leans bullish (bull put spread) on strong upward momentum', async () => {
    const t = await createTestDatabase({ seed: true, now });
    try {
      await seedQuotes(t, 100.1);
      const result = await generateSignals(testContext(t.repos, { now: () => now }), payload);
      if (!result.created) throw new Error('expected a signal');
      const s = await t.repos.signals.get(result.signalId);
      expect(s.strategy).toBe('BULL_PUT_SPREAD');
      expect(s.legs.every((l) => l.right === 'PUT')).toBe(true);
      const { net } = fromLegs(s);
      const strikes = s.legs.map((l) => Number(l.strike));
      const width = Math.max(...strikes) - Math.min(...strikes);
      expect(Number(s.maxLoss)).toBeCloseTo((width + net) * 100, 3);
    } finally {
      await t.drop();
    }
  });
});
