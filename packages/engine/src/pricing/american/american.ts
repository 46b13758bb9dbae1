/**
 * The default American pricer: Andersen–Lake–Offengenden fixed point (qd-fp.ts) on the put, with
 * calls through McDonald–Schroder put–call symmetry C(S, K, r, q, σ, T) = P(K, S, q, r, σ, T).
 * Cases with no early exercise (put with r ≤ 0 and r ≤ q, hence calls with q ≤ 0 ≤ r) are European;
 * σ = 0 is exact (deterministic path, best exercise date); T = 0 is the payoff. The negative-rate
 * double-boundary case (put with q < r < 0) goes to the finite-difference engine.
 */
import type { VanillaInputs } from '../../types.ts';
import { assertVanillaInputs, priceEuropean } from '../black-scholes.ts';
import { normCdf } from '../normal.ts';
import { inTableBox, interpolateBoundary, TABLE_DEGREE } from './boundary-table.ts';
import { priceAmericanFD } from './fd.ts';
import { exerciseLimit, type QdFpScheme, qdFpPut, qdFpPutFromStart } from './qd-fp.ts';
import { PDF_FORM_MAX_DRIFT_RATIO } from './qd-fp-scheme.ts';

/**
 * Settings of the Greeks' bumps and of `priceAmerican` for drift-dominated (low-vol, Φ-form) cases
 * with a premium bound ≥ 0.01 (see adaptivePut): Chebyshev degree 10, 8 quadrature points (in the angle variable) inside the
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

/**
 * Tiers of the adaptive default (`priceAmerican`), chosen per option from a cheap upper bound on the
 * early-exercise premium (see premiumBound): the error of a scheme scales with the premium, so small
 * premiums need far fewer nodes, quadrature points and fixed-point steps. Bounds (absolute, in price
 * units) and settings were tuned on 2000 bench-like random cases (S/K 0.5–2, 1 week–3 years, r and
 * q 0–10%, vol 5–100%) against a converged fixed-point solution (n = 40, l = 48, p = 128, 40 steps):
 * worst error per tier ≤ 5.3e-5 there (4.3e-5 on a second, out-of-sample set of 3000). The two
 * heavy tiers take two cheap warm-up steps (4 inner points) before their two full steps: early
 * iterates are far from the solution, so their quadrature need not be fine (the fixed-point error
 * contracts ~0.15× per step from the second step on; see QdFpScheme.warmUp). Every tier starts
 * from QD+ on its full set of nodes: a coarser start (QdFpScheme.startDegree) saved ~4% but left
 * 2 fixed-point steps short on some q > r, deep out-of-the-money, high-vol puts (1.4e-3 off on one
 * of 3000 cases of seed 424242 of fixtures/american-tiers.ts); without it the worst error over six
 * seeds × 3000 cases is 4.3e-5.
 */
const TIER_TINY: QdFpScheme = {
  chebyshevDegree: 3,
  fixedPointSteps: 1,
  boundaryQuadraturePoints: 3,
  premiumQuadraturePoints: 8,
};
const TIER_SMALL: QdFpScheme = {
  chebyshevDegree: 6,
  fixedPointSteps: 1,
  boundaryQuadraturePoints: 6,
  premiumQuadraturePoints: 14,
};
const TIER_MEDIUM: QdFpScheme = {
  chebyshevDegree: 8,
  fixedPointSteps: 2,
  boundaryQuadraturePoints: 4,
  premiumQuadraturePoints: 14,
};
const TIER_LARGE: QdFpScheme = {
  chebyshevDegree: 8,
  fixedPointSteps: 2,
  boundaryQuadraturePoints: 6,
  premiumQuadraturePoints: 24,
  warmUp: { fixedPointSteps: 2, boundaryQuadraturePoints: 4 },
};
const TIER_HEAVY: QdFpScheme = {
  chebyshevDegree: 9,
  fixedPointSteps: 2,
  boundaryQuadraturePoints: 7,
  premiumQuadraturePoints: 28,
  warmUp: { fixedPointSteps: 2, boundaryQuadraturePoints: 4 },
};
/**
 * Tiers started from the precomputed boundary table (boundary-table.ts: q ≤ r, inside its box)
 * instead of QD+ and the warm-up steps, for premium bounds ≥ 0.1 in the φ-form region: the table
 * start is ~1e-4 in ln B (the price is first order in the boundary, so it is not used alone); one
 * Jacobi–Newton step (bound < 1) or two full steps polish it. On 2 × 3000 bench-like random cases
 * (~23% take these tiers) the worst error on those cases is 1.8e-5 against a converged solution
 * (2.9e-5 for the tiers they replace) and the mean time over all cases drops from 8.7 to 7.4 µs.
 */
const TIER_TABLE_LARGE: QdFpScheme = {
  chebyshevDegree: TABLE_DEGREE,
  fixedPointSteps: 2,
  boundaryQuadraturePoints: 7,
  premiumQuadraturePoints: 28,
};
const TIER_TABLE_MEDIUM: QdFpScheme = {
  chebyshevDegree: TABLE_DEGREE,
  fixedPointSteps: 1,
  boundaryQuadraturePoints: 4,
  premiumQuadraturePoints: 14,
};
/** Premium bound below which the European price is returned (its error is below the bound). */
const NEGLIGIBLE_PREMIUM = 1e-6;
/** Premium bound from which the table-started tiers are used. */
const TABLE_MIN_BOUND = 0.1;

