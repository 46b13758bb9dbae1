/**
 * Implied normalised volatility s = σ√T from a normalised Black price, after P. Jäckel, "Let's Be
 * Rational", Wilmott (2015) 40–53, and the 2016 revision of its reference implementation:
 * an initial guess from rational cubic interpolation in four branches around the inflection point
 * s_c = √(2|x|) (lower branch through the map f_l = (2π|x|/√27)·Φ(−|x|/(√3·s))³, upper branch
 * through f_u = Φ(−s/2)), then Householder(3) iterations on a branch-specific objective:
 * 1/ln b − 1/ln β in the lowest branch, b − β in the middle ones, ln((b_max − β)/(b_max − b)) in
 * the highest. Two iterations reach machine precision; a third is taken only when the second
 * step was still large (> 1e-4·s). Written from the paper's formulas (not from the reference code).
 */
import { erfc, erfcx, expFast, inverseNormCdfFast, inverseNormCdfFastOfLog, normCdf } from './normal.ts';
import {
  normalisedOtmCall,
  normalisedOtmCallRough,
  normalisedOtmCallVega,
  normalisedVega,
} from './normalised-black.ts';
import { convexControlLeft, convexControlRight, rationalCubic } from './rational-cubic.ts';

const SQRT3 = Math.sqrt(3);
const TWO_PI = 2 * Math.PI;
/** 2π/√27 */
const TWO_PI_OVER_SQRT27 = TWO_PI / Math.sqrt(27);
const SQRT_PI_OVER_2 = Math.sqrt(Math.PI / 2);
const SQRT1_2 = Math.SQRT1_2;
const MAX_ITERATIONS = 3;
const INV_SQRT_2PI = 1 / Math.sqrt(TWO_PI);
/** For x below this, b at the inflection point s_c uses its closed form. */
const CLOSED_FORM_CENTRE = -1e-3;
/** A third iteration runs only if the second step was larger than this (relative to s). */
const THIRD_STEP_THRESHOLD = 1e-4;
/** Above this, erfcx(y) is Cody's direct rational form (no exponential). */
const ERFCX_DIRECT = 0.5;

const LOWEST = 0;
const MIDDLE = 1;
const HIGHEST = 2;

/**
 * Lower map f_l at s and its first two derivatives with respect to the normalised price β
 * (through db/ds = normalised vega); results written to `lowerMap`.
 */
const lowerMap = { f: 0, df: 0, d2f: 0 };
function evalLowerMap(x: number, s: number, vega: number): void {
  const ax = Math.abs(x);
  const z = ax / (SQRT3 * s);
  const y = z * z;
  const ex = erfcx(z * SQRT1_2);
  const e = expFast(-0.5 * y);
  const phi = 0.5 * ex * e; // Φ(−z) = ½·erfcx(z/√2)·e^{−y/2}
  lowerMap.f = TWO_PI_OVER_SQRT27 * ax * phi * phi * phi;
  // x²/s² = 3y, so vega = e^{−3y/2}·e^{−s²/8}/√(2π) gives e^{s²/8} without another exp (unless
  // either factor is too close to underflow for the quotient to keep its precision).
  const e3 = e * e * e;
  const growth = vega > 1e-280 && e3 > 1e-280 ? (e3 * INV_SQRT_2PI) / vega : Math.exp(0.125 * s * s);
  const df = 0.5 * Math.PI * y * ex * ex * growth;
  lowerMap.df = df;
  // d/ds ln(df/dβ) = −2(1+y)/s + 2z·φ(z)/(s·Φ(−z)) + s/4, and φ(z)/Φ(−z) = √(2/π)/erfcx(z/√2).
  const dlog = (-2 * (1 + y)) / s + (2 * z) / (s * SQRT_PI_OVER_2 * ex) + 0.25 * s;
  lowerMap.d2f = (df * dlog) / vega;
}

function inverseLowerMap(x: number, f: number): number {
  const ax = Math.abs(x);
  // p = (f/(c·|x|))^{1/3} on the log scale: Acklam's tail then needs ln p only (no cbrt, no exp).
  const lnP = Math.log(f / (TWO_PI_OVER_SQRT27 * ax)) / 3;
  return ax / (SQRT3 * -inverseNormCdfFastOfLog(Math.min(lnP, -Math.LN2)));
}

/**
 * Normalised implied standard deviation s for an out-of-the-money call in normalised form:
 * x ≤ 0 and 0 < β < e^{x/2} (the caller checks the bounds and reduces puts / in-the-money options
 * by put–call symmetry). Returns s > 0.
 */
export function impliedStdDevOtmCall(beta: number, x: number): number {
  return impliedStdDevOtmCallBounded(beta, x, Math.exp(0.5 * x));
}

/**
 * impliedStdDevOtmCall given the upper bound bMax = e^{x/2} (which the caller has already computed
 * to check β < bMax).
 */
