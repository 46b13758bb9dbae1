import { describe, expect, it } from 'vitest';
import {
  type BreakerConfig,
  type BreakerSet,
  createBreakerSet,
  evaluate,
  type Observation,
} from './index.ts';

const T0 = new Date('2026-03-02T14:30:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const probation = { successfulOrders: 3 };

/** Single-breaker set, evaluated once at `now`; returns the status and events. */
function once(config: BreakerConfig, obs: Observation, now = T0, hwm?: number) {
  return evaluate(createBreakerSet([config], hwm), obs, now);
}
const statusOf = (s: BreakerSet) => s.breakers[0]?.status;

// Each breaker's boundary, measured through `evaluate` on a fresh closed set.
describe('trip boundaries (just inside / at / beyond the limit)', () => {
  const rows: {
    name: string;
    config: BreakerConfig;
    obs: Observation;
    hwm?: number;
    trips: boolean;
    measured: number;
  }[] = [
    // DAILY_LOSS: limit 1000; trips only when P&L < −1000.
    ...[
      [-999, false],
      [-1000, false],
      [-1001, true],
    ].map(([pnl, trips]) => ({
      name: `daily P&L ${pnl}`,
      config: { kind: 'DAILY_LOSS', limit: 1000, probation } as const,
      obs: { dailyPnl: { realized: -400, unrealized: (pnl as number) + 400 } },
      trips: trips as boolean,
      measured: -(pnl as number),
    })),
    // DRAWDOWN 10% of a 100 000 mark: trips below 90 000.
    ...[
      [90_001, false],
      [90_000, false],
      [89_999, true],
    ].map(([eq, trips]) => ({
      name: `equity ${eq} vs mark 100000 (fraction)`,
      config: { kind: 'DRAWDOWN', limit: 0.1, unit: 'fraction', probation } as const,
      obs: { equity: eq as number },
      hwm: 100_000,
      trips: trips as boolean,
      measured: (100_000 - (eq as number)) / 100_000,
    })),
    ...[
      [95_001, false],
      [95_000, false],
      [94_999, true],
    ].map(([eq, trips]) => ({
      name: `equity ${eq} vs mark 100000 (currency 5000)`,
      config: { kind: 'DRAWDOWN', limit: 5000, unit: 'currency', probation } as const,
      obs: { equity: eq as number },
      hwm: 100_000,
      trips: trips as boolean,
      measured: 100_000 - (eq as number),
    })),
    // CONSECUTIVE_LOSSES 3: two, three, four trailing losses (a win before them).
    ...[2, 3, 4].map((n) => ({
      name: `${n} losses in a row`,
      config: { kind: 'CONSECUTIVE_LOSSES', limit: 3, probation } as const,
      obs: {
        closedTrades: [
          { closedAt: at(-100 * MIN), pnl: 50 },
          ...Array.from({ length: n }, (_, i) => ({ closedAt: at(-(n - i) * MIN), pnl: -10 })),
        ],
      },
      trips: n >= 3,
      measured: n,
    })),
    // ORDER_REJECT_RATE 20% over 10 min, min 10 orders: 2/10, 3/10 (and 2/10 = limit exactly).
    ...[
      [1, false],
      [2, false],
      [3, true],
    ].map(([bad, trips]) => ({
      name: `${bad}/10 rejected`,
      config: {
        kind: 'ORDER_REJECT_RATE',
        limit: 0.2,
        windowMs: 10 * MIN,
        minSample: 10,
        probation,
      } as const,
      obs: {
        orders: Array.from({ length: 10 }, (_, i) => ({
          at: at(-i * MIN),
          outcome: i < (bad as number) ? (i % 2 ? 'error' : 'rejected') : 'filled',
        })) as Observation['orders'],
      },
      trips: trips as boolean,
      measured: (bad as number) / 10,
    })),
    // DATA_STALENESS 5 s, measured from the quote's own time.
    ...[4999, 5000, 5001].map((age) => ({
      name: `quote ${age} ms old`,
      config: { kind: 'DATA_STALENESS', limitMs: 5000, probation } as const,
      obs: { latestQuoteAt: at(-age) },
      trips: age > 5000,
      measured: age,
    })),
    // MODEL_HEALTH min score 0.7, plus the drift flag alone.
    ...[
      [0.71, false, false],
      [0.7, false, false],
      [0.69, false, true],
      [0.95, true, true],
    ].map(([score, drift, trips]) => ({
      name: `model score ${score} drift ${drift}`,
      config: { kind: 'MODEL_HEALTH', minScore: 0.7, probation } as const,
      obs: { model: { score: score as number, drift: drift as boolean } },
      trips: trips as boolean,
      measured: score as number,
    })),
  ];
  it.each(rows)('$name → trips: $trips', ({ config, obs, hwm, trips, measured }) => {
    const { state, events } = once(config, obs, T0, hwm);
    expect(statusOf(state)).toBe(trips ? 'open' : 'closed');
    expect(state.breakers[0]?.last?.measured).toBeCloseTo(measured, 12);
    expect(events).toHaveLength(trips ? 1 : 0);
    if (trips) {
      expect(events[0]).toMatchObject({
        breaker: config.kind,
        from: 'closed',
        to: 'open',
        at: T0,
        actor: 'system',
      });
      expect(events[0]?.measured).toBeCloseTo(measured, 12);
      expect(events[0]?.limit).toBe(state.breakers[0]?.last?.limit);
    }
  });

  it('rate breaker is not measured below the minimum sample, even at 100% rejects', () => {
    const config: BreakerConfig = {
      kind: 'ORDER_REJECT_RATE',
      limit: 0.2,
      windowMs: 10 * MIN,
      minSample: 10,
      probation,
    };
    const nine = Array.from({ length: 9 }, (_, i) => ({ at: at(-i * MIN), outcome: 'rejected' as const }));
    const { state, events } = once(config, { orders: nine });
    expect(statusOf(state)).toBe('closed');
    expect(state.breakers[0]?.last).toBeUndefined();
    expect(events).toEqual([]);
    // Orders outside the sliding window do not count towards the sample.
    const old = [...nine, { at: at(-10 * MIN), outcome: 'rejected' as const }];
    expect(statusOf(once(config, { orders: old }).state)).toBe('closed');
    const inside = [...nine, { at: at(-10 * MIN + 1), outcome: 'rejected' as const }];
    expect(statusOf(once(config, { orders: inside }).state)).toBe('open');
  });

  it('high-water mark follows the highest equity seen; drawdown is measured from it', () => {
    const config: BreakerConfig = { kind: 'DRAWDOWN', limit: 0.1, unit: 'fraction', probation };
    let s = createBreakerSet([config]);
    for (const [i, equity] of [100_000, 120_000, 110_000].entries())
      s = evaluate(s, { equity }, at(i * MIN)).state;
    expect(s.highWaterMark).toBe(120_000);
    expect(statusOf(s)).toBe('closed');
    const r = evaluate(s, { equity: 107_999 }, at(5 * MIN)); // 10.0008% below 120 000
    expect(statusOf(r.state)).toBe('open');
    expect(r.events[0]?.measured).toBeCloseTo(12_001 / 120_000, 12);
  });
});
