import { describe, expect, it } from 'vitest';
import { positionValue } from '../portfolio/position.ts';
import { inverseNormCdf, normPdf } from '../pricing/normal.ts';
import { createRng } from '../rng.ts';
import { deltaGammaVegaVar, quadraticCumulants, quadraticPnl } from './delta-gamma-vega.ts';
import { cholesky, type FactorModel } from './factor-model.ts';
import { type HistoricalScenario, historicalVar } from './historical-var.ts';
import { monteCarloVar } from './monte-carlo-var.ts';
import { tailStats } from './tail-stats.ts';
import { asOf, book, markets, mixedLegs, shortStraddle, stock, volOf } from './test-book.ts';

/** AAA and BBB spot (2%, 1.5% daily, ρ 0.6) and vol factors (1 and 1.5 vol points daily). */
const model: FactorModel = {
  factors: [
    { underlying: 'AAA', kind: 'spot', dailyStdev: 0.02 },
    { underlying: 'AAA', kind: 'vol', dailyStdev: 0.01 },
    { underlying: 'BBB', kind: 'spot', dailyStdev: 0.015 },
    { underlying: 'BBB', kind: 'vol', dailyStdev: 0.015 },
  ],
  correlation: [
    [1, -0.7, 0.6, -0.4],
    [-0.7, 1, -0.4, 0.5],
    [0.6, -0.4, 1, -0.7],
    [-0.4, 0.5, -0.7, 1],
  ],
};
// Linear book: +100 AAA (S 100) and −40 BBB (S 250): exposures w = (10 000, −10 000) currency per
// unit return. Var = 1e8·(0.02² + 0.015² − 2·0.6·0.02·0.015) = 1e8·0.000265 = 26 500.
const linear = () => book([stock('AAA', 100), stock('BBB', -40)]);
const linearSd = Math.sqrt(26_500);

describe('tailStats convention', () => {
  it('500 scenarios at 99%: VaR is the 5th-worst loss, CVaR the mean of the 5 worst', () => {
    const pnls = Array.from({ length: 500 }, (_, i) => -(i + 1)); // losses 1..500
    const s = tailStats(pnls, 0.99);
    expect(s.tailCount).toBe(5);
    expect(s.var).toBe(496);
    expect(s.cvar).toBe((500 + 499 + 498 + 497 + 496) / 5);
  });
});

describe('historicalVar (full revaluation)', () => {
  const returns = [
    -0.05, -0.03, 0.01, 0.02, -0.01, 0, 0.015, -0.02, 0.03, 0.005, -0.04, 0.01, 0.02, -0.005, 0, 0.01, -0.015,
    0.025, 0.004, -0.001,
  ];
  const scenarios: HistoricalScenario[] = returns.map((r, i) => ({
    date: `d${i}`,
    moves: { AAA: { spotReturn: r, volChange: 0.01 * (i % 3) - 0.01 } },
  }));
  const b = book([stock('AAA', 100)]);

  it('hand example: 100 shares at 100, 20 days', () => {
    // P&L = 10 000·r; losses sorted: 500, 400, 300, 200, 150, 100, 50, 10, 0, ...
    // 90%: m = ⌊20·0.1⌋ = 2 → VaR = 400, CVaR = (500 + 400)/2 = 450.
    // 80%: m = 4 → VaR = 200, CVaR = (500 + 400 + 300 + 200)/4 = 350.
    const v90 = historicalVar(b, scenarios, { confidence: 0.9 });
    expect(v90.var).toBeCloseTo(400, 9);
    expect(v90.cvar).toBeCloseTo(450, 9);
    const v80 = historicalVar(b, scenarios, { confidence: 0.8 });
    expect(v80.var).toBeCloseTo(200, 9);
    expect(v80.cvar).toBeCloseTo(350, 9);
    // 4-day horizon: moves × √4 = 2.
    expect(historicalVar(b, scenarios, { confidence: 0.9, horizonDays: 4 }).var).toBeCloseTo(800, 9);
  });

  it('option book P&L per scenario equals positionValue differences', () => {
    const legs = mixedLegs();
    const s2: HistoricalScenario[] = [
      { moves: { AAA: { spotReturn: -0.03, volChange: 0.02 }, BBB: { spotReturn: 0.01, volChange: -0.01 } } },
      { moves: { AAA: { spotReturn: 0.05, volChange: -0.03 }, BBB: { spotReturn: -0.08, volChange: 0.06 } } },
    ];
    const res = historicalVar(book(legs), s2, { confidence: 0.5 });
    s2.forEach((s, k) => {
      let expected = 0;
      for (const u of ['AAA', 'BBB']) {
        const m = markets[u];
        const mv = s.moves[u];
        if (m === undefined || mv === undefined) throw new Error(u);
        const ul = legs.filter((l) => l.instrument.underlying === u);
        const scen = { spotMove: mv.spotReturn, volShift: mv.volChange, daysForward: 1 };
        expected +=
          positionValue(ul, m, asOf, scen, volOf) -
          positionValue(ul, m, asOf, { ...scen, spotMove: 0, volShift: 0, daysForward: 0 }, volOf);
      }
      expect(res.pnls[k]).toBeCloseTo(expected, 8);
    });
    expect(() =>
      historicalVar(book(legs), [{ moves: { AAA: { spotReturn: 0, volChange: 0 } } }], { confidence: 0.9 }),
    ).toThrow(/BBB/);
  });
});

