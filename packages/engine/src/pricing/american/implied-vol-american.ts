/**
 * Implied volatility from an American price: bracketed root finding (Brent's method) on
 * `priceAmerican`, which is increasing in vol. Prices at or below intrinsic (where early exercise
 * makes any vol consistent, or none) and above the vol-cap price are reported, not solved.
 */
import type { VanillaInputs } from '../../types.ts';
import { assertVanillaInputs } from '../black-scholes.ts';
import { priceAmerican } from './american.ts';

export type AmericanImpliedVolInputs = Omit<VanillaInputs, 'vol'> & { price: number };
export type AmericanImpliedVolResult =
  | { ok: true; vol: number }
  | { ok: false; reason: 'BELOW_INTRINSIC' | 'ABOVE_MAX' | 'NO_CONVERGENCE' };

/** Vol search interval. */
export const AMERICAN_IV_MIN = 1e-4;
export const AMERICAN_IV_MAX = 5;

export function impliedVolAmerican(q: AmericanImpliedVolInputs): AmericanImpliedVolResult {
  assertVanillaInputs(q);
  if (!Number.isFinite(q.price)) throw new RangeError('price must be finite');
  const intrinsic = Math.max(q.right === 'call' ? q.spot - q.strike : q.strike - q.spot, 0);
  const f = (vol: number): number => priceAmerican({ ...q, vol }) - q.price;
  if (q.price <= intrinsic || q.tYears === 0) return { ok: false, reason: 'BELOW_INTRINSIC' };
  let a = AMERICAN_IV_MIN;
  let b = AMERICAN_IV_MAX;
  let fa = f(a);
  let fb = f(b);
  if (fa > 0) return { ok: false, reason: 'BELOW_INTRINSIC' };
  if (fb < 0) return { ok: false, reason: 'ABOVE_MAX' };
  if (fa === 0) return { ok: true, vol: a };
  // Brent's method (Numerical Recipes' zbrent form), tolerance 1e-10 in vol.
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < 100; iter++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 1e-12 * Math.abs(b) + 5e-11;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol || fb === 0) return { ok: true, vol: b };
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let qq: number;
      if (a === c) {
        p = 2 * xm * s;
        qq = 1 - s;
      } else {
        const t = fa / fc;
        const rr = fb / fc;
        p = s * (2 * xm * t * (t - rr) - (b - a) * (rr - 1));
        qq = (t - 1) * (rr - 1) * (s - 1);
      }
      if (p > 0) qq = -qq;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * qq - Math.abs(tol * qq), Math.abs(e * qq))) {
        e = d;
        d = p / qq;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : xm > 0 ? tol : -tol;
    fb = f(b);
  }
  return { ok: false, reason: 'NO_CONVERGENCE' };
}
