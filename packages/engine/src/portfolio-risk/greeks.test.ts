import { describe, expect, it } from 'vitest';
import { type PositionLeg, positionValue, type Scenario } from '../portfolio/position.ts';
import { portfolioGreeks } from './greeks.ts';
import { asOf, book, markets, mixedLegs, option, stock, volOf } from './test-book.ts';

const scen = (o: Partial<Scenario>): Scenario => ({ spotMove: 0, volShift: 0, daysForward: 0, ...o });
const value = (legs: PositionLeg[], u: string, s: Partial<Scenario>): number => {
  const m = markets[u];
  if (m === undefined) throw new Error(u);
  return positionValue(
    legs.filter((l) => l.instrument.underlying === u),
    m,
    asOf,
    scen(s),
    volOf,
  );
};

/** |a − b| ≤ rel·max(|b|, 1) (currency figures here are O(10..10⁴)). */
const close = (a: number | undefined, b: number, rel: number): void => {
  expect(Math.abs((a ?? Number.NaN) - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1));
};

describe('portfolioGreeks vs finite differences of positionValue', () => {
  const legs = mixedLegs();
  const g = portfolioGreeks(book(legs), { spot: 500, betas: { AAA: 1.3, BBB: 0.8 } });

  it.each(['AAA', 'BBB'])('%s: delta, gamma, vega per vol point, theta per day', (u) => {
    const got = g.byUnderlying.find((x) => x.underlying === u);
    const S = markets[u]?.spot ?? Number.NaN;
    if (got === undefined) throw new Error('missing');
    const h = 1e-4;
    const up = value(legs, u, { spotMove: h });
    const dn = value(legs, u, { spotMove: -h });
    const v0 = value(legs, u, {});
    // Central differences: truncation ~speed·(S·h)²/6 ≈ 2e-7 relative (short-dated options),
    // rounding ~1e-10 (delta), ~1e-7 (gamma, divided by (S·h)²).
    close(got.delta, (up - dn) / (2 * S * h), 1e-6);
    close(got.gamma, (up - 2 * v0 + dn) / (S * h) ** 2, 1e-5);
    expect(got.dollarDelta).toBeCloseTo(got.delta * S, 9);
    const dv = 1e-4;
    const vega = ((value(legs, u, { volShift: dv }) - value(legs, u, { volShift: -dv })) / (2 * dv)) * 0.01;
    close(got.vega, vega, 1e-6); // AAA vega nets to ~0.7: truncation ~4e-7 absolute
    const dd = 1e-3;
    const theta = (value(legs, u, { daysForward: dd }) - value(legs, u, { daysForward: -dd })) / (2 * dd);
    close(got.theta, theta, 1e-6);
  });

  it('totals are sums and beta-weighted delta/gamma are derivatives in the benchmark price', () => {
    const { total, byUnderlying } = g;
    const sum = (f: (x: (typeof byUnderlying)[number]) => number): number =>
      byUnderlying.reduce((a, x) => a + f(x), 0);
    expect(total.vega).toBeCloseTo(
      sum((x) => x.vega),
      9,
    );
    expect(total.theta).toBeCloseTo(
      sum((x) => x.theta),
      9,
    );
    expect(total.dollarDelta).toBeCloseTo(
      sum((x) => x.dollarDelta),
      9,
    );
    // Benchmark at 500 moves by m (relative); each underlying moves β·m.
    const bench = (m: number): number =>
      value(legs, 'AAA', { spotMove: 1.3 * m }) + value(legs, 'BBB', { spotMove: 0.8 * m });
    const h = 1e-4;
    const dS = 500 * h;
    close(total.betaWeightedDelta, (bench(h) - bench(-h)) / (2 * dS), 1e-6);
    close(total.betaWeightedGamma, (bench(h) - 2 * bench(0) + bench(-h)) / dS ** 2, 1e-5);
    expect(total.betaWeightedDollarDelta).toBeCloseTo((total.betaWeightedDelta ?? Number.NaN) * 500, 6);
    // dollarGamma1Pct is the gamma P&L of a 1% move: ≈ the symmetric part of the 1% revaluation.
    const oneUp = value(legs, 'AAA', { spotMove: 0.01 }) + value(legs, 'AAA', { spotMove: -0.01 });
    const aaa = byUnderlying.find((x) => x.underlying === 'AAA');
    expect(aaa?.dollarGamma1Pct).toBeCloseTo((oneUp - 2 * value(legs, 'AAA', {})) / 2, 1);
  });
});

describe('portfolioGreeks hand example', () => {
  it('stock and an expiring in-the-money call, beta-weighted to a benchmark at 500', () => {
    // 100 shares of BBB at 250 (β 1.2) and one BBB 240 call contract expiring now (t = 0):
    // the call is intrinsic, delta 1 per share → 100 shares; gamma, vega 0.
    // delta = 200 shares; dollar delta = 200·250 = 50 000;
    // beta-weighted delta = 200·250·1.2/500 = 120 benchmark shares (60 000 beta dollars).
    const g = portfolioGreeks(book([stock('BBB', 100), option('BBB', 'call', 240, 0, 1)]), {
      spot: 500,
      betas: { BBB: 1.2 },
    });
    const [b] = g.byUnderlying;
    expect(b?.delta).toBe(200);
    expect(b?.gamma).toBe(0);
    expect(b?.vega).toBe(0);
    expect(g.total.dollarDelta).toBe(50_000);
    expect(g.total.betaWeightedDelta).toBeCloseTo(120, 12);
    expect(g.total.betaWeightedDollarDelta).toBeCloseTo(60_000, 9);
  });

  it('long calls have positive gamma and vega and negative theta; no benchmark → no beta fields', () => {
    const g = portfolioGreeks(book([option('AAA', 'call', 100, 30, 1)]));
    expect(g.total.vega).toBeGreaterThan(0);
    expect(g.total.theta).toBeLessThan(0);
    expect(g.total.dollarGamma1Pct).toBeGreaterThan(0);
    expect(g.total.betaWeightedDelta).toBeUndefined();
  });

  it('fails fast on a missing beta or market', () => {
    expect(() => portfolioGreeks(book([stock('AAA', 1)]), { spot: 500, betas: {} })).toThrow(/beta/);
    expect(() => portfolioGreeks(book([stock('ZZZ', 1)]))).toThrow(/market/);
  });
});
