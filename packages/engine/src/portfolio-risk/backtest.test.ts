import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { backtestVar, chiSquareCdf, chiSquareSf, exceedances } from './backtest.ts';

const flags = (s: string): boolean[] => [...s].map((c) => c === '1');

describe('chi-square tails (closed forms)', () => {
  it.each([
    // Published critical values (e.g. NIST/SEMATECH e-Handbook table 1.3.6.7.4).
    [3.841459, 1, 0.05],
    [6.634897, 1, 0.01],
    [10.827566, 1, 0.001],
    [5.991465, 2, 0.05],
    [9.21034, 2, 0.01],
    [13.815511, 2, 0.001],
  ] as const)('P(χ² > %f | %i df) = %f', (x, df, p) => {
    expect(chiSquareSf(x, df)).toBeCloseTo(p, 6);
    expect(chiSquareCdf(x, df)).toBeCloseTo(1 - p, 6);
  });
});

describe('backtestVar', () => {
  it('Kupiec hand example: 250 days at 99%, 8 exceedances', () => {
    // −2[(242)ln 0.99 + 8 ln 0.01] = −2[−2.432181 − 36.841361] = 78.547085
    // +2[242 ln(242/250) + 8 ln(8/250)] = 2[−7.870612 − 27.536155] = −70.813534
    // LR = 7.733551 → p = P(χ²₁ > 7.733551) ≈ 0.0054 (between the 1% and 0.1% critical values).
    const hits = Array.from({ length: 250 }, (_, t) => t % 31 === 5);
    expect(hits.filter(Boolean).length).toBe(8);
    const r = backtestVar(hits, 0.99);
    expect(r.kupiec.statistic).toBeCloseTo(7.733551, 5);
    expect(r.kupiec.pValue).toBeLessThan(0.01);
    expect(r.kupiec.pValue).toBeGreaterThan(0.001);
  });

  it('Christoffersen hand example: 110000 at 95%', () => {
    // Pairs: 11, 10, 00, 00, 00 → n00 = 3, n01 = 0, n10 = 1, n11 = 1; π = 1/5, π01 = 0, π11 = 1/2.
    // LR_ind = −2[4 ln 0.8 + ln 0.2] + 2[3 ln 1 + ln 0.5 + ln 0.5]
    //        = −2[−0.892574 − 1.609438] + 2[−1.386294] = 5.004024 − 2.772589 = 2.231436.
    // POF: n = 6, x = 2, p = 0.05: −2[4 ln 0.95 + 2 ln 0.05] + 2[4 ln(2/3) + 2 ln(1/3)]
    //        = −2[−0.205173 − 5.991465] + 2[−1.621860 − 2.197225] = 12.393276 − 7.638170 = 4.755105.
    // LR_cc = 6.986541 → p = e^{−6.986541/2} = 0.030401.
    const r = backtestVar(flags('110000'), 0.95);
    expect(r.transitions).toEqual({ n00: 3, n01: 0, n10: 1, n11: 1 });
    expect(r.independence.statistic).toBeCloseTo(2.231436, 5);
    expect(r.kupiec.statistic).toBeCloseTo(4.755105, 5);
    expect(r.conditionalCoverage.statistic).toBeCloseTo(6.986541, 5);
    expect(r.conditionalCoverage.pValue).toBeCloseTo(0.030401, 5);
  });

  it('exceedance rate equal to the level → POF statistic 0, p-value 1', () => {
    const hits = Array.from({ length: 200 }, (_, t) => t % 20 === 7); // 10 of 200 = 5%
    const r = backtestVar(hits, 0.95);
    expect(r.kupiec.statistic).toBe(0);
    expect(r.kupiec.pValue).toBe(1);
  });

  it('independence with π01 = π11 → statistic 0', () => {
    // 0110001000: pairs 01, 11, 10, 00, 00, 01, 10, 00, 00 → n00 4, n01 2, n10 2, n11 1;
    // π01 = 2/6 = π11 = 1/3 = π: the two likelihoods coincide.
    expect(backtestVar(flags('0110001000'), 0.9).independence.statistic).toBeCloseTo(0, 12);
  });

  it('clustered exceedances: correct count but independence and coverage reject', () => {
    const hits = Array.from({ length: 250 }, (_, t) => t >= 100 && t < 110); // 10/250 = 4%
    const r = backtestVar(hits, 0.96);
    expect(r.kupiec.statistic).toBeCloseTo(0, 9);
    expect(r.independence.pValue).toBeLessThan(1e-6);
    expect(r.conditionalCoverage.pValue).toBeLessThan(1e-6);
  });

  it('i.i.d. exceedances at the right rate: tests reject about as often as their size', () => {
    const rng = createRng(11);
    let pof = 0;
    let ind = 0;
    const trials = 300;
    for (let k = 0; k < trials; k++) {
      const hits = Array.from({ length: 1000 }, () => rng.next() < 0.05);
      const r = backtestVar(hits, 0.95);
      if (r.kupiec.pValue < 0.05) pof++;
      if (r.independence.pValue < 0.05) ind++;
    }
    // Nominal 5%; binomial sd over 300 trials ≈ 1.3%, and the discrete χ² approximation drifts.
    expect(pof / trials).toBeGreaterThan(0.01);
    expect(pof / trials).toBeLessThan(0.1);
    expect(ind / trials).toBeLessThan(0.1);
  });

  it('exceedances(): loss strictly above VaR', () => {
    expect(exceedances([1, 2, 3], [2, 2, 2])).toEqual([false, false, true]);
  });
});
