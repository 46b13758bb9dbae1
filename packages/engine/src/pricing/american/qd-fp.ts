/**
 * American put by the Andersen–Lake–Offengenden fixed-point method ("High-performance American
 * option pricing", J. Comput. Finance 20(1), 2016), organised like QuantLib's QdFpAmericanEngine:
 *
 * - the exercise boundary B(τ) (τ = time to expiry) is carried as H(ξ) = ln(B/X)², X = B(0⁺) =
 *   K·min(1, r/q), interpolated by a Chebyshev polynomial in ξ = √τ on [0, √T];
 * - the initial boundary is Li's QD+ approximation, solved by Halley's method at each node;
 * - then one Jacobi–Newton step and (m − 1) plain fixed-point steps of B = K·e^{−(r−q)τ}·N/D, with
 *   N, D the Kim integral-equation terms in the Φ (value-matching) form, or in the φ
 *   (smooth-pasting) form when |r − q| < 0.001;
 * - the early-exercise premium ∫₀^T [rK e^{−rt}Φ(−d₋) − qS e^{−qt}Φ(−d₊)] dt is added to the
 *   European price.
 *
 * Quadrature. Every integral here has the form ∫₀^τ g(√u, √(τ − u)) du with g smooth in both square
 * roots (the boundary is a polynomial in √u; the kernels are smooth in √(τ − u)). The angle
 * substitution u = τ·sin²θ makes both roots smooth (√τ·sinθ, √τ·cosθ), so Gauss–Legendre in θ on
 * [0, π/2] converges geometrically, where the usual u = τ − z² leaves a √-singularity at one end
 * (algebraic convergence, ~l^−2.5). All abscissae map to fixed fractions of the Chebyshev variable
 * whatever T is, so the interpolation rows are precomputed once per scheme and each boundary value
 * inside the integrals is a dot product. Inputs are a put with r > 0, σ > 0, T > 0 (american.ts).
 */
import { chebyshevExtrema, chebyshevRow } from './chebyshev.ts';
import { fastNormCdf, fastNormCdfWithPdf, fastNormPdf, lastNormPdf } from './fast-normal.ts';
import { gaussLegendre } from './gauss-legendre.ts';
import { qdPlusPutBoundary } from './qd-plus.ts';

/** Settings of the fixed-point method (ALO's l, m, n, p). */
export interface QdFpScheme {
  /** Degree n of the Chebyshev interpolant of the boundary (n + 1 nodes, one at τ = 0). */
  chebyshevDegree: number;
  /** Fixed-point steps m ≥ 1: one Jacobi–Newton step, then m − 1 plain steps. */
  fixedPointSteps: number;
  /** Gauss–Legendre points l (in θ) for the integrals inside the fixed-point map. */
  boundaryQuadraturePoints: number;
  /** Gauss–Legendre points p (in θ) for the early-exercise premium. */
  premiumQuadraturePoints: number;
  /**
   * Fixed-point equation: Φ (value-matching) form, φ (smooth-pasting) form, or auto: the φ form,
   * which contracts much faster, unless the drift dominates the variance (2|r − q|/σ² > 8, low-vol
   * cases where the φ-form iteration oscillates and diverges), then the Φ form.
   */
  equation?: 'cdf' | 'pdf' | 'auto';
  /** Stop the fixed-point steps early once max |Δ ln B| over the nodes is below this (default 0). */
  tolerance?: number;
}

/** 2|r − q|/σ² above which `auto` uses the Φ form. */
export const PDF_FORM_MAX_DRIFT_RATIO = 8;

interface Prepared {
  n: number;
  l: number;
  p: number;
  m: number;
  usePdf: 'cdf' | 'pdf' | 'auto';
  tolerance: number;
  /** ξ_i / √T for the nodes i = 0..n. */
  xiFrac: Float64Array;
  /** Inner points θ_k: u/τ = sin²θ, √(τ − u)/√τ = cosθ. */
  sin2: Float64Array;
  cos: Float64Array;
  /** Weights for ∫ du / τ (Φ form) and for ∫ du / √(τ − u) / √τ (φ form), with the π/4 factor. */
  wDu: Float64Array;
  wDuRoot: Float64Array;
  /** Interpolation rows at ξ = ξ_i·sinθ_k, per (node i ≥ 1, point k), each n + 1 long. */
  rows: Float64Array;
  /** Premium points: t/T = sin²θ, √t/√T = sinθ, weight for ∫ dt / T, rows at √(T − t) = √T·cosθ. */
  premSin: Float64Array;
  premW: Float64Array;
  premRows: Float64Array;
  /** Scratch, reused across calls (single-threaded; no re-entrancy). */
  y: Float64Array;
  yNew: Float64Array;
  rootH: Float64Array;
  expR: Float64Array;
  expQ: Float64Array;
}

const prepared = new WeakMap<QdFpScheme, Prepared>();

