import { createRng } from '@zomma/engine/rng';
import { listExpiries, syntheticChain } from '@zomma/engine/sim';
import { type Leg, maxProfitLoss } from '@zomma/engine/strategy';
import { describe, expect, it } from 'vitest';
import { baselineRuleModel, momentumZ } from '../baseline-rule.ts';
import { baselineClass, buildStrategy, DEFAULT_STRATEGY_PARAMS, SIGNAL_CLASSES } from './strategies.ts';
import {
  buildLikeWorker,
  DEFAULT_HIDDEN,
  generateSignalData,
  SYNTHETIC_CHAIN,
  trueScore,
} from './synthetic.ts';

const params = DEFAULT_STRATEGY_PARAMS;
const fullChain = (spot: number, vol: number, asOf: Date) =>
  syntheticChain({
    symbol: 'ZMA',
    spot,
    vol,
    asOf,
    ...SYNTHETIC_CHAIN,
    expiries: listExpiries(asOf, SYNTHETIC_CHAIN.expiries),
  });

/** Random markets, including vols high enough to push 0.2-delta strikes past ±6 strikes. */
function markets(seed: number, n: number) {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => ({
    spot: 40 + 160 * rng.next(),
    vol: 0.08 + 1.1 * rng.next(),
    asOf: new Date(Date.UTC(2025, 0, 1) + Math.floor(rng.next() * 364 * 86_400_000)),
    z: 3 * rng.normal(),
  }));
}

describe('the shared strategy builder', () => {
  it("builds the baseline rule's legs for the baseline rule's strategy", () => {
    const rule = baselineRuleModel({ rule: 'baseline-momentum-condor', ...params });
    for (const m of markets(1, 40)) {
      const chain = fullChain(m.spot, m.vol, m.asOf);
      // A return series whose momentum z is m.z under the quote's vol.
      const dt = 1 / 365;
      const r = (m.z * m.vol * Math.sqrt(20 * dt)) / 20;
      const recentReturns = Array.from({ length: 20 }, () => r);
      const p = rule.propose({
        symbol: 'ZMA',
        asOf: m.asOf,
        spot: m.spot,
        vol: m.vol,
        recentReturns,
        chain,
        returnIntervalYears: dt,
      });
      if (!p) continue;
      expect(baselineClass(momentumZ(recentReturns, m.vol, dt), 1)).toBe(p.strategy);
      const built = buildStrategy(p.strategy, chain, m.asOf, params);
      if (!built.ok) throw new Error(built.reason);
      expect(built.legs).toEqual(p.legs);
    }
  });

  it("the generator's narrow-chain builds equal the builds from the worker's full chain", () => {
    let compared = 0;
    for (const m of markets(2, 150)) {
      const fast = buildLikeWorker(m, params);
      const chain = fullChain(m.spot, m.vol, m.asOf);
      SIGNAL_CLASSES.forEach((cls, c) => {
        if (cls === 'NONE') return;
        const full = buildStrategy(cls, chain, m.asOf, params);
        expect(fast.legs[c] ?? null).toEqual(full.ok ? full.legs : null);
        compared++;
      });
    }
    expect(compared).toBe(450);
  });
});

describe('trueScore', () => {
  it('matches a Monte Carlo expectation under lognormal(μ, iv/q) on flat-vol legs', () => {
    const iv = 0.3;
    const expiry = new Date(Date.UTC(2025, 5, 6));
    const leg = (
      right: 'call' | 'put',
      strike: number,
      side: 'buy' | 'sell',
      bid: number,
      ask: number,
    ): Leg => ({
      symbol: `X${right}${strike}`,
      right,
      strike,
      expiry,
      side,
      ratio: 1,
      bid,
      ask,
      mid: (bid + ask) / 2,
      iv,
      delta: 0,
    });
    const legs = [
      leg('put', 85, 'buy', 0.4, 0.45),
      leg('put', 92.5, 'sell', 1.2, 1.3),
      leg('call', 107.5, 'sell', 1.1, 1.2),
      leg('call', 115, 'buy', 0.3, 0.35),
    ];
    const market = { spot: 100, tYears: 30 / 365, rate: 0.04 };
    const hidden = { drift: 0.6, volPremium: 1.25 };
    const sigma = iv / hidden.volPremium;
    const T = market.tYears;
    const rng = createRng(5);
    const n = 200_000;
    const natural = legs.reduce((a, l) => a + (l.side === 'buy' ? l.ask : -l.bid), 0);
    const maxLoss = maxProfitLoss(legs, (l) => (l.side === 'buy' ? l.ask : l.bid)).maxLoss as number;
    const payoff = (s: number) =>
      legs.reduce((a, l) => {
        const v = l.right === 'call' ? Math.max(s - l.strike, 0) : Math.max(l.strike - s, 0);
        return a + (l.side === 'buy' ? v : -v);
      }, 0);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      const drift = (hidden.drift - 0.5 * sigma * sigma) * T;
      const v =
        0.5 *
        (payoff(market.spot * Math.exp(drift + sigma * Math.sqrt(T) * z)) +
          payoff(market.spot * Math.exp(drift - sigma * Math.sqrt(T) * z)));
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / n;
    const se = Math.sqrt((sumSq / n - mean * mean) / n);
    const mc = (mean - Math.exp(market.rate * T) * natural) / maxLoss;
    expect(Math.abs(trueScore(legs, market, hidden) - mc)).toBeLessThan((4 * se) / maxLoss);
  });
});

describe('generateSignalData', () => {
  const base = { count: 300, strategy: params, minEdge: 0.03 };

  it('labels a fair market (μ = r, q = 1) NONE: every strategy loses its bid/ask spread', () => {
    const d = generateSignalData({
      ...base,
      seed: 3,
      hidden: { ...DEFAULT_HIDDEN, fairDriftProb: 1, fairVolProb: 1 },
    });
    expect([...d.y].every((y) => y === 0)).toBe(true);
    for (let i = 0; i < d.nRows; i++) for (let c = 1; c < 4; c++) expect(d.scores[i * 4 + c]).toBeLessThan(0);
  });

  it('labels strong drift with the matching credit spread', () => {
    const d = generateSignalData({
      ...base,
      seed: 4,
      hidden: { ...DEFAULT_HIDDEN, fairDriftProb: 0, driftMin: 1.2, driftMax: 1.5, fairVolProb: 1 },
    });
    let agree = 0;
    for (let i = 0; i < d.nRows; i++) {
      const want = (d.drift[i] as number) > 0.04 ? 1 : 2;
      if (d.y[i] === want) agree++;
    }
    expect(agree / d.nRows).toBeGreaterThan(0.95);
  });

  it('labels rich vol without drift an iron condor', () => {
    const d = generateSignalData({
      ...base,
      seed: 5,
      hidden: { ...DEFAULT_HIDDEN, fairDriftProb: 1, fairVolProb: 0, premiumMin: 1.4, premiumMax: 1.6 },
    });
    const condors = [...d.y].filter((y) => y === 3).length;
    expect(condors / d.nRows).toBeGreaterThan(0.9);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateSignalData({ ...base, seed: 6 });
    const b = generateSignalData({ ...base, seed: 6 });
    const c = generateSignalData({ ...base, seed: 7 });
    expect(b.x).toEqual(a.x);
    expect(b.y).toEqual(a.y);
    expect(b.scores).toEqual(a.scores);
    expect(c.x).not.toEqual(a.x);
  });
});
