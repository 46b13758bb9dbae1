/**
 * The normalised Black function of Jäckel ("Let's Be Rational", Wilmott 2015, with the regime
 * split of its 2016 revision), computed without cancellation so out-of-the-money values keep full
 * relative precision (the expansions below are derived here, not taken from the reference code):
 *
 *   b(x, s, θ) = θ·[e^{x/2}·Φ(θ(x/s + s/2)) − e^{−x/2}·Φ(θ(x/s − s/2))],
 *
 * x = ln(F/K), s = σ√T, θ = +1 call / −1 put, so that price = D·√(F·K)·b. Puts and in-the-money
 * calls reduce to an out-of-the-money call (x ≤ 0) by b_put(x) = b_call(−x) and
 * b_call(x) = 2·sinh(x/2) + b_call(−x). With h = x/s ≤ 0 and t = s/2, four regimes:
 * - h + t ≤ −10: asymptotic expansion of Y(h+t) − Y(h−t) (Y = Φ/φ, the Mills ratio), whose
 *   difference is expanded analytically (no subtraction of nearly equal terms);
 * - t < 0.21: Taylor series in t, b = 2·φ(h)·e^{−t²/2}·Σ_{k odd} Y⁽ᵏ⁾(h)·t^k/k!, the
 *   derivatives Y⁽ᵏ⁾ from their three-term recurrence (forward for |h| ≤ 3.5, else Miller's
 *   backward recurrence, the stable direction, normalised by Y(h));
 * - h + t > 0.85: the plain Φ form (b is then dominated by its first term);
 * - otherwise: ½·e^{−(h²+t²)/2}·[erfcx(−(h+t)/√2) − erfcx(−(h−t)/√2)].
 */
import { erfc, erfcx, expFast, productError } from './normal.ts';

const INV_SQRT_2PI = 0.3989422804014327;
const SQRT1_2 = Math.SQRT1_2;
/** √(π/2) */
const SQRT_PI_OVER_2 = 1.2533141373155003;
const ASYMPTOTIC_LIMIT = -10;
const SMALL_T_LIMIT = 0.21;
const NORM_CDF_LIMIT = 0.85;
/** Highest odd derivative order kept in the small-t series (t < 0.21: next term < 1e-18 relative). */
const SMALL_T_ORDER = 17;
/**
 * Miller's backward recurrence for Y⁽ᵏ⁾(h) starts at n = (MILLER_REACH/|h|)², at least
 * MILLER_MIN: the wanted (recessive) solution then dominates the other by ~e^{2|h|√n} ≥ e^{48}.
 */
const MILLER_REACH = 24;
const MILLER_MIN = 24;
const FORWARD_LIMIT = 3.5;
const MAX_ASYMPTOTIC_TERMS = 60;
/** For h < −39, b < φ(h) < e^{−760}: below the smallest subnormal double. */
const UNDERFLOW_H = 39;

/**
 * e^{−(h² + t²)/2} with h = x/s and t = s/2, the exponent carried in double-double: the quotient's
 * and the squares' rounding errors would otherwise cost a relative error of ~h²·ε in the tails.
 */
function gaussFactor(x: number, s: number, precise: boolean): number {
  const q = x / s;
  const t = 0.5 * s;
  const plain = q * q + t * t;
  // Below 8 the plain exponent's rounding costs at most ~4 ulps of the result.
  if (plain < 8 || !precise) return expFast(-0.5 * plain);
  // e^{−745} is below the smallest subnormal (and this also keeps overflowed squares out).
  if (!(plain < 1500)) return 0;
  const p = q * s;
  const qLo = (x - p - productError(q, s, p)) / s;
  const q2 = q * q;
  const t2 = t * t;
  const hi = q2 + t2;
  const hiErr = q2 >= t2 ? t2 - (hi - q2) : q2 - (hi - t2);
  const lo = productError(q, q, q2) + productError(t, t, t2) + 2 * q * qLo + hiErr;
  return expFast(-0.5 * hi) * (1 - 0.5 * lo);
}

/** Mills ratio Y(h) = Φ(h)/φ(h). */
function millsRatio(h: number): number {
  return SQRT_PI_OVER_2 * erfcx(-h * SQRT1_2);
}