/**
 * Upper bound on the early-exercise premium of a put with r > 0, σ > 0, T > 0:
 * premium = ∫₀ᵀ [rK e^{−rt} Φ(−d₋(S/B(T−t), t)) − qS e^{−qt} Φ(−d₊)] dt ≤ rK·T·sup_t Φ(−d₋(S/X, t)),
 * since B ≤ X, Φ(−d₋) grows with B, and the q-term is non-negative. With L = ln(S/X) > 0 and
 * μ = r − q − σ²/2, −d₋ = −L/(σ√t) − μ√t/σ, whose supremum over (0, T] is −2√(Lμ)/σ at
 * √t = √(L/μ) when μ > 0 and that lies inside, else the value at t = T. Returns rK·T when S ≤ X.
 */
function premiumBound(
  S: number,
  K: number,
  r: number,
  q: number,
  sigma: number,
  T: number,
  X: number,
): number {
  const L = Math.log(S / X);
  if (!(L > 0)) return r * K * T;
  const mu = r - q - 0.5 * sigma * sigma;
  const sqrtT = Math.sqrt(T);
  const f =
    mu > 0 && L < mu * T ? (-2 * Math.sqrt(L * mu)) / sigma : -L / (sigma * sqrtT) - (mu * sqrtT) / sigma;
  return r * K * T * normCdf(f);
}

/** Adaptive put pricer: exact early exits, then the cheapest tier whose error bound fits. */
function adaptivePut(S: number, K: number, r: number, q: number, sigma: number, T: number): number {
  // Below the perpetual boundary B∞ = Kλ/(λ − 1) ≤ B(T), exercise is optimal: the price is K − S.
  const s2 = sigma * sigma;
  const mu = r - q - 0.5 * s2;
  const lambda = (-mu - Math.sqrt(mu * mu + 2 * r * s2)) / s2;
  if (S <= (K * lambda) / (lambda - 1)) return K - S;
  const X = exerciseLimit(K, r, q);
  const bound = premiumBound(S, K, r, q, sigma, T, X);
  if (bound < NEGLIGIBLE_PREMIUM) {
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
  // Drift-dominated (low-vol) cases use the Φ form, which contracts slowly, and have sharp
  // boundaries: they take the full default scheme (with its early stop) unless the premium is tiny.
  if (2 * Math.abs(r - q) >= PDF_FORM_MAX_DRIFT_RATIO * s2) {
    return qdFpPut(S, K, r, q, sigma, T, bound < 0.01 ? TIER_SMALL : AMERICAN_DEFAULT_SCHEME);
  }
  if (bound >= TABLE_MIN_BOUND && inTableBox(r, q, sigma, T)) {
    const tableScheme = bound < 1 ? TIER_TABLE_MEDIUM : TIER_TABLE_LARGE;
    return qdFpPutFromStart(S, K, r, q, sigma, T, tableScheme, interpolateBoundary(r, q, sigma, T));
  }
  const scheme =
    bound < 0.01
      ? TIER_TINY
      : bound < 0.1
        ? TIER_SMALL
        : bound < 1
          ? TIER_MEDIUM
          : bound < 5
            ? TIER_LARGE
            : TIER_HEAVY;
  return qdFpPut(S, K, r, q, sigma, T, scheme);
}

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
  scheme: QdFpScheme | null,
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
  return scheme === null ? adaptivePut(S, K, r, q, sigma, T) : qdFpPut(S, K, r, q, sigma, T, scheme);
}

/** American price with explicit fixed-point settings (see AMERICAN_DEFAULT_SCHEME). */
export function priceAmericanQdFp(o: VanillaInputs, scheme: QdFpScheme): number {
  assertVanillaInputs(o);
  if (o.right === 'put') return putPrice(o.spot, o.strike, o.rate, o.dividendYield, o.vol, o.tYears, scheme);
  return putPrice(o.strike, o.spot, o.dividendYield, o.rate, o.vol, o.tYears, scheme);
}

/**
 * The accurate default American pricer (per unit of underlying): exact early exits (intrinsic below
 * the perpetual boundary, European when the premium bound is < 1e-6), then the cheapest fixed-point
 * tier for the premium bound (the heavier ones started from a precomputed boundary table when
 * q ≤ r: boundary-table.ts, built on the first such call, ~0.1 s). Worst error: 2.4e-5 on the
 * fixture's trusted cases (against the FD reference, itself ~1e-5), 4.3e-5 over six seeds × 3000
 * bench-like random cases against a converged fixed-point solution (fixtures/american-tiers.ts).
 * Mean time per option ≈ 4.4 µs on the bench's random sample (`npm run bench:pricing`, 2-core
 * machine), ≈ 3.4 µs over the fixture; the kernels' tabulated normal (qd-fp.ts) took it from 5.8.
 * A fixed scheme throughout: priceAmericanQdFp.
 */
export function priceAmerican(o: VanillaInputs): number {
  assertVanillaInputs(o);
  if (o.right === 'put') return putPrice(o.spot, o.strike, o.rate, o.dividendYield, o.vol, o.tYears, null);
  return putPrice(o.strike, o.spot, o.dividendYield, o.rate, o.vol, o.tYears, null);
}
