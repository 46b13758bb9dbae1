/**
 * Black–Scholes–Merton European pricing with a continuous dividend yield, written on the forward:
 * F = S·e^{(r−q)T}, D = e^{−rT}, V = D·ω·(F·Φ(ω·d1) − K·Φ(ω·d2)), ω = +1 call, −1 put.
 * Degenerate inputs (T = 0 or σ = 0) return the limits: discounted intrinsic on the forward.
 */
import type { Greeks, VanillaInputs } from '../types.ts';
import { normCdf, normPdf } from './normal.ts';

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

interface Setup {
  omega: 1 | -1;
  forward: number;
  discount: number;
  /** e^{−qT} */
  carry: number;
  sqrtT: number;
  /** σ√T; 0 in the degenerate case. */
  stdDev: number;
  /** Φ(ω·d1), Φ(ω·d2), φ(d1); in the degenerate case Φ terms are 1 (ITM), ½ (ATM), 0 (OTM). */
  nd1: number;
  nd2: number;
  pd1: number;
}

function setup(o: VanillaInputs): Setup {
  assertVanillaInputs(o);
  const omega = o.right === 'call' ? 1 : -1;
  const discount = Math.exp(-o.rate * o.tYears);
  const carry = Math.exp(-o.dividendYield * o.tYears);
  const forward = o.spot * Math.exp((o.rate - o.dividendYield) * o.tYears);
  const sqrtT = Math.sqrt(o.tYears);
  const stdDev = o.vol * sqrtT;
  if (stdDev === 0) {
    const moneyness = omega * (forward - o.strike);
    const h = moneyness > 0 ? 1 : moneyness < 0 ? 0 : 0.5;
    // At the money with T > 0 and σ → 0: d1 → 0, so φ(d1) → φ(0) (vega stays finite and non-zero).
    const pd1 = moneyness === 0 ? normPdf(0) : 0;
    return { omega, forward, discount, carry, sqrtT, stdDev, nd1: h, nd2: h, pd1 };
  }
  const d1 = Math.log(forward / o.strike) / stdDev + 0.5 * stdDev;
  const d2 = d1 - stdDev;
  return {
    omega,
    forward,
    discount,
    carry,
    sqrtT,
    stdDev,
    nd1: normCdf(omega * d1),
    nd2: normCdf(omega * d2),
    pd1: normPdf(d1),
  };
}

function priceFrom(o: VanillaInputs, s: Setup): number {
  const v = s.discount * s.omega * (s.forward * s.nd1 - o.strike * s.nd2);
  // Rounding can push a worthless option a hair below zero; the price is never negative.
  return Math.max(v, 0);
}

/** Black–Scholes–Merton price of a European option (per unit of underlying). */
export function priceEuropean(o: VanillaInputs): number {
  return priceFrom(o, setup(o));
}

/**
 * Price, delta, gamma, vega (per 1.00 vol), theta (−∂V/∂T per year) and rho (per 1.00 rate).
 * When σ√T = 0 the payoff is a kink: gamma (a Dirac mass at the money) and the σ/(2√T) part of theta
 * are reported as 0; delta is ±e^{−qT} in the money, half that at the money, 0 out of the money.
 */
export function greeksEuropean(o: VanillaInputs): Greeks {
  const s = setup(o);
  const price = priceFrom(o, s);
  const spotCarry = o.spot * s.carry;
  const strikeDiscount = o.strike * s.discount;
  const delta = s.omega * s.carry * s.nd1;
  const gamma = s.stdDev === 0 ? 0 : (s.carry * s.pd1) / (o.spot * s.stdDev);
  const vega = spotCarry * s.pd1 * s.sqrtT;
  const decay = s.stdDev === 0 ? 0 : (-spotCarry * s.pd1 * o.vol) / (2 * s.sqrtT);
  const theta =
    decay - s.omega * o.rate * strikeDiscount * s.nd2 + s.omega * o.dividendYield * spotCarry * s.nd1;
  const rho = s.omega * strikeDiscount * o.tYears * s.nd2;
  return { price, delta, gamma, vega, theta, rho };
}
