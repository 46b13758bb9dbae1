/**
 * Implied volatility by a safeguarded Newton iteration on a bracket kept by bisection.
 * Solves on the out-of-the-money option (converted by put–call parity), whose price is pure time
 * value and therefore well conditioned; no-arbitrage bounds are checked first.
 */
import type { VanillaInputs } from '../types.ts';
import { assertVanillaInputs, greeksEuropean, priceEuropean } from './black-scholes.ts';

export type ImpliedVolInputs = Omit<VanillaInputs, 'vol'> & { price: number };
export type ImpliedVolResult =
  | { ok: true; vol: number }
  | { ok: false; reason: 'BELOW_INTRINSIC' | 'ABOVE_MAX' | 'NO_CONVERGENCE' };

/** Largest vol the solver searches (10 000% annual); a higher implied vol is reported NO_CONVERGENCE. */
export const IMPLIED_VOL_MAX = 100;
const MAX_ITERATIONS = 200;
/** Prices within this relative distance of a bound (in units of max(S, K)) count as on the bound. */
const BOUND_TOLERANCE = 1e-14;

export function impliedVol(q: ImpliedVolInputs): ImpliedVolResult {
  assertVanillaInputs(q);
  if (!Number.isFinite(q.price)) throw new RangeError('price must be finite');
  const discount = Math.exp(-q.rate * q.tYears);
  const carry = Math.exp(-q.dividendYield * q.tYears);
  const spotPv = q.spot * carry;
  const strikePv = q.strike * discount;
  const scale = Math.max(q.spot, q.strike) * BOUND_TOLERANCE;
  // Parity: C − P = S·e^{−qT} − K·e^{−rT}. Work with the OTM side (the call when S·e^{−qT} ≤ K·e^{−rT}).
  const callMinusPut = spotPv - strikePv;
  const otmRight = callMinusPut <= 0 ? 'call' : 'put';
  const intrinsic = Math.max(q.right === 'call' ? callMinusPut : -callMinusPut, 0);
  const upper = q.right === 'call' ? spotPv : strikePv;
  if (q.price < intrinsic - scale) return { ok: false, reason: 'BELOW_INTRINSIC' };
  if (q.price >= upper - scale) return { ok: false, reason: 'ABOVE_MAX' };
  const target = q.right === otmRight ? q.price : q.price - intrinsic;
  if (target <= scale) return { ok: true, vol: 0 };

  // One monomorphic inputs object, re-used with a new vol each evaluation.
  const at: VanillaInputs = {
    right: otmRight,
    spot: q.spot,
    strike: q.strike,
    tYears: q.tYears,
    rate: q.rate,
    dividendYield: q.dividendYield,
    vol: 0,
  };
  const priceAt = (vol: number): number => {
    at.vol = vol;
    return priceEuropean(at);
  };
  let lo = 0;
  let hi = 1;
  while (priceAt(hi) < target) {
    lo = hi;
    hi *= 2;
    if (hi > IMPLIED_VOL_MAX) return { ok: false, reason: 'NO_CONVERGENCE' };
  }
  // Brenner–Subrahmanyam start (ATM approximation), kept inside the bracket.
  let vol = Math.sqrt((2 * Math.PI) / Math.max(q.tYears, 1e-12)) * (target / spotPv);
  if (!(vol > lo && vol < hi)) vol = 0.5 * (lo + hi);
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    at.vol = vol;
    const g = greeksEuropean(at);
    const diff = g.price - target;
    if (Math.abs(diff) <= 2 * Number.EPSILON * target) return { ok: true, vol };
    if (diff > 0) hi = vol;
    else lo = vol;
    if (hi - lo <= 2 * Number.EPSILON * hi) return { ok: true, vol: 0.5 * (lo + hi) };
    const newton = vol - diff / g.vega;
    if (g.vega > 0 && newton > lo && newton < hi) {
      // A Newton step below rounding noise means σ is pinned as well as the price allows.
      if (Math.abs(newton - vol) <= 4 * Number.EPSILON * vol) return { ok: true, vol: newton };
      vol = newton;
    } else {
      vol = 0.5 * (lo + hi);
    }
  }
  return { ok: false, reason: 'NO_CONVERGENCE' };
}
