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

const ERF_A = [
  3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315,
] as const;
const ERF_B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171] as const;
const ERFC_C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
] as const;
const ERFC_D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
] as const;
const ERFC_P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097,
] as const;
const ERFC_Q = [
  2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918,
] as const;

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
/** 1/√(2π) */
const INV_SQRT_2PI = 0.3989422804014327;

/** erf(x) for 0 ≤ |x| ≤ THRESH (odd in x). */
function erfSmall(x: number): number {
  const y = Math.abs(x);
  const z = y > X_SMALL ? y * y : 0;
  const [a0, a1, a2, a3, a4] = ERF_A;
  const [b0, b1, b2, b3] = ERF_B;
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

/** erfc(y) for y > THRESH (y positive). */
function erfcPositiveTail(y: number): number {
  if (y <= 4) {
    const [c0, c1, c2, c3, c4, c5, c6, c7, c8] = ERFC_C;
    const [d0, d1, d2, d3, d4, d5, d6, d7] = ERFC_D;
    const num = (((((((c8 * y + c0) * y + c1) * y + c2) * y + c3) * y + c4) * y + c5) * y + c6) * y + c7;
    const den = (((((((y + d0) * y + d1) * y + d2) * y + d3) * y + d4) * y + d5) * y + d6) * y + d7;
    return (expMinusSquare(y) * num) / den;
  }
  if (y >= X_BIG) return 0;
  const z = 1 / (y * y);
  const [p0, p1, p2, p3, p4, p5] = ERFC_P;
  const [q0, q1, q2, q3, q4] = ERFC_Q;
  const num = ((((p5 * z + p0) * z + p1) * z + p2) * z + p3) * z + p4;
  const den = ((((z + q0) * z + q1) * z + q2) * z + q3) * z + q4;
  return (expMinusSquare(y) * (INV_SQRT_PI - (z * num) / den)) / y;
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

/** Rounding error of fl(a·b) (Dekker's exact product; a, b well inside the double range). */
function productError(a: number, b: number, p: number): number {
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
