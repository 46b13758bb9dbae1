/**
 * Black–Scholes–Merton (continuous yield q) price and all 16 Greeks of a European option, raw per
 * unit: vega per 1.00 of vol, rho per 1.00 of rate, epsilon = ∂V/∂q; theta, charm, veta and color
 * are −∂/∂T per year (calendar time passing). The scalar runs the same kernel as `greeksBatch`, so
 * both agree bit for bit. Display scaling lives in display.ts.
 */
import type { VanillaInputs } from '../types.ts';
import { assertVanillaInputs } from './black-scholes.ts';
import { createGreeksColumns, fillGreeks, type GreeksBatchInput } from './greeks-batch.ts';

/** Price and the 16 Greeks (all raw partial derivatives, see the module comment). */
export interface EuropeanGreeks {
  price: number;
  /** ∂V/∂S */
  delta: number;
  /** ∂²V/∂S² */
  gamma: number;
  /** ∂V/∂σ (per 1.00 of vol) */
  vega: number;
  /** −∂V/∂T (per year) */
  theta: number;
  /** ∂V/∂r (per 1.00 of rate) */
  rho: number;
  /** ∂V/∂q (per 1.00 of yield) */
  epsilon: number;
  /** ∂²V/∂S∂σ */
  vanna: number;
  /** −∂²V/∂S∂T (delta decay per year) */
  charm: number;
  /** ∂²V/∂σ² */
  vomma: number;
  /** −∂²V/∂σ∂T (vega decay per year) */
  veta: number;
  /** ∂³V/∂S³ */
  speed: number;
  /** ∂³V/∂S²∂σ */
  zomma: number;
  /** −∂³V/∂S²∂T (gamma decay per year) */
  color: number;
  /** ∂³V/∂σ³ */
  ultima: number;
  /** ∂V/∂K */
  dualDelta: number;
  /** ∂²V/∂K² */
  dualGamma: number;
}

const scratchIn: GreeksBatchInput = {
  right: new Uint8Array(1),
  spot: new Float64Array(1),
  strike: new Float64Array(1),
  tYears: new Float64Array(1),
  rate: new Float64Array(1),
  dividendYield: new Float64Array(1),
  vol: new Float64Array(1),
};
const scratchOut = createGreeksColumns(1);

/**
 * Price and the 16 Greeks. Never NaN for valid inputs (RangeError otherwise).
 *
 * Degenerate inputs (T = 0, or σ < 1e-100 which is treated as σ = 0) return the limits. With
 * x = ln(S/K) + (r − q)T and H = 1 in the money (ωx > 0), 0 out of the money: price = discounted
 * intrinsic on the forward, delta = ω·e^{−qT}·H, theta = ωH(q·S·e^{−qT} − r·K·e^{−rT}),
 * rho = ωT·K·e^{−rT}·H, epsilon = −ωT·S·e^{−qT}·H, charm = ωq·e^{−qT}·H, dualDelta = −ω·e^{−rT}·H,
 * every other Greek 0 (their limits off the kink).
 * Exactly at the kink (x = 0) H = ½ and price = 0. Greeks that diverge there (gamma, speed,
 * zomma, color, dualGamma, the b/v part of charm and, at T = 0, the σ/(2√T) part of theta and the
 * 1/(2T) part of veta) are reported without their divergent part, i.e. 0 for the Dirac-type ones.
 * Greeks with a finite σ → 0 limit at fixed T > 0 return it: vega = S·e^{−qT}·φ(0)·√T,
 * vanna = vega/(2S), veta = vega·(q + (r − q)/2 − 1/(2T)), ultima = −vega·T/4, vomma = 0.
 * Near the kink with tiny but positive T and σ the true values are huge: color ≈ 0.2/(S·σ·T^1.5)
 * overflows to Infinity once σ·T^1.5 < ~1e-280 (and charm, veta once T < 1e-308); never NaN.
 *
 * Accuracy (fixtures/greeks-reference.py, mpmath): every field within 400ε relative on 48 cases
 * incl. |d1| up to 30 (observed worst 153ε), the price included (relative, also in the far tails).
 */
export function greeksEuropean(o: VanillaInputs): EuropeanGreeks {
  assertVanillaInputs(o);
  scratchIn.right[0] = o.right === 'call' ? 0 : 1;
  scratchIn.spot[0] = o.spot;
  scratchIn.strike[0] = o.strike;
  scratchIn.tYears[0] = o.tYears;
  scratchIn.rate[0] = o.rate;
  scratchIn.dividendYield[0] = o.dividendYield;
  scratchIn.vol[0] = o.vol;
  fillGreeks(scratchIn, scratchOut, 0, 1);
  // The scratch columns have length 1, so `?? NaN` is a type-level fallback that never applies.
  const r = scratchOut;
  return {
    price: r.price[0] ?? Number.NaN,
    delta: r.delta[0] ?? Number.NaN,
    gamma: r.gamma[0] ?? Number.NaN,
    vega: r.vega[0] ?? Number.NaN,
    theta: r.theta[0] ?? Number.NaN,
    rho: r.rho[0] ?? Number.NaN,
    epsilon: r.epsilon[0] ?? Number.NaN,
    vanna: r.vanna[0] ?? Number.NaN,
    charm: r.charm[0] ?? Number.NaN,
    vomma: r.vomma[0] ?? Number.NaN,
    veta: r.veta[0] ?? Number.NaN,
    speed: r.speed[0] ?? Number.NaN,
    zomma: r.zomma[0] ?? Number.NaN,
    color: r.color[0] ?? Number.NaN,
    ultima: r.ultima[0] ?? Number.NaN,
    dualDelta: r.dualDelta[0] ?? Number.NaN,
    dualGamma: r.dualGamma[0] ?? Number.NaN,
  };
}
