/**
 * Settings of the Andersen–Lake–Offengenden fixed-point method (qd-fp.ts) and their precomputed
 * tables: Chebyshev nodes, angle-substituted Gauss–Legendre rules and interpolation rows, built once
 * per scheme object (cold code; the hot kernel lives in qd-fp.ts).
 */
import { chebyshevExtrema, chebyshevRow } from './chebyshev.ts';
import { gaussLegendre } from './gauss-legendre.ts';

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
  /**
   * Optional cheaper first steps: `fixedPointSteps` steps (the first Jacobi–Newton) with fewer
   * inner quadrature points from the QD+ start; then this scheme's steps continue from there (all
   * plain). Early iterates are far from the solution, so their quadrature need not be as fine.
   */
  warmUp?: { fixedPointSteps: number; boundaryQuadraturePoints: number };
  /**
   * Degree of the Chebyshev interpolant on whose nodes the QD+ starting boundary is solved
   * (default: chebyshevDegree); a lower degree interpolates the start to the full nodes, saving
   * QD+ solves (the fixed-point steps correct the start anyway).
   */
  startDegree?: number;
  /** Leading fixed-point steps that take the Jacobi–Newton update (default 1). */
  newtonSteps?: number;
  /** Stop the fixed-point steps early once max |Δ ln B| over the nodes is below this (default 0). */
  tolerance?: number;
}

/** 2|r − q|/σ² above which `auto` uses the Φ form. */
export const PDF_FORM_MAX_DRIFT_RATIO = 8;

export interface Prepared {
  n: number;
  l: number;
  p: number;
  m: number;
  usePdf: 'cdf' | 'pdf' | 'auto';
  tolerance: number;
  newtonSteps: number;
  /** Tables for the warm-up steps (same nodes, fewer inner points), or null. */
  warm: Prepared | null;
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
  /** ln(X/B) at the inner points of the current step, per (node i ≥ 1, point k). */
  rootHu: Float64Array;
  expR: Float64Array;
  expQ: Float64Array;
  volS: Float64Array;
  invVolS: Float64Array;
  driftS: Float64Array;
  /** QD+ start nodes (degree startN), their values, and rows mapping them to the nodes (or null). */
  startN: number;
  startXiFrac: Float64Array;
  startY: Float64Array;
  startMap: Float64Array | null;
  /** K·e^{−(r−q)τ_i} per node. */
  alphaN: Float64Array;
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

export function prepare(s: QdFpScheme): Prepared {
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
  const warm =
    s.warmUp === undefined
      ? null
      : prepare({
          chebyshevDegree: n,
          fixedPointSteps: s.warmUp.fixedPointSteps,
          boundaryQuadraturePoints: s.warmUp.boundaryQuadraturePoints,
          premiumQuadraturePoints: 1,
          ...(s.equation === undefined ? {} : { equation: s.equation }),
          ...(s.startDegree === undefined ? {} : { startDegree: s.startDegree }),
        });
  const startN = s.startDegree === undefined ? n : s.startDegree;
  if (!Number.isInteger(startN) || startN < 1 || startN > n) throw new RangeError('startDegree must be 1..n');
  const startNodes = chebyshevExtrema(startN);
  const startXiFrac = new Float64Array(startN + 1);
  for (let i = 0; i <= startN; i++) startXiFrac[i] = 0.5 * (1 + (startNodes[i] ?? 0));
  let startMap: Float64Array | null = null;
  if (startN < n) {
    startMap = new Float64Array(width * (startN + 1));
    for (let i = 0; i < width; i++) startMap.set(chebyshevRow(startNodes, nodes[i] ?? 0), i * (startN + 1));
  }
  const out: Prepared = {
    startN,
    startXiFrac,
    startY: new Float64Array(startN + 1),
    startMap,
    warm,
    n,
    l,
    p,
    m,
    usePdf: s.equation ?? 'auto',
    tolerance: s.tolerance ?? 0,
    newtonSteps: s.newtonSteps ?? 1,
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
    rootHu: new Float64Array(n * l),
    expR: new Float64Array(n * l),
    expQ: new Float64Array(n * l),
    volS: new Float64Array(n * l),
    invVolS: new Float64Array(n * l),
    driftS: new Float64Array(n * l),
    alphaN: new Float64Array(width),
  };
  prepared.set(s, out);
  return out;
}
