/**
 * Black–Scholes–Merton implied volatility by Jäckel's "Let's Be Rational" (lets-be-rational.ts):
 * the price is reduced to the normalised out-of-the-money call b(−|x|, σ√T) = time value /
 * (D·√(F·K)), solved for σ√T by one precise Householder(3) step from an interpolation-table guess
 * (implied-vol-table.ts; outside the table, two steps from LBR's rational initial guess), with the
 * no-arbitrage bounds checked first: D·max(ω(F − K), 0) ≤ price < D·F (call) or D·K (put).
 */
import type { VanillaInputs } from '../types.ts';
import { assertVanillaInputs } from './black-scholes.ts';
import { logMoneyness } from './black76.ts';
import { impliedStdDevOtmCallTable } from './implied-vol-table.ts';
import { expFast } from './normal.ts';

export type ImpliedVolInputs = Omit<VanillaInputs, 'vol'> & { price: number };
export type ImpliedVolFailure = 'BELOW_INTRINSIC' | 'ABOVE_MAX' | 'NO_CONVERGENCE';
export type ImpliedVolResult = { ok: true; vol: number } | { ok: false; reason: ImpliedVolFailure };

/** Failure codes of impliedVolCore (negative, so any result ≥ 0 is a vol). */
export const IV_CORE_BELOW_INTRINSIC = -1;
export const IV_CORE_ABOVE_MAX = -2;
export const IV_CORE_NO_CONVERGENCE = -3;

/**
 * Allocation-free implied vol of validated inputs (theta = 1 call, −1 put): the vol (≥ 0), or a
 * negative IV_CORE_* code. A price within 4ε·D·max(F, K) of an in-the-money intrinsic value counts
 * as the intrinsic value (vol 0): that is the rounding of D·(F − K) itself; a price within 4 ulps of
 * the upper bound counts as on it (ABOVE_MAX). At tYears = 0 the
 * upper bound collapses to the intrinsic value, so any price above it is ABOVE_MAX.
 */
export function impliedVolCore(
  theta: 1 | -1,
  spot: number,
  strike: number,
  tYears: number,
  rate: number,
  dividendYield: number,
  price: number,
): number {
  const carryT = (rate - dividendYield) * tYears;
  const discount = expFast(-rate * tYears);
  const forward = spot * expFast(carryT);
  const upper = discount * (theta === 1 ? forward : strike);
  // Within 4 ulps of the upper bound a price cannot be told apart from it (D·F vs S·e^{−qT} rounding).
  if (!(price < upper * (1 - 4 * Number.EPSILON))) return IV_CORE_ABOVE_MAX;
  const intrinsicForward = theta * (forward - strike);
  const intrinsic = intrinsicForward > 0 ? discount * intrinsicForward : 0;
  const tolerance = intrinsic > 0 ? 4 * Number.EPSILON * discount * Math.max(forward, strike) : 0;
  if (price < intrinsic - tolerance) return IV_CORE_BELOW_INTRINSIC;
  const timeValue = price - intrinsic;
  if (!(timeValue > tolerance) && !(intrinsic === 0 && timeValue > 0)) return 0;
  if (!(tYears > 0)) return IV_CORE_ABOVE_MAX;
  const x = -Math.abs(logMoneyness(spot, strike) + carryT);
  // √(F·K) in one root unless the product leaves the normal range.
  const fk = forward * strike;
  const rootFk = fk > 1e-300 && fk < 1e300 ? Math.sqrt(fk) : Math.sqrt(forward) * Math.sqrt(strike);
  const beta = timeValue / (discount * rootFk);
  // e^{x/2} = e^{−|ln(F/K)|/2} = min(F, K)/√(F·K), without an exponential.
  const bMax = fk > 1e-300 && fk < 1e300 ? Math.min(forward, strike) / rootFk : Math.exp(0.5 * x);
  if (!(beta < bMax)) return IV_CORE_ABOVE_MAX;
  const s = impliedStdDevOtmCallTable(beta, x, bMax);
  const vol = s / Math.sqrt(tYears);
  return Number.isFinite(vol) && vol >= 0 ? vol : IV_CORE_NO_CONVERGENCE;
}

/** Maps an impliedVolCore code to the public result. */
export function impliedVolResultOf(code: number): ImpliedVolResult {
  if (code >= 0) return { ok: true, vol: code };
  if (code === IV_CORE_BELOW_INTRINSIC) return { ok: false, reason: 'BELOW_INTRINSIC' };
  if (code === IV_CORE_ABOVE_MAX) return { ok: false, reason: 'ABOVE_MAX' };
  return { ok: false, reason: 'NO_CONVERGENCE' };
}

/**
 * Implied volatility of a European price under BSM with continuous yield. Throws RangeError on
 * invalid inputs (non-finite numbers, non-positive spot/strike, negative tYears); prices outside the
 * no-arbitrage bounds return `{ ok: false, reason }`.
 */
export function impliedVol(q: ImpliedVolInputs): ImpliedVolResult {
  assertVanillaInputs(q);
  if (!Number.isFinite(q.price)) throw new RangeError('price must be finite');
  const theta = q.right === 'call' ? 1 : -1;
  return impliedVolResultOf(
    impliedVolCore(theta, q.spot, q.strike, q.tYears, q.rate, q.dividendYield, q.price),
  );
}
