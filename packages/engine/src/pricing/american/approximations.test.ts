import { describe, expect, it } from 'vitest';
import type { VanillaInputs } from '../../types.ts';
import { priceAmericanBAW } from './baw.ts';
import { bivariateNormalCdf, priceAmericanBS2002 } from './bs2002.ts';

// Haug, "The Complete Guide to Option Pricing Formulas" (2nd ed.): K = 100, r = 10%, b = 0
// (q = 10%), S = 90/100/110. These tables test the APPROXIMATIONS, not the true American value.
const T_VOL = [
  [0.1, 0.15],
  [0.1, 0.25],
  [0.1, 0.35],
  [0.5, 0.15],
  [0.5, 0.25],
  [0.5, 0.35],
] as const;
const BS2002_CALL = [
  [0.0205, 1.8757, 10.0],
  [0.3151, 3.1256, 10.3725],
  [0.9479, 4.3746, 11.1578],
  [0.8099, 4.0628, 10.7898],
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: a table value, not e.
  [2.718, 6.7661, 12.9814],
  [4.9665, 9.4608, 15.5137],
];
const BS2002_PUT = [
  [10.0, 1.8757, 0.0408],
  [10.228, 3.1256, 0.4552],
  [10.8663, 4.3746, 1.2383],
  [10.54, 4.0628, 1.0689],
  [12.4097, 6.7661, 3.2932],
  [14.6445, 9.4608, 5.8374],
];
const BAW_CALL = [
  [0.0206, 1.8771, 10.0089],
  [0.3159, 3.128, 10.3919],
  [0.9495, 4.3777, 11.1679],
  [0.8208, 4.0842, 10.8087],
  [2.7437, 6.8015, 13.017],
  [5.0063, 9.5106, 15.5689],
];
const BAW_PUT = [
  [10.0, 1.877, 0.041],
  [10.2533, 3.1277, 0.4562],
  [10.8787, 4.3777, 1.2402],
  [10.5595, 4.0842, 1.0822],
  [12.4419, 6.8014, 3.3226],
  [14.6945, 9.5104, 5.8823],
];

function rows(table: number[][], right: 'call' | 'put'): Array<[VanillaInputs, number]> {
  const out: Array<[VanillaInputs, number]> = [];
  table.forEach((row, i) => {
    const [tYears, vol] = T_VOL[i] ?? [0, 0];
    row.forEach((value, j) => {
      const spot = [90, 100, 110][j] ?? 0;
      out.push([{ right, spot, strike: 100, tYears, rate: 0.1, dividendYield: 0.1, vol }, value]);
    });
  });
  return out;
}

describe('Bjerksund–Stensland 2002 vs Haug table', () => {
  it.each([...rows(BS2002_CALL, 'call'), ...rows(BS2002_PUT, 'put')])('%o → %d', (o, expected) => {
    // 4-decimal table: half a unit in the last place plus 1e-6.
    expect(Math.abs(priceAmericanBS2002(o) - expected)).toBeLessThanOrEqual(5e-5 + 1e-6);
  });
});

describe('Barone-Adesi–Whaley vs Haug table', () => {
  it.each([...rows(BAW_CALL, 'call'), ...rows(BAW_PUT, 'put')])('%o → %d', (o, expected) => {
    // Haug's table stops Newton on the critical price at |residual|/K < 1e-6; we converge to 1e-10·K.
    // The looser stop shifts his in-the-money values by up to ~3e-3 (10.0089 vs 10.0061 at S = 110),
    // out-of-the-money ones by ≤ 3e-4.
    const tol = (o.right === 'call' ? o.spot > 100 : o.spot < 100) ? 3e-3 : 3.5e-4;
    expect(Math.abs(priceAmericanBAW(o) - expected)).toBeLessThanOrEqual(tol);
  });
});

describe('bivariateNormalCdf', () => {
  it.each([-0.786, -0.5, 0, 0.3, 0.786])('M(0, 0, ρ) = 1/4 + asin(ρ)/(2π) at ρ = %d', (rho) => {
    expect(Math.abs(bivariateNormalCdf(0, 0, rho) - (0.25 + Math.asin(rho) / (2 * Math.PI)))).toBeLessThan(
      1e-15,
    );
  });
  it('M(h, k, 0) = Φ(h)Φ(k) and symmetry M(h, k, ρ) = M(k, h, ρ)', () => {
    expect(bivariateNormalCdf(0.7, -1.2, 0)).toBeCloseTo(0.758036347776927 * 0.115069670221708, 14);
    expect(Math.abs(bivariateNormalCdf(0.7, -1.2, 0.6) - bivariateNormalCdf(-1.2, 0.7, 0.6))).toBeLessThan(
      1e-15,
    );
  });
});