export function impliedStdDevOtmCallBounded(beta: number, x: number, bMax: number): number {
  const sC = Math.sqrt(-2 * x);
  let bC: number;
  let vC: number;
  if (x < CLOSED_FORM_CENTRE) {
    // At s_c, x/s + s/2 = 0: b_c = ½·e^{x/2} − e^{−x/2}·Φ(−s_c) and b′(s_c) = e^{x/2}/√(2π). The
    // subtraction loses < 1.5 digits here, irrelevant for an interpolation node. With y = s_c/√2 =
    // √(−x), e^{−x/2}·Φ(−s_c) = ½·erfc(y)/b_max = ½·erfcx(y)·b_max (e^{−y²} = e^{x} = b_max²),
    // which needs no exponential; erfcx's own small-argument branch would, so there use erfc.
    const y = sC * SQRT1_2;
    bC = 0.5 * bMax * (1 - (y > ERFCX_DIRECT ? erfcx(y) : erfc(y) / (bMax * bMax)));
    vC = bMax * INV_SQRT_2PI;
  } else {
    bC = sC > 0 ? normalisedOtmCallRough(x, sC) : 0;
    vC = sC > 0 ? normalisedOtmCallVega() : normalisedVega(x, sC);
  }
  let s: number;
  let branch: number;
  if (beta < bC) {
    const sL = sC - bC / vC;
    const bL = sL > 0 ? normalisedOtmCallRough(x, sL) : 0;
    const vL = sL > 0 ? normalisedOtmCallVega() : normalisedVega(x, sL);
    if (beta < bL) {
      evalLowerMap(x, sL, vL);
      const fL = lowerMap.f;
      const r = convexControlRight(0, bL, 0, fL, 1, lowerMap.df, lowerMap.d2f, true);
      let f = rationalCubic(beta, 0, bL, 0, fL, 1, lowerMap.df, r);
      if (!(f > 0)) {
        const t = beta / bL;
        f = (fL * t + bL * (1 - t)) * t;
      }
      s = inverseLowerMap(x, f);
      branch = LOWEST;
    } else {
      const r = convexControlRight(bL, bC, sL, sC, 1 / vL, 1 / vC, 0, false);
      s = rationalCubic(beta, bL, bC, sL, sC, 1 / vL, 1 / vC, r);
      branch = MIDDLE;
    }
  } else {
    const sU = sC + (bMax - bC) / vC;
    const bU = normalisedOtmCallRough(x, sU);
    if (beta <= bU) {
      const vU = normalisedOtmCallVega();
      const r = convexControlLeft(bC, bU, sC, sU, 1 / vC, 1 / vU, 0, false);
      s = rationalCubic(beta, bC, bU, sC, sU, 1 / vC, 1 / vU, r);
      branch = MIDDLE;
    } else {
      const fU = normCdf(-0.5 * sU);
      const q = (x / sU) * (x / sU);
      const dfU = -0.5 * Math.exp(0.5 * q);
      const d2fU = (SQRT_PI_OVER_2 * q * Math.exp(q + 0.125 * sU * sU)) / sU;
      const r = convexControlLeft(bU, bMax, fU, 0, dfU, -0.5, d2fU, true);
      let f = rationalCubic(beta, bU, bMax, fU, 0, dfU, -0.5, r);
      if (!(f > 0)) f = 0.5 * (bMax - beta);
      s = -2 * inverseNormCdfFast(Math.min(f, 0.5));
      branch = HIGHEST;
    }
  }
  if (!(s > 0) || !Number.isFinite(s)) s = sC > 0 ? sC : 1;
  return householder(beta, x, s, branch, bMax);
}

/** Householder(3) iterations on the branch's objective, starting from s. */
function householder(beta: number, x: number, s0: number, branch: number, bMax: number): number {
  let s = s0;
  const lnBeta = branch === LOWEST ? Math.log(beta) : 0;
  const x2 = x * x;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    // The first step starts ~1e-3 relative away and converges quartically, so the ~1e-13 relative
    // error of the rough evaluation is corrected by the second, precise one.
    const b = i === 0 ? normalisedOtmCallRough(x, s) : normalisedOtmCall(x, s);
    const bp = normalisedOtmCallVega();
    if (!(bp > 0)) break;
    const s2 = s * s;
    // b''/b' and b'''/b' of the normalised Black function in s.
    const h2b = x2 / (s2 * s) - 0.25 * s;
    const h3b = h2b * h2b - (3 * x2) / (s2 * s2) - 0.25;
    let nu: number;
    let h2: number;
    let h3: number;
    if (branch === LOWEST && b > 0 && b < 1) {
      // ln b = ln β + ln(b/β); once |b/β − 1| ≤ 1e-4, ln(1 + d) to d⁵ (error < d⁶/6 ≤ 2e-25).
      const d = (b - beta) / beta;
      const u =
        Math.abs(d) <= 1e-4 ? lnBeta + d * (1 - d * (0.5 - d * (1 / 3 - d * (0.25 - 0.2 * d)))) : Math.log(b);
      const du = bp / b;
      const r2 = h2b - du; // u''/u'
      const r3 = h3b - 3 * h2b * du + 2 * du * du; // u'''/u'
      const k = du / u;
      nu = ((lnBeta - u) * u) / lnBeta / du;
      h2 = r2 - 2 * k;
      h3 = r3 - 6 * r2 * k + 6 * k * k;
    } else if (branch === HIGHEST && b < bMax) {
      const w = bMax - b;
      const k = bp / w;
      nu = Math.log(w / (bMax - beta)) / k;
      h2 = h2b + k;
      h3 = h3b + 3 * h2b * k + 2 * k * k;
    } else {
      nu = (beta - b) / bp;
      h2 = h2b;
      h3 = h3b;
    }
    let ds = (nu * (1 + 0.5 * h2 * nu)) / (1 + nu * (h2 + (h3 * nu) / 6));
    if (!Number.isFinite(ds)) ds = nu;
    if (!Number.isFinite(ds)) break;
    ds = Math.max(ds, -0.5 * s);
    s += ds;
    // Householder(3) is quartic: a second step below 1e-4·s leaves an error far below rounding.
    if (i >= 1 && Math.abs(ds) <= THIRD_STEP_THRESHOLD * s) break;
  }
  return s;
}