/** Asymptotic sum for h + t ≤ −10 (h < 0, t ≥ 0): b = 2·φ(h)·e^{−t²/2}·sum. */
function asymptoticSum(h: number, t: number): number {
  const a = -h;
  const tau = t / a;
  const rho = a / ((a - t) * (a + t));
  const rho2 = rho * rho;
  // sinh/cosh-like sums S_n = ((1+τ)^n − (1−τ)^n)/2, C_n = ((1+τ)^n + (1−τ)^n)/2, n = 2k + 1.
  let sn = tau;
  let cn = 1;
  let p = rho;
  let sum = p * sn;
  for (let k = 0; k < MAX_ASYMPTOTIC_TERMS; k++) {
    const s1 = sn + tau * cn;
    const c1 = cn + tau * sn;
    sn = s1 + tau * c1;
    cn = c1 + tau * s1;
    p *= -(2 * k + 1) * rho2;
    const term = p * sn;
    sum += term;
    if (Math.abs(term) <= 1e-17 * sum) break;
  }
  return sum;
}

/** 1/n for Miller's recurrence (n ≤ MILLER_MAX_START) and 1/((n+1)(n+2)) for the series. */
const MILLER_MAX_START = Math.ceil((MILLER_REACH / FORWARD_LIMIT) ** 2);
const RECIPROCAL = new Float64Array(MILLER_MAX_START + 1).map((_, n) => (n > 0 ? 1 / n : 0));
const PAIR_RECIPROCAL = new Float64Array(SMALL_T_ORDER + 1).map((_, n) => 1 / ((n + 1) * (n + 2)));

/**
 * Highest odd order K needed for t < 0.21: the first omitted term, t^(K+1)·Y⁽ᴷ⁺²⁾(h)/(K+2)!, is
 * largest at h = 0 (Y⁽ᵏ⁾(0) = 2^((k−1)/2)·Γ((k+1)/2)) and stays below 1e-18 of the leading one.
 */
function seriesOrder(t: number): number {
  if (t < 0.001) return 5;
  if (t < 0.01) return 7;
  if (t < 0.04) return 9;
  if (t < 0.1) return 13;
  return 17;
}

/** Σ_{k odd ≤ K} Y⁽ᵏ⁾(h)·t^{k−1}/k! by Horner from the top, with Y⁽ᵏ⁾ from the recurrence. */
function smallTSeries(h: number, t: number): number {
  const t2 = t * t;
  const y0 = millsRatio(h);
  const order = seriesOrder(t);
  if (h >= -FORWARD_LIMIT) {
    // Forward: Y⁽ⁿ⁺¹⁾ = h·Y⁽ⁿ⁾ + n·Y⁽ⁿ⁻¹⁾ from Y and Y′ = 1 + h·Y; collect odd terms bottom-up.
    let prev = y0;
    let cur = 1 + h * y0;
    let sum = cur;
    let coef = 1;
    for (let n = 1; n < order; n += 2) {
      const even = h * cur + n * prev;
      const odd = h * even + (n + 1) * cur;
      coef *= t2 * (PAIR_RECIPROCAL[n] ?? 0);
      sum += coef * odd;
      prev = even;
      cur = odd;
    }
    return sum;
  }
  // Backward (Miller): n·Y⁽ⁿ⁻¹⁾ = Y⁽ⁿ⁺¹⁾ − h·Y⁽ⁿ⁾, all terms positive for h < 0. For
  // 3.5 < |h| < 10.3 and n ≤ 48 the unnormalised values stay far inside the double range.
  let next = 0;
  let cur = 1;
  let acc = 0;
  const start = Math.max(MILLER_MIN, Math.ceil((MILLER_REACH / h) ** 2));
  for (let n = start; n > order; n--) {
    const lower = (next - h * cur) * (RECIPROCAL[n] ?? 0);
    next = cur;
    cur = lower;
  }
  for (let n = order; n >= 1; n--) {
    const lower = (next - h * cur) * (RECIPROCAL[n] ?? 0);
    next = cur;
    cur = lower;
    // `next` is now Y⁽ⁿ⁾ (unnormalised); accumulate odd orders.
    if ((n & 1) === 1) acc = next + acc * t2 * (PAIR_RECIPROCAL[n] ?? 0);
  }
  // cur is Y⁽⁰⁾ unnormalised.
  return (acc * y0) / cur;
}

