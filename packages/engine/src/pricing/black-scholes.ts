/**
 * Black–Scholes–Merton European pricing with a continuous dividend yield, written on the forward:
 * F = S·e^{(r−q)T}, D = e^{−rT}, V = D·ω·(F·Φ(ω·d1) − K·Φ(ω·d2)), ω = +1 call, −1 put.
 * priceEuropean goes through Black-76's normalised form (black76.ts), so deep out-of-the-money
 * prices keep full relative precision. Degenerate inputs (T = 0 or σ = 0) return the limits:
 * discounted intrinsic on the forward; tiny positive σ√T tends to them continuously.
 */
import type { VanillaInputs } from '../types.ts';
import { blackUndiscounted, logMoneyness } from './black76.ts';

/** Throws on inputs outside the model's domain (a programmer error, not a market condition). */
export function assertVanillaInputs(o: Omit<VanillaInputs, 'vol'> & { vol?: number }): void {
  const finite =
    Number.isFinite(o.spot) &&
    Number.isFinite(o.strike) &&
    Number.isFinite(o.tYears) &&
    Number.isFinite(o.rate) &&
    Number.isFinite(o.dividendYield) &&
    (o.vol === undefined || Number.isFinite(o.vol));
  if (!finite) throw new RangeError('vanilla inputs must be finite numbers');
  if (!(o.spot > 0) || !(o.strike > 0)) throw new RangeError('spot and strike must be positive');
  if (o.tYears < 0) throw new RangeError('tYears must be ≥ 0');
  if (o.vol !== undefined && o.vol < 0) throw new RangeError('vol must be ≥ 0');
  if (o.right !== 'call' && o.right !== 'put') throw new RangeError('right must be call or put');
}

/** Black–Scholes–Merton price of a European option (per unit of underlying). */
export function priceEuropean(o: VanillaInputs): number {
  assertVanillaInputs(o);
  const theta = o.right === 'call' ? 1 : -1;
  const carryT = (o.rate - o.dividendYield) * o.tYears;
  const forward = o.spot * Math.exp(carryT);
  // ln(F/K) = ln(S/K) + (r − q)T: avoids compounding the rounding of F into the log-moneyness.
  const x = logMoneyness(o.spot, o.strike) + carryT;
  const s = o.vol * Math.sqrt(o.tYears);
  return Math.exp(-o.rate * o.tYears) * blackUndiscounted(theta, forward, o.strike, x, s);
}
