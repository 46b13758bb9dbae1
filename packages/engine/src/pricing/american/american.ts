/**
 * The default American pricer: Andersen–Lake–Offengenden fixed point (qd-fp.ts) on the put, with
 * calls through McDonald–Schroder put–call symmetry C(S, K, r, q, σ, T) = P(K, S, q, r, σ, T).
 * Cases with no early exercise (put with r ≤ 0 and r ≤ q, hence calls with q ≤ 0 ≤ r) are European;
 * σ = 0 is exact (deterministic path, best exercise date); T = 0 is the payoff. The negative-rate
 * double-boundary case (put with q < r < 0) goes to the finite-difference engine.
 */
import type { VanillaInputs } from '../../types.ts';
import { assertVanillaInputs, priceEuropean } from '../black-scholes.ts';
import { priceAmericanFD } from './fd.ts';
import { type QdFpScheme, qdFpPut } from './qd-fp.ts';

/**
 * Default settings: Chebyshev degree 10, 8 quadrature points (in the angle variable) inside the
 * fixed-point map, 28 for the premium, at most 8 fixed-point steps, stopping once the boundary
 * moves by less than 1e-6 in ln B. Worst error over the 120 cases of
 * fixtures/american-reference.json: ≤ 1e-5 against the converged FD reference (trusted cases) and
 * ~2e-5 against a converged fixed-point solution (n = 48, l = 64, p = 128, 30 steps) on all cases;
 * the worst case is a low-vol call with q ≫ r. QuantLib's "fast" (7, 2, 7, 27) is 3e-3 off.
 */
export const AMERICAN_DEFAULT_SCHEME: QdFpScheme = {
  chebyshevDegree: 10,
  fixedPointSteps: 8,
  boundaryQuadraturePoints: 8,
  premiumQuadraturePoints: 28,
  tolerance: 1e-6,
};

/** A higher-accuracy scheme (worst ~1e-6 against the converged solution), several times slower. */
export const AMERICAN_ACCURATE_SCHEME: QdFpScheme = {
  chebyshevDegree: 16,
  fixedPointSteps: 16,
  boundaryQuadraturePoints: 16,
  premiumQuadraturePoints: 48,
  tolerance: 1e-9,
};

/** σ = 0: the spot moves deterministically; exercise at the best of t = 0, T, or the interior extremum. */
function deterministicPut(S: number, K: number, r: number, q: number, T: number): number {
  const value = (t: number): number => Math.max(0, K * Math.exp(-r * t) - S * Math.exp(-q * t));
  let best = Math.max(value(0), value(T));
  if (r !== q && r > 0 && q > 0) {
    const t = Math.log((r * K) / (q * S)) / (r - q);
    if (t > 0 && t < T) best = Math.max(best, value(t));
  }
  return best;
}

/** Put price after reduction (r, q may be swapped in by symmetry). */
function putPrice(
  S: number,
  K: number,
  r: number,
  q: number,
  sigma: number,
  T: number,
  scheme: QdFpScheme,
): number {
  if (T === 0) return Math.max(K - S, 0);
  if (r <= 0 && r <= q) {
    return priceEuropean({
      right: 'put',
      spot: S,
      strike: K,
      tYears: T,
      rate: r,
      dividendYield: q,
      vol: sigma,
    });
  }
  if (sigma === 0) return deterministicPut(S, K, r, q, T);
  if (r < 0) {
    return priceAmericanFD(
      { right: 'put', spot: S, strike: K, tYears: T, rate: r, dividendYield: q, vol: sigma },
      { spaceSteps: 800, timeSteps: 400 },
    );
  }
  return qdFpPut(S, K, r, q, sigma, T, scheme);
}

/** American price with explicit fixed-point settings (see AMERICAN_DEFAULT_SCHEME). */
export function priceAmericanQdFp(o: VanillaInputs, scheme: QdFpScheme): number {
  assertVanillaInputs(o);
  if (o.right === 'put') return putPrice(o.spot, o.strike, o.rate, o.dividendYield, o.vol, o.tYears, scheme);
  return putPrice(o.strike, o.spot, o.dividendYield, o.rate, o.vol, o.tYears, scheme);
}

/** The accurate default American pricer (per unit of underlying). */
export function priceAmerican(o: VanillaInputs): number {
  return priceAmericanQdFp(o, AMERICAN_DEFAULT_SCHEME);
}