function angleRule(count: number): { sin: Float64Array; cos: Float64Array; w: Float64Array } {
  const gl = gaussLegendre(count);
  const sin = new Float64Array(count);
  const cos = new Float64Array(count);
  const w = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const theta = 0.25 * Math.PI * (1 + (gl.x[k] ?? 0));
    sin[k] = Math.sin(theta);
    cos[k] = Math.cos(theta);
    w[k] = 0.25 * Math.PI * (gl.w[k] ?? 0);
  }
  return { sin, cos, w };
}

function prepare(s: QdFpScheme): Prepared {
  const hit = prepared.get(s);
  if (hit) return hit;
  const n = s.chebyshevDegree;
  const l = s.boundaryQuadraturePoints;
  const p = s.premiumQuadraturePoints;
  const m = s.fixedPointSteps;
  if (!Number.isInteger(m) || m < 1 || m > 100) throw new RangeError('fixedPointSteps must be 1..100');
  const nodes = chebyshevExtrema(n);
  const width = n + 1;
  const xiFrac = new Float64Array(width);
  for (let i = 0; i <= n; i++) xiFrac[i] = 0.5 * (1 + (nodes[i] ?? 0));
  const inner = angleRule(l);
  const sin2 = new Float64Array(l);
  const wDu = new Float64Array(l);
  const wDuRoot = new Float64Array(l);
  for (let k = 0; k < l; k++) {
    const sk = inner.sin[k] ?? 0;
    const ck = inner.cos[k] ?? 0;
    const wk = inner.w[k] ?? 0;
    sin2[k] = sk * sk;
    wDu[k] = 2 * wk * sk * ck; // du = τ·2 sinθ cosθ dθ
    wDuRoot[k] = 2 * wk * sk; // du / √(τ − u) = √τ·2 sinθ dθ
  }
  const rows = new Float64Array(n * l * width);
  for (let i = 1; i <= n; i++) {
    for (let k = 0; k < l; k++) {
      const z = 2 * (xiFrac[i] ?? 0) * (inner.sin[k] ?? 0) - 1;
      rows.set(chebyshevRow(nodes, z), ((i - 1) * l + k) * width);
    }
  }
  const outer = angleRule(p);
  const premW = new Float64Array(p);
  const premRows = new Float64Array(p * width);
  for (let k = 0; k < p; k++) {
    premW[k] = 2 * (outer.w[k] ?? 0) * (outer.sin[k] ?? 0) * (outer.cos[k] ?? 0);
    premRows.set(chebyshevRow(nodes, 2 * (outer.cos[k] ?? 0) - 1), k * width);
  }
  const out: Prepared = {
    n,
    l,
    p,
    m,
    usePdf: s.equation ?? 'auto',
    tolerance: s.tolerance ?? 0,
    xiFrac,
    sin2,
    cos: inner.cos,
    wDu,
    wDuRoot,
    rows,
    premSin: outer.sin,
    premW,
    premRows,
    y: new Float64Array(width),
    yNew: new Float64Array(width),
    rootH: new Float64Array(width),
    expR: new Float64Array(n * l),
    expQ: new Float64Array(n * l),
  };
  prepared.set(s, out);
  return out;
}

/** European put (the premium is added to it); fastNormCdf is within 1e-13 of Φ. */
function europeanPut(S: number, K: number, r: number, q: number, sigma: number, T: number): number {
  const v = sigma * Math.sqrt(T);
  const dp = (Math.log(S / K) + (r - q) * T) / v + 0.5 * v;
  return K * Math.exp(-r * T) * fastNormCdf(v - dp) - S * Math.exp(-q * T) * fastNormCdf(-dp);
}

/**
 * American put price for r > 0, σ > 0, T > 0 (spot S, strike K, yield q): max(European + premium,
 * K − S), and K − S when S is at or below the exercise boundary B(T).
 */
