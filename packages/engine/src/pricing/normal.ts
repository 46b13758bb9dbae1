/**
 * Error function family and the standard normal distribution, to full double precision.
 *
 * erf/erfc use W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations
 * for the error function", Math. Comp. 23 (1969) 631–638; coefficients as in Netlib SPECFUN
 * CALERF, latest modification 1990). Three intervals: |x| ≤ 0.46875 (erf directly),
 * 0.46875 < |x| ≤ 4 and |x| > 4 (erfc directly), so erfc never suffers `1 − small` cancellation.
 * Coefficients are written as the shortest decimals that round-trip to the same doubles as Cody's
 * 18-digit values.
 */

const ERF_A_0 = 3.1611237438705655;
const ERF_A_1 = 113.86415415105016;
const ERF_A_2 = 377.485237685302;
const ERF_A_3 = 3209.3775891384694;
const ERF_A_4 = 0.18577770618460315;
const ERF_B_0 = 23.601290952344122;
const ERF_B_1 = 244.02463793444417;
const ERF_B_2 = 1282.6165260773723;
const ERF_B_3 = 2844.236833439171;
const ERFC_C_0 = 0.5641884969886701;
const ERFC_C_1 = 8.883149794388377;
const ERFC_C_2 = 66.11919063714163;
const ERFC_C_3 = 298.6351381974001;
const ERFC_C_4 = 881.952221241769;
const ERFC_C_5 = 1712.0476126340707;
const ERFC_C_6 = 2051.0783778260716;
const ERFC_C_7 = 1230.3393547979972;
const ERFC_C_8 = 2.1531153547440383e-8;
const ERFC_D_0 = 15.744926110709835;
const ERFC_D_1 = 117.6939508913125;
const ERFC_D_2 = 537.1811018620099;
const ERFC_D_3 = 1621.3895745666903;
const ERFC_D_4 = 3290.7992357334597;
const ERFC_D_5 = 4362.619090143247;
const ERFC_D_6 = 3439.3676741437216;
const ERFC_D_7 = 1230.3393548037495;
const ERFC_P_0 = 0.30532663496123236;
const ERFC_P_1 = 0.36034489994980445;
const ERFC_P_2 = 0.12578172611122926;
const ERFC_P_3 = 0.016083785148742275;
const ERFC_P_4 = 0.0006587491615298378;
const ERFC_P_5 = 0.016315387137302097;
const ERFC_Q_0 = 2.568520192289822;
const ERFC_Q_1 = 1.8729528499234604;
const ERFC_Q_2 = 0.5279051029514285;
const ERFC_Q_3 = 0.06051834131244132;
const ERFC_Q_4 = 0.0023352049762686918;

/** 1/√π */
const INV_SQRT_PI = 0.5641895835477563;
const THRESH = 0.46875;
/** Below this, x² underflows the erf series harmlessly: erf(x) ≈ 2x/√π. */
const X_SMALL = 1.11e-16;
/** erfc(x) underflows to 0 for x ≥ X_BIG. */
const X_BIG = 26.543;
const SQRT1_2 = Math.SQRT1_2;
/** 1/√2 − SQRT1_2 (the rounding error of the double constant). */
const SQRT1_2_LO = -4.833646656726457e-17;
/** 2/√π */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** Veltkamp splitter 2^27 + 1. */
const SPLITTER = 134217729;
/** Beyond this, erfcx(x) = 1/(x·√π) to double precision (Cody's XHUGE). */
const X_HUGE = 6.71e7;
/** erfcx(x) overflows for x below this (exp(x²) > max double). */
const X_NEG = -26.628;
/** 1/√(2π) */
const INV_SQRT_2PI = 0.3989422804014327;

/** erf(x) for 0 ≤ |x| ≤ THRESH (odd in x). */
function erfSmall(x: number): number {
  const y = Math.abs(x);
  const z = y > X_SMALL ? y * y : 0;
  const a0 = ERF_A_0;
  const a1 = ERF_A_1;
  const a2 = ERF_A_2;
  const a3 = ERF_A_3;
  const a4 = ERF_A_4;
  const b0 = ERF_B_0;
  const b1 = ERF_B_1;
  const b2 = ERF_B_2;
  const b3 = ERF_B_3;
  const num = (((a4 * z + a0) * z + a1) * z + a2) * z + a3;
  const den = (((z + b0) * z + b1) * z + b2) * z + b3;
  return (x * num) / den;
}

