import { describe, expect, it } from 'vitest';
import type { VanillaInputs } from '../../types.ts';
import { priceAmerican } from './american.ts';
import { impliedVolAmerican } from './implied-vol-american.ts';

describe('impliedVolAmerican', () => {
  it.each([
    [0.08, 'put', 100],
    [0.3, 'put', 100],
    [0.9, 'put', 120],
    [0.25, 'call', 110],
    [0.5, 'call', 95],
  ] as const)('round trip vol=%d %s S=%d', (vol, right, spot) => {
    const o: VanillaInputs = { right, spot, strike: 100, tYears: 0.7, rate: 0.05, dividendYield: 0.03, vol };
    const price = priceAmerican(o);
    const r = impliedVolAmerican({ ...o, price });
    expect(r.ok).toBe(true);
    if (r.ok) expect(Math.abs(priceAmerican({ ...o, vol: r.vol }) - price)).toBeLessThan(1e-9);
  });
  it('reports prices outside the bounds', () => {
    const q = { right: 'put' as const, spot: 90, strike: 100, tYears: 0.5, rate: 0.05, dividendYield: 0 };
    expect(impliedVolAmerican({ ...q, price: 9.5 })).toEqual({ ok: false, reason: 'BELOW_INTRINSIC' });
    expect(impliedVolAmerican({ ...q, price: 99 })).toEqual({ ok: false, reason: 'ABOVE_MAX' });
  });
});
