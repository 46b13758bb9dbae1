/**
 * Delbourgo–Gregory rational cubic interpolation ("C² rational cubic spline", IMA J. Numer. Anal.
 * 5, 1985) with the shape-preserving control-parameter choices used by Jäckel's "Let's Be
 * Rational" for its initial guesses. r = 3 is the cubic Hermite; r → ∞ tends to linear.
 */

const EPS = Number.EPSILON;
/** r above this: interpolate linearly (the rational cubic is linear to double precision). */
export const RATIONAL_CUBIC_MAX_CONTROL = 2 / (EPS * EPS);
/** The control parameter must stay above −1 for a positive denominator. */
export const RATIONAL_CUBIC_MIN_CONTROL = -(1 - Math.sqrt(EPS));

/** Value at x of the rational cubic through (xl, yl), (xr, yr) with end slopes dl, dr, control r. */
export function rationalCubic(
  x: number,
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  r: number,
): number {
  const h = xr - xl;
  if (!(Math.abs(h) > 0)) return 0.5 * (yl + yr);
  const t = (x - xl) / h;
  const omt = 1 - t;
  if (!(r < RATIONAL_CUBIC_MAX_CONTROL)) return yr * t + yl * omt;
  const t2 = t * t;
  const omt2 = omt * omt;
  const num = yr * t2 * t + (r * yr - h * dr) * t2 * omt + (r * yl + h * dl) * t * omt2 + yl * omt2 * omt;
  return num / (1 + (r - 3) * t * omt);
}

function ratio(num: number, den: number): number {
  if (num === 0) return 0;
  if (den === 0) return num > 0 ? RATIONAL_CUBIC_MAX_CONTROL : RATIONAL_CUBIC_MIN_CONTROL;
  return num / den;
}

/** Control parameter giving second derivative d2l at the left end. */
function fitLeft(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  d2l: number,
): number {
  const h = xr - xl;
  return ratio(0.5 * h * d2l + (dr - dl), (yr - yl) / h - dl);
}

/** Control parameter giving second derivative d2r at the right end. */
function fitRight(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  d2r: number,
): number {
  const h = xr - xl;
  return ratio(0.5 * h * d2r + (dr - dl), dr - (yr - yl) / h);
}

/** Smallest control parameter that keeps the interpolant monotone and convex/concave like its data. */
function minimumControl(dl: number, dr: number, slope: number, preferShape: boolean): number {
  const monotonic = dl * slope >= 0 && dr * slope >= 0;
  const convex = dl <= slope && slope <= dr;
  const concave = dl >= slope && slope >= dr;
  if (!monotonic && !convex && !concave) return RATIONAL_CUBIC_MIN_CONTROL;
  let r1 = -Number.MAX_VALUE;
  let r2 = -Number.MAX_VALUE;
  if (monotonic) {
    if (Math.abs(slope) > 0) r1 = (dr + dl) / slope;
    else if (preferShape) r1 = RATIONAL_CUBIC_MAX_CONTROL;
  }
  if (convex || concave) {
    const sMinusDl = slope - dl;
    const drMinusS = dr - slope;
    if (Math.abs(sMinusDl) > 0 && Math.abs(drMinusS) > 0) {
      r2 = Math.max(Math.abs((dr - dl) / drMinusS), Math.abs((dr - dl) / sMinusDl));
    } else if (preferShape) r2 = RATIONAL_CUBIC_MAX_CONTROL;
  } else if (monotonic && preferShape) r2 = RATIONAL_CUBIC_MAX_CONTROL;
  return Math.max(RATIONAL_CUBIC_MIN_CONTROL, r1, r2);
}

function shapeSafe(r: number, dl: number, dr: number, slope: number, preferShape: boolean): number {
  const rMin = minimumControl(dl, dr, slope, preferShape);
  return Number.isNaN(r) ? rMin : Math.max(r, rMin);
}

/** Control parameter matching d2l at the left end, raised as needed to preserve shape. */
export function convexControlLeft(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  d2l: number,
  preferShape: boolean,
): number {
  const r = fitLeft(xl, xr, yl, yr, dl, dr, d2l);
  return shapeSafe(r, dl, dr, (yr - yl) / (xr - xl), preferShape);
}

/** Control parameter matching d2r at the right end, raised as needed to preserve shape. */
export function convexControlRight(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  d2r: number,
  preferShape: boolean,
): number {
  const r = fitRight(xl, xr, yl, yr, dl, dr, d2r);
  return shapeSafe(r, dl, dr, (yr - yl) / (xr - xl), preferShape);
}