/** exp(−y²) computed as exp(−ŷ²)·exp(−(y−ŷ)(y+ŷ)) with ŷ = y rounded down to 1/16 (Cody). */
function expMinusSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/** exp(y²)·erfc(y) for y > THRESH (y positive), without the exp(−y²) factor (Cody's scaled form). */
function erfcxPositiveTail(y: number): number {
  if (y <= 4) {
    const c0 = ERFC_C_0;
    const c1 = ERFC_C_1;
    const c2 = ERFC_C_2;
    const c3 = ERFC_C_3;
    const c4 = ERFC_C_4;
    const c5 = ERFC_C_5;
    const c6 = ERFC_C_6;
    const c7 = ERFC_C_7;
    const c8 = ERFC_C_8;
    const d0 = ERFC_D_0;
    const d1 = ERFC_D_1;
    const d2 = ERFC_D_2;
    const d3 = ERFC_D_3;
    const d4 = ERFC_D_4;
    const d5 = ERFC_D_5;
    const d6 = ERFC_D_6;
    const d7 = ERFC_D_7;
    const num = (((((((c8 * y + c0) * y + c1) * y + c2) * y + c3) * y + c4) * y + c5) * y + c6) * y + c7;
    const den = (((((((y + d0) * y + d1) * y + d2) * y + d3) * y + d4) * y + d5) * y + d6) * y + d7;
    return num / den;
  }
  if (y >= X_HUGE) return INV_SQRT_PI / y;
  const z = 1 / (y * y);
  const p0 = ERFC_P_0;
  const p1 = ERFC_P_1;
  const p2 = ERFC_P_2;
  const p3 = ERFC_P_3;
  const p4 = ERFC_P_4;
  const p5 = ERFC_P_5;
  const q0 = ERFC_Q_0;
  const q1 = ERFC_Q_1;
  const q2 = ERFC_Q_2;
  const q3 = ERFC_Q_3;
  const q4 = ERFC_Q_4;
  const num = ((((p5 * z + p0) * z + p1) * z + p2) * z + p3) * z + p4;
  const den = ((((z + q0) * z + q1) * z + q2) * z + q3) * z + q4;
  return (INV_SQRT_PI - (z * num) / den) / y;
}

/** erfc(y) for y > THRESH (y positive). */
function erfcPositiveTail(y: number): number {
  if (y >= X_BIG) return 0;
  return expMinusSquare(y) * erfcxPositiveTail(y);
}

/** The error function erf(x). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= THRESH) return erfSmall(x);
  const r = 0.5 - erfcPositiveTail(y) + 0.5;
  return x < 0 ? -r : r;
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate in the right tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - erfSmall(x);
  const r = erfcPositiveTail(y);
  return x < 0 ? 2 - r : r;
}

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * Rounding error of p = fl(a·b), so that a·b = p + productError(a, b, p) exactly (Dekker's
 * product; a, b well inside the double range, no FMA in JavaScript).
 */
export function productError(a: number, b: number, p: number): number {
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * Standard normal distribution Φ(x) = ½·erfc(−x/√2), accurate to full relative precision for
 * x → −∞: the rounding of −x/√2 (which erfc would amplify by ~x²) is carried as a first-order
 * correction erfc(z + dz) ≈ erfc(z) − dz·(2/√π)·exp(−z²).
 */
export function normCdf(x: number): number {
  const z = -x * SQRT1_2;
  if (!(Math.abs(z) > THRESH && Math.abs(z) < X_BIG)) return 0.5 * erfc(z);
  const dz = productError(-x, SQRT1_2, z) - x * SQRT1_2_LO;
  return 0.5 * (erfc(z) - dz * TWO_OVER_SQRT_PI * expMinusSquare(Math.abs(z)));
}

/**
 * Scaled complementary error function erfcx(x) = exp(x²)·erfc(x), to full double precision on the
 * whole line (Cody's CALERF with jint = 2). For x → +∞ it decays like 1/(x√π) with no underflow;
 * for x < 0 it is 2·exp(x²) − erfcx(−x), with exp(x²) split as in Cody to keep the relative
 * error at a few ulps; +∞ below x ≈ −26.63, where exp(x²) overflows.
 */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  let r: number;
  if (y <= THRESH) r = Math.exp(x * x) * (1 - erfSmall(x));
  else r = erfcxPositiveTail(y);
  if (x >= 0 || y <= THRESH) return r;
  if (x < X_NEG) return Number.POSITIVE_INFINITY;
  const ysq = Math.trunc(x * 16) / 16;
  const del = (x - ysq) * (x + ysq);
  const e = Math.exp(ysq * ysq) * Math.exp(del);
  return e + e - r;
}

