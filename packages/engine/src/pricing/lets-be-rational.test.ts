import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { impliedStdDevOtmCall } from './lets-be-rational.ts';
import { normalisedOtmCall, normalisedVega } from './normalised-black.ts';

/**
 * Normalised round trip s → b(x, s) → ŝ over log-moneyness x ∈ [−100, −1e-8] and s ∈ [1e-3, 30]:
 * ŝ reprices b to 1e-12 relative, or recovers s to 1e-9 relative. Where b has many digits to spare
 * (normalised vega·s/b ≥ 1e-3, i.e. s is well pinned by b), ŝ must match s to 1e-12.
 */
function check(x: number, s: number): void {
  const b = normalisedOtmCall(x, s);
  if (!(b > 1e-300) || !(b < Math.exp(0.5 * x) * (1 - 1e-15))) return;
  const sHat = impliedStdDevOtmCall(b, x);
  const bHat = normalisedOtmCall(x, sHat);
  const priceOk = Math.abs(bHat - b) <= 1e-12 * b;
  const sOk = Math.abs(sHat - s) <= 1e-9 * s;
  expect(priceOk || sOk, `x=${x} s=${s} b=${b} ŝ=${sHat}`).toBe(true);
  if ((normalisedVega(x, s) * s) / b >= 1e-3) expect(Math.abs(sHat - s) / s).toBeLessThanOrEqual(1e-12);
}

describe('impliedStdDevOtmCall (normalised Let’s Be Rational)', () => {
  it('dense log grid: 161 × 161 points across all four branches, zero failures', () => {
    for (let i = 0; i <= 160; i++) {
      const x = -(10 ** (-8 + (10 * i) / 160));
      for (let j = 0; j <= 160; j++) check(x, 10 ** (-3 + (4.5 * j) / 160));
    }
  });
  it('fast-check over the same domain (3000 runs)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: -1e-8, noNaN: true }),
        fc.double({ min: 1e-3, max: 30, noNaN: true }),
        (x, s) => check(x, s),
      ),
      { numRuns: 3000, seed: 99 },
    );
  });
  it('at the money (x = 0): b = 2Φ(s/2) − 1 inverted exactly', () => {
    for (const s of [1e-6, 0.01, 0.3, 1, 4]) {
      const b = normalisedOtmCall(0, s);
      expect(Math.abs(impliedStdDevOtmCall(b, 0) - s) / s).toBeLessThanOrEqual(1e-14);
    }
  });
});
