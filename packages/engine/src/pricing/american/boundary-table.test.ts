import { describe, expect, it } from 'vitest';
import type { VanillaInputs } from '../../types.ts';
import { AMERICAN_ACCURATE_SCHEME, priceAmerican, priceAmericanQdFp } from './american.ts';
import { inTableBox, interpolateBoundary, TABLE_DEGREE } from './boundary-table.ts';
import { qdFpPutFromStart, solvePutBoundary } from './qd-fp.ts';

/** Park–Miller generator (test only; the engine has no Math.random). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

/**
 * Random puts inside the table's box, in the φ-form region (2|r − q| < 8σ²), with sizeable
 * early-exercise premiums (r·T ≥ 0.02, S/K 0.75–1.3): the cases `priceAmerican` starts from the
 * table. Returned in put form; calls are the same cases through put–call symmetry.
 */
function inBoxCases(
  count: number,
  seed: number,
): { S: number; K: number; r: number; q: number; sigma: number; T: number }[] {
  const u = lcg(seed);
  const out: { S: number; K: number; r: number; q: number; sigma: number; T: number }[] = [];
  while (out.length < count) {
    const T = 0.25 + 2.75 * u();
    const r = 0.02 + 0.08 * u();
    const q = r * u();
    const sigma = 0.1 + 0.9 * u();
    const K = 100;
    const S = K * (0.75 + 0.55 * u());
    if (r * T < 0.02 || !(2 * Math.abs(r - q) < 8 * sigma * sigma) || !inTableBox(r, q, sigma, T)) continue;
    out.push({ S, K, r, q, sigma, T });
  }
  return out;
}

describe('boundary table (boundary-table.ts)', () => {
  const cases = inBoxCases(120, 20261124);

  it('interpolates the boundary to ~1e-3 in ln B of a direct fine solve (a table, not exact)', () => {
    const fine = { ...AMERICAN_ACCURATE_SCHEME, chebyshevDegree: TABLE_DEGREE, fixedPointSteps: 40 };
    let worst = 0;
    for (const c of cases.slice(0, 40)) {
      const yi = interpolateBoundary(c.r, c.q, c.sigma, c.T).slice();
      const yd = solvePutBoundary(c.K, c.r, c.q, c.sigma, c.T, fine);
      for (let i = 0; i <= TABLE_DEGREE; i++) {
        worst = Math.max(worst, Math.abs(Math.sqrt(yi[i] ?? 0) - Math.sqrt(yd[i] ?? 0)));
      }
    }
    expect(worst).toBeLessThan(2e-3);
    expect(worst).toBeGreaterThan(0);
  });

  it('table start + two fixed-point steps is within 1e-4 of the accurate scheme', () => {
    const polish = {
      chebyshevDegree: TABLE_DEGREE,
      fixedPointSteps: 2,
      boundaryQuadraturePoints: 7,
      premiumQuadraturePoints: 28,
    };
    for (const c of cases) {
      const start = interpolateBoundary(c.r, c.q, c.sigma, c.T);
      const v = qdFpPutFromStart(c.S, c.K, c.r, c.q, c.sigma, c.T, polish, start);
      const o: VanillaInputs = {
        right: 'put',
        spot: c.S,
        strike: c.K,
        tYears: c.T,
        rate: c.r,
        dividendYield: c.q,
        vol: c.sigma,
      };
      expect(Math.abs(v - priceAmericanQdFp(o, AMERICAN_ACCURATE_SCHEME))).toBeLessThanOrEqual(1e-4);
    }
  });

  it('priceAmerican (table path for these cases) is within 1e-4 of the accurate scheme, puts and calls', () => {
    let worst = 0;
    for (const c of cases) {
      const put: VanillaInputs = {
        right: 'put',
        spot: c.S,
        strike: c.K,
        tYears: c.T,
        rate: c.r,
        dividendYield: c.q,
        vol: c.sigma,
      };
      // The call with spot K, strike S, rate q, yield r reduces to this put by symmetry.
      const call: VanillaInputs = {
        ...put,
        right: 'call',
        spot: c.K,
        strike: c.S,
        rate: c.q,
        dividendYield: c.r,
      };
      for (const o of [put, call]) {
        worst = Math.max(worst, Math.abs(priceAmerican(o) - priceAmericanQdFp(o, AMERICAN_ACCURATE_SCHEME)));
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it('the box: q ≤ r only, and bounded in r·T and σ²·T', () => {
    expect(inTableBox(0.05, 0.02, 0.3, 1)).toBe(true);
    expect(inTableBox(0.05, 0.06, 0.3, 1)).toBe(false);
    expect(inTableBox(0.001, 0, 0.3, 1)).toBe(false);
    expect(inTableBox(0.05, 0.02, 0.01, 1)).toBe(false);
    expect(inTableBox(0.05, 0.02, 1, 5)).toBe(false);
  });
});
