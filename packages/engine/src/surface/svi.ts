/**
 * Raw SVI (Gatheral 2004) for one expiry: total implied variance w(k) = σ_BS(k)²·t as a function of
 * log-forward-moneyness k = ln(K/F):
 *   w(k) = a + b·(ρ·(k − m) + √((k − m)² + σ²))
 * and Durrleman's butterfly density condition g(k) ≥ 0 (Gatheral–Jacquier 2014, eq. 2.1):
 *   g(k) = (1 − k·w′/(2w))² − (w′²/4)·(1/w + 1/4) + w″/2.
 */

/** Raw SVI parameters of one slice (total variance, not variance). */
export interface SviParams {
  a: number;
  b: number;
  rho: number;
  m: number;
  sigma: number;
}

/** A smile in total variance: anything with w(k) and its first two k-derivatives. */
export interface TotalVarianceSlice {
  /** Total implied variance w(k) = σ²·t at log-forward-moneyness k. */
  w(k: number): number;
  /** ∂w/∂k. */
  dw(k: number): number;
  /** ∂²w/∂k². */
  d2w(k: number): number;
}

/** Largest wing slope b(1 + |ρ|) allowed: Roger Lee's moment bound on total variance (w ≤ 2|k| asymptotically). */
export const SVI_MAX_WING_SLOPE = 2;

/** Why a parameter set is not a valid raw SVI slice, or null when it is. */
export function sviParamsViolation(p: SviParams): string | null {
  const { a, b, rho, m, sigma } = p;
  if (![a, b, rho, m, sigma].every(Number.isFinite)) return 'non-finite parameter';
  if (b < 0) return 'b < 0';
  if (!(Math.abs(rho) < 1)) return '|rho| >= 1';
  if (!(sigma > 0)) return 'sigma <= 0';
  if (a + b * sigma * Math.sqrt(1 - rho * rho) < 0) return 'minimum total variance a + b·σ·√(1−ρ²) < 0';
  return null;
}

/**
 * `p` with `a` raised, if needed, just enough that the minimum total variance a + b·σ·√(1−ρ²) is ≥ 0
 * in floating point (as {@link sviParamsViolation} evaluates it). Fits that impose w ≥ 0 through a
 * constraint that implies it in exact arithmetic (a + c − |d| ≥ 0 in the quasi-explicit coordinates)
 * can miss it by rounding (seen: −1.7e-18 on a 3-day VXX slice); this moves `a` to the bound and up by at
 * most a few ulps, so the change is below any fitted quantity's accuracy. Returns `p` itself when it is
 * already admissible, and null when it violates another constraint (not fixable by moving `a`).
 */
export function sviRaiseToAdmissible(p: SviParams): SviParams | null {
  const why = sviParamsViolation(p);
  if (why === null) return p;
  if (!why.startsWith('minimum total variance')) return null;
  const floor = -p.b * p.sigma * Math.sqrt(1 - p.rho * p.rho);
  let a = floor;
  // Step of 1 ulp of the larger term, doubled until the check passes (≤ ~4 steps in practice).
  let step = Math.max(Number.EPSILON * Math.abs(floor), Number.MIN_VALUE);
  for (let i = 0; i < 64; i++) {
    const q = { ...p, a };
    if (sviParamsViolation(q) === null) return q;
    a += step;
    step *= 2;
  }
  return null;
}

/** Throws RangeError (programmer error) unless `p` satisfies the raw SVI constraints. */
export function assertSviParams(p: SviParams): void {
  const why = sviParamsViolation(p);
  if (why !== null) throw new RangeError(`invalid SVI parameters: ${why}`);
}

export function sviTotalVariance(p: SviParams, k: number): number {
  const x = k - p.m;
  return p.a + p.b * (p.rho * x + Math.sqrt(x * x + p.sigma * p.sigma));
}

/** ∂w/∂k of raw SVI. */
export function sviDw(p: SviParams, k: number): number {
  const x = k - p.m;
  return p.b * (p.rho + x / Math.sqrt(x * x + p.sigma * p.sigma));
}

/** ∂²w/∂k² of raw SVI (≥ 0: raw SVI is convex in k). */
export function sviD2w(p: SviParams, k: number): number {
  const x = k - p.m;
  const s2 = p.sigma * p.sigma;
  const r = Math.sqrt(x * x + s2);
  return (p.b * s2) / (r * r * r);
}

/** Minimum of w over k: a + b·σ·√(1 − ρ²), attained at k = m − ρσ/√(1 − ρ²). */
export function sviMinTotalVariance(p: SviParams): number {
  return p.a + p.b * p.sigma * Math.sqrt(1 - p.rho * p.rho);
}

/** Wrap raw SVI parameters as a {@link TotalVarianceSlice}. Validates them once. */
export function sviSlice(p: SviParams): TotalVarianceSlice {
  assertSviParams(p);
  const q: SviParams = { ...p };
  return {
    w: (k) => sviTotalVariance(q, k),
    dw: (k) => sviDw(q, k),
    d2w: (k) => sviD2w(q, k),
  };
}

/**
 * Durrleman's g(k) from w and its derivatives. The risk-neutral density of ln(K/F) is
 * p(k) = g(k)/√(2πw)·exp(−d₋²/2), so g(k) < 0 somewhere ⇔ butterfly arbitrage. Returns −∞ when w ≤ 0.
 */
export function durrlemanG(w: number, dw: number, d2w: number, k: number): number {
  if (!(w > 0)) return Number.NEGATIVE_INFINITY;
  const u = 1 - (k * dw) / (2 * w);
  return u * u - ((dw * dw) / 4) * (1 / w + 0.25) + d2w / 2;
}

/** g(k) of a slice at k. */
export function sliceG(s: TotalVarianceSlice, k: number): number {
  return durrlemanG(s.w(k), s.dw(k), s.d2w(k), k);
}