export function qdFpPut(
  S: number,
  K: number,
  r: number,
  q: number,
  sigma: number,
  T: number,
  scheme: QdFpScheme,
): number {
  const P = prepare(scheme);
  const { n, l, m, xiFrac, sin2, cos, rows, y, yNew, rootH, expR, expQ } = P;
  const width = n + 1;
  const X = q > 0 && r < q ? (K * r) / q : K;
  const lnX = Math.log(X);
  const lnK = Math.log(K);
  const sqrtT = Math.sqrt(T);
  const drift = r - q;
  const usePdf =
    P.usePdf === 'pdf' ||
    (P.usePdf === 'auto' && 2 * Math.abs(drift) < PDF_FORM_MAX_DRIFT_RATIO * sigma * sigma);
  const weights = usePdf ? P.wDuRoot : P.wDu;

  y[0] = 0;
  for (let i = 1; i <= n; i++) {
    const xi = (xiFrac[i] ?? 0) * sqrtT;
    const tau = xi * xi;
    const b = qdPlusPutBoundary(K, r, q, sigma, tau, X);
    const lb = Math.log(Math.min(b, X) / X);
    y[i] = lb * lb;
    for (let k = 0; k < l; k++) {
      const u = tau * (sin2[k] ?? 0);
      expR[(i - 1) * l + k] = Math.exp(r * u);
      expQ[(i - 1) * l + k] = Math.exp(q * u);
    }
  }

  for (let iter = 0; iter < m; iter++) {
    const newton = iter === 0;
    let change = 0;
    for (let j = 0; j <= n; j++) rootH[j] = Math.sqrt(Math.max(y[j] ?? 0, 0));
    yNew[0] = 0;
    for (let i = 1; i <= n; i++) {
      const sTau = (xiFrac[i] ?? 0) * sqrtT;
      const tau = sTau * sTau;
      const rootHi = rootH[i] ?? 0;
      const lnb = lnX - rootHi;
      const b = Math.exp(lnb);
      const v = sigma * sTau;
      const dKp = (lnb - lnK + drift * tau) / v + 0.5 * v;
      const dKm = dKp - v;
      let ni = 0;
      let di = 0;
      for (let k = 0; k < l; k++) {
        const idx = (i - 1) * l + k;
        const at = idx * width;
        let hu = 0;
        for (let j = 0; j < width; j++) hu += (rows[at + j] ?? 0) * (y[j] ?? 0);
        const ck = cos[k] ?? 0;
        const vs = v * ck;
        const dp = (Math.sqrt(Math.max(hu, 0)) - rootHi + drift * tau * ck * ck) / vs + 0.5 * vs;
        const wk = weights[k] ?? 0;
        if (usePdf) {
          // φ form, per unit √τ/σ: ∫ e^{qu}[φ(d₊)/(σ√(τ−u)) + Φ(d₊)] du and ∫ e^{ru} φ(d₋)/(σ√(τ−u)) du.
          const cdfP = fastNormCdfWithPdf(dp);
          di += wk * (expQ[idx] ?? 0) * ((lastNormPdf[0] ?? 0) + vs * cdfP);
          ni += wk * (expR[idx] ?? 0) * fastNormPdf(dp - vs);
        } else {
          ni += wk * (expR[idx] ?? 0) * fastNormCdf(dp - vs);
          di += wk * (expQ[idx] ?? 0) * fastNormCdf(dp);
        }
      }
      let N: number;
      let D: number;
      let Nd = 0;
      let Dd = 0;
      if (usePdf) {
        const pdfKp = fastNormPdf(dKp);
        const pdfKm = fastNormPdf(dKm);
        const scale = sTau / sigma;
        N = pdfKm / v + r * scale * ni;
        D = pdfKp / v + fastNormCdf(dKp) + q * scale * di;
        if (newton) {
          Nd = (-pdfKm * dKm) / (b * v * v);
          Dd = (-pdfKp * dKp) / (b * v * v) + pdfKp / (b * v);
        }
      } else {
        N = fastNormCdf(dKm) + r * tau * ni;
        D = fastNormCdf(dKp) + q * tau * di;
        if (newton) {
          Nd = fastNormPdf(dKm) / (b * v);
          Dd = fastNormPdf(dKp) / (b * v);
        }
      }
      const alpha = K * Math.exp(-drift * tau);
      const f = (alpha * N) / D;
      let bNew = f;
      if (newton) {
        const fd = alpha * (Nd / D - (Dd * N) / (D * D));
        const candidate = b - (f - b) / (fd - 1);
        if (Number.isFinite(candidate) && candidate > 0) bNew = candidate;
      }
      if (!(bNew > 0) || !Number.isFinite(bNew)) bNew = b;
      const lb = Math.log(Math.min(bNew, X) / X);
      yNew[i] = lb * lb;
      change = Math.max(change, Math.abs(-lb - rootHi));
    }
    y.set(yNew);
    if (change < P.tolerance) break;
  }

  const bT = X * Math.exp(-Math.sqrt(y[n] ?? 0));
  if (S <= bT) return K - S;
  const lnSX = Math.log(S / X);
  const { premSin, premW, premRows } = P;
  let premium = 0;
  for (let k = 0; k < P.p; k++) {
    const sk = premSin[k] ?? 0;
    const t = T * sk * sk;
    const at = k * width;
    let hb = 0;
    for (let j = 0; j < width; j++) hb += (premRows[at + j] ?? 0) * (y[j] ?? 0);
    const v = sigma * sqrtT * sk;
    const dp = (lnSX + Math.sqrt(Math.max(hb, 0)) + drift * t) / v + 0.5 * v;
    const term = r * K * Math.exp(-r * t) * fastNormCdf(v - dp) - q * S * Math.exp(-q * t) * fastNormCdf(-dp);
    premium += (premW[k] ?? 0) * term;
  }
  premium *= T;
  return Math.max(europeanPut(S, K, r, q, sigma, T) + Math.max(premium, 0), K - S);
}
