import { describe, expect, it } from 'vitest';
import { MS_PER_YEAR } from '../portfolio/position.ts';
import { normCdf } from '../pricing/normal.ts';
import { createRng } from '../rng.ts';
import { sliceG, sviSlice } from '../surface/svi.ts';
import { horizonPnl } from './payoff.ts';
import { chanceOfProfit, expectedPnl, lognormalHorizon, sliceHorizon } from './probability.ts';
import { built, ctx, market } from './strategy-fixtures.test-helper.ts';

const VOL = 0.3;
const drift = market.rate - market.dividendYield;
const distFor = (name: Parameters<typeof built>[0]) => {
  const legs = built(name);
  const t = horizonPnl(legs, ctx).tYears;
  return { legs, t, dist: lognormalHorizon(market.spot, VOL, t, drift) };
};

describe('chance of profit and expected value, lognormal', () => {
  it('single long call: N(d2) at strike + premium (closed form)', () => {
    const { legs, t, dist } = distFor('long_call');
    const l = legs[0];
    if (l?.instrument.kind !== 'option') throw new Error('no call');
    const be = l.instrument.strike + (l.entryPrice ?? 0);
    const d2 = (Math.log(market.spot / be) + (drift - (VOL * VOL) / 2) * t) / (VOL * Math.sqrt(t));
    expect(chanceOfProfit(legs, ctx, dist)).toBeCloseTo(normCdf(d2), 13);
  });

  // Monte Carlo with seed 20261118, n = 200 000: the probability must be within 5 standard errors
  // (≤ 0.0056) and the EV within 5 standard errors of the sample mean.
  const N = 200_000;
  it.each([
    'iron_condor',
    'short_strangle',
    'call_ratio_spread',
    'covered_call',
    'broken_wing_put_butterfly',
    'call_calendar',
    'double_diagonal',
  ] as const)('%s: matches Monte Carlo', (name) => {
    const { legs, t, dist } = distFor(name);
    const h = horizonPnl(legs, ctx);
    const rng = createRng(20261118);
    let wins = 0;
    let sum = 0;
    let sum2 = 0;
    const n = h.linear ? N : N / 10; // BSM per path is slower for the far leg
    for (let i = 0; i < n; i++) {
      const s = market.spot * Math.exp((drift - (VOL * VOL) / 2) * t + VOL * Math.sqrt(t) * rng.normal());
      const v = h.pnl(s);
      if (v > 0) wins++;
      sum += v;
      sum2 += v * v;
    }
    const p = wins / n;
    const mean = sum / n;
    const se = Math.sqrt((sum2 / n - mean * mean) / n);
    expect(Math.abs(chanceOfProfit(legs, ctx, dist) - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    expect(Math.abs(expectedPnl(legs, ctx, dist) - mean)).toBeLessThan(5 * se);
  });

  it('a risk-neutral EV of a single-expiry option position is the forward value of mid minus cost ≈ 0', () => {
    // Entry at mid = BSM at the quote's iv; with dist at that same iv the EV is (e^{rT} − 1)·cost.
    const { legs, t } = distFor('long_call');
    const l = legs[0];
    if (l?.instrument.kind !== 'option') throw new Error('no call');
    const iv = ctx.volOf(l as Parameters<typeof ctx.volOf>[0]);
    const tq = (l.instrument.expiry.getTime() - ctx.asOf.getTime()) / MS_PER_YEAR;
    const ev = expectedPnl(legs, ctx, lognormalHorizon(market.spot, iv, tq, drift));
    const cost = 100 * (l.entryPrice ?? 0);
    expect(ev).toBeCloseTo((Math.exp(market.rate * t) - 1) * cost, 8);
  });
});

describe('implied distribution of an SVI slice (Breeden–Litzenberger)', () => {
  it('a flat slice gives the lognormal results', () => {
    for (const name of ['iron_condor', 'collar', 'put_backspread', 'put_calendar'] as const) {
      const { legs, t, dist } = distFor(name);
      const flat = sliceHorizon(sviSlice({ a: VOL * VOL * t, b: 0, rho: 0, m: 0, sigma: 0.1 }), dist.forward);
      expect(chanceOfProfit(legs, ctx, flat)).toBeCloseTo(chanceOfProfit(legs, ctx, dist), 12);
      expect(expectedPnl(legs, ctx, flat)).toBeCloseTo(expectedPnl(legs, ctx, dist), 6);
    }
  });

  // A skewed, butterfly-free slice (g > 0 checked below), T = 0.25, F = 101.
  const T = 0.25;
  const F = 101;
  const slice = sviSlice({ a: 0.01, b: 0.08, rho: -0.6, m: 0.02, sigma: 0.15 });
  const dist = sliceHorizon(slice, F);
  const simpson = (f: (x: number) => number, a: number, b: number, n = 20000) => {
    const h = (b - a) / n;
    let s = f(a) + f(b);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
    return (s * h) / 3;
  };

  it('density is non-negative, integrates to 1, has mean F and reprices calls', () => {
    for (let k = -3; k <= 3; k += 0.01) expect(sliceG(slice, k)).toBeGreaterThan(0);
    const [a, b] = [-6, 4];
    expect(simpson((k) => dist.densityK(k), a, b)).toBeCloseTo(1, 7);
    expect(simpson((k) => F * Math.exp(k) * dist.densityK(k), a, b)).toBeCloseTo(F, 5);
    for (const K of [70, 90, 100, 110, 130]) {
      // Undiscounted Black with the slice's own total variance at K.
      const w = slice.w(Math.log(K / F));
      const d1 = (Math.log(F / K) + w / 2) / Math.sqrt(w);
      const black = F * normCdf(d1) - K * normCdf(d1 - Math.sqrt(w));
      const bl = simpson((k) => Math.max(0, F * Math.exp(k) - K) * dist.densityK(k), a, b);
      expect(Math.abs(bl - black)).toBeLessThan(1e-6 * F);
      // Second finite difference of the call in K: e^{rT}∂²C/∂K² of undiscounted calls.
      const dk = 1e-3 * K;
      const c = (x: number) => dist.expectedCall(x);
      expect((c(K + dk) - 2 * c(K) + c(K - dk)) / (dk * dk)).toBeCloseTo(dist.density(K), 5);
      // CDF = ∫ density.
      expect(dist.cdf(K)).toBeCloseTo(
        simpson((k) => dist.densityK(k), a, Math.log(K / F)),
        7,
      );
    }
    expect(T).toBeGreaterThan(0);
  });

  it('skew moves probability to the downside versus the ATM lognormal', () => {
    const atm = lognormalHorizon(F, Math.sqrt(slice.w(0) / T), T, 0);
    expect(dist.cdf(80)).toBeGreaterThan(atm.cdf(80));
  });
});