// Polynomial exponential for the solver's hot loop (Math.exp is a C call in V8, ~2× slower).
const LOG2E = Math.LOG2E;
/** ln 2 split so that k·LN2_HI is exact for |k| < 2^11 (fdlibm's ln2_hi / ln2_lo). */
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
/** 1.5·2^52: adding and subtracting it rounds a double of magnitude < 2^51 to the nearest integer. */
const ROUND_SHIFT = 6755399441055744;
/** Exact powers of two 2^(k − 1023) for k = 1 … 2046 (all normal doubles). */
const POW2 = new Float64Array(2047);
for (let k = 0, p = 1; k <= 1023; k++, p *= 2) POW2[1023 + k] = p;
for (let k = 0, p = 1; k <= 1022; k++, p *= 0.5) POW2[1023 - k] = p;
const EXP_C3 = 1 / 6;
const EXP_C4 = 1 / 24;
const EXP_C5 = 1 / 120;
const EXP_C6 = 1 / 720;
const EXP_C7 = 1 / 5040;
const EXP_C8 = 1 / 40320;
const EXP_C9 = 1 / 362880;
const EXP_C10 = 1 / 3628800;
const EXP_C11 = 1 / 39916800;
const EXP_C12 = 1 / 479001600;
const EXP_C13 = 1 / 6227020800;

/**
 * e^x within 1 ulp of Math.exp (tested): x = k·ln 2 + r with |r| ≤ ½·ln 2, e^r − 1 − r − r²/2 by
 * its Taylor polynomial to r¹³ (truncation < 1e-17 relative) in Estrin form, times the exact power
 * 2^k from a table. Outside |x| < 708 (where 2^k or the result may leave the normal range) and for
 * NaN it defers to Math.exp.
 */
export function expFast(x: number): number {
  if (!(x < 708 && x > -708)) return Math.exp(x);
  const k = x * LOG2E + ROUND_SHIFT - ROUND_SHIFT;
  const r = x - k * LN2_HI - k * LN2_LO;
  const r2 = r * r;
  const r4 = r2 * r2;
  const q =
    EXP_C3 +
    r * EXP_C4 +
    r2 * (EXP_C5 + r * EXP_C6) +
    r4 * (EXP_C7 + r * EXP_C8 + r2 * (EXP_C9 + r * EXP_C10)) +
    r4 * r4 * (EXP_C11 + r * EXP_C12 + r2 * EXP_C13);
  return (POW2[(k + 1023) | 0] ?? 0) * (1 + (r + (0.5 * r2 + r2 * r * q)));
}

// Acklam's rational approximation of Φ⁻¹ (relative error < 1.15e-9), refined by one Halley step.
const ACK_A_0 = -39.69683028665376;
const ACK_A_1 = 220.9460984245205;
const ACK_A_2 = -275.9285104469687;
const ACK_A_3 = 138.357751867269;
const ACK_A_4 = -30.66479806614716;
const ACK_A_5 = 2.506628277459239;
const ACK_B_0 = -54.47609879822406;
const ACK_B_1 = 161.5858368580409;
const ACK_B_2 = -155.6989798598866;
const ACK_B_3 = 66.80131188771972;
const ACK_B_4 = -13.28068155288572;
const ACK_C_0 = -0.007784894002430293;
const ACK_C_1 = -0.3223964580411365;
const ACK_C_2 = -2.400758277161838;
const ACK_C_3 = -2.549732539343734;
const ACK_C_4 = 4.374664141464968;
const ACK_C_5 = 2.938163982698783;
const ACK_D_0 = 0.007784695709041462;
const ACK_D_1 = 0.3224671290700398;
const ACK_D_2 = 2.445134137142996;
const ACK_D_3 = 3.754408661907416;
const ACK_P_LOW = 0.02425;
/** √(π/2): Φ(x)/φ(x) = √(π/2)·erfcx(−x/√2). */
const SQRT_PI_OVER_2 = 1.2533141373155003;

