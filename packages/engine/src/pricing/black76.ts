/**
 * Black-76: European options on a forward F with discount factor D,
 *   V = D·ω·(F·Φ(ω·d1) − K·Φ(ω·d2)),  ω = +1 call / −1 put,
 * evaluated as D·(intrinsic on the forward + √(F·K)·b(−|x|, σ√T)) with the normalised Black
 * function b (normalised-black.ts), so the out-of-the-money part never cancels and keeps full
 * relative precision far in the tails. σ√T = 0 (T = 0 or σ = 0, exactly) gives D·max(ω(F − K), 0).
 */
import type { OptionRight } from '../types.ts';
import { productError } from './normal.ts';
import { normalisedOtmCall } from './normalised-black.ts';

/** Inputs of a Black-76 option: give either `discount` (D = P(0,T)) or a continuous `rate`. */
export type Black76Inputs = {
  right: OptionRight;
  /** Forward price for delivery at expiry. */
  forward: number;
  strike: number;
  /** Time to expiry in years (ACT/365). */
  tYears: number;
  /** Annualised volatility of the forward, decimal. */
  vol: number;
} & ({ discount: number; rate?: undefined } | { rate: number; discount?: undefined });

/**
 * ln(F/K) with the rounding of F/K corrected to first order (F = q·K + e exactly, ln(F/K) =
 * ln q + e/(q·K)); the result is within an ulp or so of the exact log-moneyness.
 */
export function logMoneyness(forward: number, strike: number): number {
  const q = forward / strike;
  const p = q * strike;
  const e = forward - p - productError(q, strike, p);
  return Math.log(q) + e / p;
}

/**
 * Undiscounted Black price E[(ω(F_T − K))⁺] for ω = theta, given the total standard deviation
 * s = σ√T ≥ 0 and the log-moneyness x = ln(F/K) (pass logMoneyness(F, K)).
 */
export function blackUndiscounted(
  theta: 1 | -1,
  forward: number,
  strike: number,
  x: number,
  s: number,
): number {
  const intrinsic = theta * (forward - strike);
  if (!(s > 0)) return Math.max(intrinsic, 0);
  const xc = theta * x;
  const timeValue = Math.sqrt(forward) * Math.sqrt(strike) * normalisedOtmCall(-Math.abs(xc), s);
  return xc > 0 ? Math.max(intrinsic, 0) + timeValue : timeValue;
}

/** Throws RangeError on inputs outside Black-76's domain (a programmer error). */
export function assertBlack76Inputs(o: Black76Inputs): void {
  const finite =
    Number.isFinite(o.forward) &&
    Number.isFinite(o.strike) &&
    Number.isFinite(o.tYears) &&
    Number.isFinite(o.vol);
  if (!finite) throw new RangeError('Black-76 inputs must be finite numbers');
  if (!(o.forward > 0) || !(o.strike > 0)) throw new RangeError('forward and strike must be positive');
  if (o.tYears < 0) throw new RangeError('tYears must be ≥ 0');
  if (o.vol < 0) throw new RangeError('vol must be ≥ 0');
  if (o.right !== 'call' && o.right !== 'put') throw new RangeError('right must be call or put');
  if (o.discount !== undefined) {
    if (!(o.discount > 0) || !Number.isFinite(o.discount)) throw new RangeError('discount must be positive');
  } else if (!Number.isFinite(o.rate)) throw new RangeError('give a finite rate or a discount factor');
}

/** Discount factor of Black-76 inputs: `discount` when given, else e^{−rate·T}. */
export function black76Discount(o: Black76Inputs): number {
  return o.discount !== undefined ? o.discount : Math.exp(-(o.rate ?? 0) * o.tYears);
}

/** Black-76 price of a European option on a forward (per unit of underlying). */
export function priceBlack76(o: Black76Inputs): number {
  assertBlack76Inputs(o);
  const theta = o.right === 'call' ? 1 : -1;
  const s = o.vol * Math.sqrt(o.tYears);
  const x = logMoneyness(o.forward, o.strike);
  return black76Discount(o) * blackUndiscounted(theta, o.forward, o.strike, x, s);
}