describe('deltaGammaVegaVar (Cornish–Fisher)', () => {
  it('linear book: equals the normal VaR and CVaR exactly', () => {
    const z = inverseNormCdf(0.99);
    for (const h of [1, 10]) {
      const r = deltaGammaVegaVar(linear(), model, { confidence: 0.99, horizonDays: h });
      const sd = linearSd * Math.sqrt(h);
      expect(r.skewness).toBe(0);
      expect(r.excessKurtosis).toBe(0);
      expect(r.var).toBeCloseTo(z * sd, 9);
      expect(r.deltaNormalVar).toBeCloseTo(z * sd, 9);
      expect(r.cvar).toBeCloseTo((sd * normPdf(z)) / 0.01, 9);
    }
  });

  it('short straddle: more conservative than delta-normal, loss skewed right', () => {
    const r = deltaGammaVegaVar(book(shortStraddle()), model, { confidence: 0.99 });
    expect(r.skewness).toBeGreaterThan(0.3);
    expect(r.var).toBeGreaterThan(r.normalVar);
    expect(r.var).toBeGreaterThan(1.2 * r.deltaNormalVar);
    expect(r.cvar).toBeGreaterThan(r.var);
  });

  it('cumulants and Cornish–Fisher VaR agree with Monte Carlo of the same quadratic', () => {
    const q = quadraticPnl(book(mixedLegs()), model, {});
    const [k1, k2, k3] = quadraticCumulants(q);
    const l = cholesky(q.cov);
    const rng = createRng(7);
    const n = 200_000;
    const pnl = new Float64Array(n);
    const x = [0, 0, 0, 0];
    for (let p = 0; p < n; p++) {
      const z = x.map(() => rng.normal());
      for (let i = 0; i < 4; i++) x[i] = (l[i] ?? []).reduce((a, v, k) => a + v * (z[k] ?? 0), 0);
      let v = q.c;
      for (let i = 0; i < 4; i++) {
        v += (q.b[i] ?? 0) * (x[i] ?? 0);
        for (let j = 0; j < 4; j++) v += 0.5 * (x[i] ?? 0) * (q.g[i]?.[j] ?? 0) * (x[j] ?? 0);
      }
      pnl[p] = v;
    }
    const mean = pnl.reduce((a, v) => a + v, 0) / n;
    const c2 = pnl.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
    const c3 = pnl.reduce((a, v) => a + (v - mean) ** 3, 0) / n;
    // Sampling error: mean ±√(k2/n) (≈ 3 here), variance ~0.5%, third moment a few %.
    expect(Math.abs(mean - k1)).toBeLessThan(4 * Math.sqrt(k2 / n));
    expect(c2 / k2).toBeCloseTo(1, 1);
    expect(c3 / k3).toBeGreaterThan(0.9);
    expect(c3 / k3).toBeLessThan(1.1);
    const r = deltaGammaVegaVar(book(mixedLegs()), model, { confidence: 0.99 });
    const mcVar = tailStats(Array.from(pnl), 0.99).var;
    expect(Math.abs(r.var / mcVar - 1)).toBeLessThan(0.03);
  });

  it('closed-form CVaR equals the tail integral of the Cornish–Fisher quantile', () => {
    const r = deltaGammaVegaVar(book(shortStraddle()), model, { confidence: 0.975 });
    const s = r.skewness;
    const k = r.excessKurtosis;
    const w = (t: number): number =>
      t + ((t * t - 1) * s) / 6 + ((t ** 3 - 3 * t) * k) / 24 - ((2 * t ** 3 - 5 * t) * s * s) / 36;
    // CVaR = μ + σ·E[w(Z) | Z > z]: trapezoid in t over [z, z + 12], step 1e-4.
    const z = inverseNormCdf(0.975);
    const dt = 1e-4;
    let integral = 0;
    for (let t = z; t < z + 12; t += dt)
      integral += 0.5 * dt * (w(t) * normPdf(t) + w(t + dt) * normPdf(t + dt));
    expect(r.var).toBeCloseTo(r.mean + r.stdev * w(z), 9);
    expect(r.cvar).toBeCloseTo(r.mean + (r.stdev * integral) / 0.025, 4);
  });
});

describe('monteCarloVar (full revaluation, seeded)', () => {
  it('stock-only book matches the analytic normal VaR/CVaR within 3 standard errors', () => {
    const r = monteCarloVar(linear(), model, { confidence: 0.99, paths: 20_000, rng: createRng(42) });
    const z = inverseNormCdf(0.99);
    expect(Math.abs(r.var - z * linearSd)).toBeLessThan(3 * r.varStdError);
    expect(Math.abs(r.cvar - (linearSd * normPdf(z)) / 0.01)).toBeLessThan(3 * r.cvarStdError);
    // The standard errors themselves are of the asymptotic size √(α(1−α)/n)/φ(z)·σ ≈ 1.1% of VaR.
    const se = (Math.sqrt((0.99 * 0.01) / 20_000) / normPdf(z)) * linearSd;
    expect(r.varStdError / se).toBeGreaterThan(0.7);
    expect(r.varStdError / se).toBeLessThan(1.4);
  });

  it('same seed → identical result; another seed differs', () => {
    const run = (seed: number) =>
      monteCarloVar(book(mixedLegs()), model, { confidence: 0.95, paths: 2_000, rng: createRng(seed) });
    expect(run(1)).toEqual(run(1));
    expect(run(2).var).not.toBe(run(1).var);
  });

  it('short straddle: full revaluation near the delta-gamma-vega estimate, far above delta-normal', () => {
    const b = book(shortStraddle());
    const mc = monteCarloVar(b, model, { confidence: 0.99, paths: 20_000, rng: createRng(3) });
    const dgv = deltaGammaVegaVar(b, model, { confidence: 0.99 });
    // Loss skew ≈ 2 here, where Cornish–Fisher overstates the tail: measured MC/CF = 0.91.
    expect(Math.abs(mc.var / dgv.var - 1)).toBeLessThan(0.15);
    expect(mc.var).toBeGreaterThan(3 * dgv.deltaNormalVar);
  });
});
