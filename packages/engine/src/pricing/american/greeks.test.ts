import { describe, expect, it } from 'vitest';
import type { VanillaInputs } from '../../types.ts';
import { priceAmerican } from './american.ts';
import { priceAmericanFD } from './fd.ts';
import { greeksAmerican } from './greeks.ts';

// Independent checks: grid Greeks (delta, gamma, theta) against central differences of the
// integral-equation pricer; bumped Greeks (vega, rho) against central differences of the FD engine.
const cases: VanillaInputs[] = [
  { right: 'put', spot: 95, strike: 100, tYears: 0.5, rate: 0.05, dividendYield: 0.01, vol: 0.3 },
  { right: 'call', spot: 105, strike: 100, tYears: 1, rate: 0.03, dividendYield: 0.06, vol: 0.25 },
];

describe('greeksAmerican', () => {
  it.each(cases)('%o', (o) => {
    const g = greeksAmerican(o);
    const hS = 0.5;
    const up = priceAmerican({ ...o, spot: o.spot + hS });
    const mid = priceAmerican(o);
    const dn = priceAmerican({ ...o, spot: o.spot - hS });
    expect(Math.abs(g.delta - (up - dn) / (2 * hS))).toBeLessThan(2e-4);
    expect(Math.abs(g.gamma - (up - 2 * mid + dn) / (hS * hS))).toBeLessThan(5e-4);
    const hT = 1e-3;
    const theta =
      -(priceAmerican({ ...o, tYears: o.tYears + hT }) - priceAmerican({ ...o, tYears: o.tYears - hT })) /
      (2 * hT);
    expect(Math.abs(g.theta - theta)).toBeLessThan(2e-2 * Math.max(1, Math.abs(theta)));
    const fd = (p: VanillaInputs): number => priceAmericanFD(p, { spaceSteps: 800, timeSteps: 800 });
    const vega = (fd({ ...o, vol: o.vol + 0.01 }) - fd({ ...o, vol: o.vol - 0.01 })) / 0.02;
    const rho = (fd({ ...o, rate: o.rate + 0.01 }) - fd({ ...o, rate: o.rate - 0.01 })) / 0.02;
    expect(Math.abs(g.vega - vega)).toBeLessThan(2e-3 * Math.abs(vega));
    expect(Math.abs(g.rho - rho)).toBeLessThan(1e-2 * Math.max(1, Math.abs(rho)));
    expect(g.price).toBe(mid);
  });
});
