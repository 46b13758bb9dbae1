/** Chance of profit under an SVI slice fitted to the fixture chain's near-expiry smile. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { surfaceFromSlices } from '../surface/surface.ts';
import { sviSlice } from '../surface/svi.ts';
import { fitSviSmile } from '../surface/svi-fit.ts';
import { horizonPnl } from './payoff.ts';
import { chanceOfProfit, expectedPnl, surfaceHorizon } from './probability.ts';
import { built, chain, ctx, market } from './strategy-fixtures.test-helper.ts';

const legs = built('iron_condor');
const h = horizonPnl(legs, ctx);
const t = h.tYears;
const F = market.spot * Math.exp((market.rate - market.dividendYield) * t);
const expiryMs = (h.horizon?.getTime() ?? 0) - 20 * 3600e3; // quote expiry = 00:00 UTC of the cutoff day
const near = chain.filter((q) => q.expiry.getTime() === expiryMs);
// Smile from the quotes' own ivs (OTM side), ±0.2 vol point as bid/ask.
const smile = near
  .filter((q) => (q.right === 'call' ? q.strike >= F : q.strike < F))
  .map((q) => ({ k: Math.log(q.strike / F), bidVol: q.iv - 0.002, askVol: q.iv + 0.002 }));
const fit = fitSviSmile(smile, t);
if (!fit.ok) throw new Error(`fit failed: ${fit.reason}`);
const surface = surfaceFromSlices([{ tYears: t, slice: sviSlice(fit.params) }]);
const dist = surfaceHorizon(surface, F, t);

describe('fitted SVI slice (Breeden–Litzenberger)', () => {
  it('reprices the chain: E[(S−K)⁺]·e^{−rT} within 2 cents of each call mid', () => {
    expect(near.length).toBeGreaterThan(20);
    for (const q of near.filter((x) => x.right === 'call')) {
      expect(Math.abs(dist.expectedCall(q.strike) * Math.exp(-market.rate * t) - q.mid)).toBeLessThan(0.02);
    }
  });

  it('chance of profit and EV match sampling by inverting the CDF (seeded, 20 000 draws, 5 s.e.)', () => {
    const rng = createRng(7);
    const n = 20_000;
    let wins = 0;
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      let lo = 1e-6;
      let hi = 10 * F;
      for (let j = 0; j < 60; j++) {
        const m = (lo + hi) / 2;
        if (dist.cdf(m) < u) lo = m;
        else hi = m;
      }
      const v = h.pnl((lo + hi) / 2);
      if (v > 0) wins++;
      sum += v;
      sum2 += v * v;
    }
    const p = wins / n;
    const mean = sum / n;
    expect(Math.abs(chanceOfProfit(legs, ctx, dist) - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    const se = Math.sqrt((sum2 / n - mean * mean) / n);
    expect(Math.abs(expectedPnl(legs, ctx, dist) - mean)).toBeLessThan(5 * se);
  });
});