/**
 * Normalised vega of the last otmCall evaluation (read by normalisedOtmCallVega). A typed-array
 * slot, not a module `let`: a module-level double is boxed, so each write would allocate.
 */
const lastVega = new Float64Array(1);

/**
 * Out-of-the-money normalised call, x ≤ 0 and s > 0; records the normalised vega in lastVega.
 * `precise = false` skips the double-double exponent of the Gaussian factor (relative error up to
 * ~(h² + t²)·ε instead of a few ulps): for the solver's initial guess and first iteration only.
 */
function otmCall(x: number, s: number, precise: boolean): number {
  const h = x / s;
  const t = 0.5 * s;
  const g = gaussFactor(x, s, precise);
  lastVega[0] = INV_SQRT_2PI * g;
  if (h < -UNDERFLOW_H) return 0;
  if (h + t <= ASYMPTOTIC_LIMIT) return 2 * INV_SQRT_2PI * g * asymptoticSum(h, t);
  if (t < SMALL_T_LIMIT) return 2 * t * INV_SQRT_2PI * g * smallTSeries(h, t);
  if (h + t > NORM_CDF_LIMIT) {
    // Φ(z) = ½·erfc(−z/√2); the first term dominates, so the second needs no tail refinement.
    const v = Math.exp(0.5 * x) * erfc(-(h + t) * SQRT1_2) - Math.exp(-0.5 * x) * erfc(-(h - t) * SQRT1_2);
    return Math.max(0.5 * v, 0);
  }
  const v = erfcx(-(h + t) * SQRT1_2) - erfcx(-(h - t) * SQRT1_2);
  return Math.max(0.5 * g * v, 0);
}

/** Normalised intrinsic value max(θ·(e^{x/2} − e^{−x/2}), 0) = max(2θ·sinh(x/2), 0). */
export function normalisedIntrinsic(x: number, theta: 1 | -1): number {
  const v = 2 * theta * Math.sinh(0.5 * x);
  return Math.max(v, 0);
}

/**
 * Normalised Black value b(x, s, θ) (θ = 1 call, −1 put) for finite x and s ≥ 0 (s = +∞ gives
 * the upper bound e^{θx/2}). s = 0 gives the intrinsic value.
 */
export function normalisedBlack(x: number, s: number, theta: 1 | -1): number {
  const xc = theta * x;
  if (!(s > 0)) return normalisedIntrinsic(xc, 1);
  if (s === Number.POSITIVE_INFINITY) return Math.exp(0.5 * xc);
  if (xc > 0) return normalisedIntrinsic(xc, 1) + otmCall(-xc, s, true);
  return otmCall(xc, s, true);
}

/**
 * Normalised vega ∂b/∂s = e^{−(x²/s² + s²/4)/2}/√(2π) (the same for calls and puts); 0 at s = 0
 * unless x = 0.
 */
export function normalisedVega(x: number, s: number): number {
  if (!(s > 0)) return x === 0 ? INV_SQRT_2PI : 0;
  return INV_SQRT_2PI * gaussFactor(x, s, true);
}

/** Out-of-the-money call b(x ≤ 0, s > 0) without the reduction (used by the implied-vol solver). */
export function normalisedOtmCall(x: number, s: number): number {
  return otmCall(x, s, true);
}

/**
 * normalisedOtmCall with the Gaussian factor's exponent in plain double: relative error up to
 * ~(x²/s² + s²/4)·ε (≤ ~1e-13 where b is above the smallest double), for evaluations a later
 * precise Householder step corrects anyway (initial-guess nodes, first iteration).
 */
export function normalisedOtmCallRough(x: number, s: number): number {
  return otmCall(x, s, false);
}

/**
 * Normalised vega at the (x, s) of the most recent normalisedOtmCall / normalisedBlack call that
 * evaluated a time value (saves recomputing e^{−(h²+t²)/2} in the solver's hot loop). Call it
 * right after normalisedOtmCall(x, s) with s > 0.
 */
export function normalisedOtmCallVega(): number {
  return lastVega[0] ?? 0;
}