const MIN_NORMAL = 2.2250738585072014e-308;

/** ln(ACK_P_LOW): the lower-tail boundary of Acklam's approximation on the log scale. */
const ACK_LN_P_LOW = Math.log(ACK_P_LOW);

/** Acklam's approximation for 0 < p ≤ ½. */
function acklamLowerHalf(p: number): number {
  if (p < ACK_P_LOW) return acklamTail(Math.sqrt(-2 * Math.log(p)));
  return acklamCentral(p);
}

/**
 * inverseNormCdfFast(p) given ln p ≤ ln ½ instead of p: in Acklam's lower tail it needs no
 * exponential (q = √(−2·ln p)), so a caller holding ln p saves the exp and the log.
 */
export function inverseNormCdfFastOfLog(lnP: number): number {
  if (!(lnP <= -Math.LN2)) return Number.NaN;
  if (lnP < ACK_LN_P_LOW) return lnP === Number.NEGATIVE_INFINITY ? lnP : acklamTail(Math.sqrt(-2 * lnP));
  return acklamCentral(expFast(lnP));
}

/** Acklam's lower-tail rational function of q = √(−2·ln p). */
function acklamTail(q: number): number {
  const c0 = ACK_C_0;
  const c1 = ACK_C_1;
  const c2 = ACK_C_2;
  const c3 = ACK_C_3;
  const c4 = ACK_C_4;
  const c5 = ACK_C_5;
  const d0 = ACK_D_0;
  const d1 = ACK_D_1;
  const d2 = ACK_D_2;
  const d3 = ACK_D_3;
  return (
    (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
  );
}

/** Acklam's central rational function for ACK_P_LOW ≤ p ≤ ½. */
function acklamCentral(p: number): number {
  const a0 = ACK_A_0;
  const a1 = ACK_A_1;
  const a2 = ACK_A_2;
  const a3 = ACK_A_3;
  const a4 = ACK_A_4;
  const a5 = ACK_A_5;
  const b0 = ACK_B_0;
  const b1 = ACK_B_1;
  const b2 = ACK_B_2;
  const b3 = ACK_B_3;
  const b4 = ACK_B_4;
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/**
 * Acklam's approximation of Φ⁻¹(p) alone (relative error < 1.15e-9, no refinement step): for
 * initial guesses that an iteration refines anyway. Same domain and ends as inverseNormCdf.
 */
export function inverseNormCdfFast(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p > 0.5) return -inverseNormCdfFast(1 - p);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  return acklamLowerHalf(p);
}

/**
 * Inverse standard normal distribution Φ⁻¹(p) for p ∈ [0, 1], to full double precision: Acklam's
 * approximation, then one Halley step on Φ(x) − p: near the centre (p ≥ ¼) through erf, so small
 * |x| keeps full relative precision; in the tail in relative form, u = (1 − p/Φ(x))·Φ(x)/φ(x) with
 * the Mills ratio Φ/φ from erfcx, so the step works down to the smallest normal p. For p > ½ it
 * returns −Φ⁻¹(1 − p) (1 − p is exact there). Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞.
 */
export function inverseNormCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p > 0.5) return -inverseNormCdf(1 - p);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  const x = acklamLowerHalf(p);
  let u: number;
  if (p >= 0.25) {
    // Near the centre Φ(x) − p = ½·erf(x/√2) − (p − ½), with p − ½ exact: full relative precision.
    u = (0.5 * erf(x * SQRT1_2) - (p - 0.5)) / normPdf(x);
  } else {
    const cdf = normCdf(x);
    // Subnormal p (below ~1e-308) carries fewer than 53 bits: Acklam's 1e-9 is all it can use.
    if (!(cdf >= MIN_NORMAL)) return x;
    u = (1 - p / cdf) * SQRT_PI_OVER_2 * erfcx(-x * SQRT1_2);
  }
  return x - u / (1 + 0.5 * x * u);
}
