/**
 * A precomputed table of American put exercise boundaries over the dimensionless parameters: the
 * starting boundary of the expensive tiers of `priceAmerican` (in place of QD+ and warm-up steps).
 *
 * With K = 1 and time scaled by T, the put's boundary B(τ)/K as a function of τ/T depends only on
 * a = r·T, ρ = q/r and v = σ²·T. The table holds, on a grid over a box of (ln a, ρ, ln v), the
 * boundary as ln(X/B(τ_i)) (X = K·min(1, r/q)) at the Chebyshev nodes ξ_i = √τ_i of degree
 * TABLE_DEGREE (the representation of qd-fp.ts), each solved by the fixed-point method with a fine
 * scheme (NODE_SCHEME). An option inside the box gets its boundary by tensor cubic (4-point
 * Lagrange) interpolation, ~1e-4 in ln B; fixed-point steps then polish it (qdFpPutFromStart).
 *
 * Why not price from the interpolated boundary alone: the premium integral of the Kim
 * representation is first order in the boundary (its derivative in B(t) is ∝ rK − qB > 0; the
 * stationarity of the value holds for the value of the stopping policy, not for this formula), so
 * a 1e-4 error in ln B costs ~0.3·K·1e-4 in price. Measured, it does: ~5e-3 at K = 100.
 *
 * The box is q ≤ r only: for q > r, X = K·r/q and ln(X/B) has a sharp knee in ρ near 1 that a
 * coarse grid does not resolve (interpolation errors of 5e-3 in ln B; ln(K/B) has the same knee).
 * The knee sits where X = K·r/q falls below the q = r boundary, which happens at a different
 * (q − r)/q for every node τ_i (~0.03 at the first node, ~0.3 at the last for σ²T = 0.08): a grid
 * in (ln qT, (q − r)/q or its square root, ln σ²T) of 2112 solves still interpolated to 1e-2.
 * The table is built lazily on first use, deterministically (pure code): TABLE_NODES = 1152 fine
 * solves, 75–110 ms of CPU (tsx, 2-core machine), 83 KB (Float64Array of 1152 × 9).
 */
import { solvePutBoundary } from './qd-fp.ts';
import type { QdFpScheme } from './qd-fp-scheme.ts';

/** Chebyshev degree of the tabulated boundaries. */
export const TABLE_DEGREE = 9;
/** Grid: ln a on [ln A_MIN, ln A_MAX], ρ on [0, 1], ln v on [ln V_MIN, ln V_MAX]. */
const A_MIN = 0.005;
const A_MAX = 0.3;
/** ρ = b/a = q/r on [0, 1], step HB (q > r is left out: X = K·r/q there and ln(X/B) has a sharp knee in ρ). */
const HB = 0.2;
const V_MIN = 1e-3;
const V_MAX = 3;
const NA = 12;
const NB = Math.round(1 / HB) + 1;
const NV = 16;
/** Number of grid nodes (fine fixed-point solves) in the table. */
export const TABLE_NODES = NA * NB * NV;

/** The scheme each table node is solved with (converged: as many steps as the Φ form needs). */
export const NODE_SCHEME: QdFpScheme = {
  chebyshevDegree: TABLE_DEGREE,
  fixedPointSteps: 30,
  boundaryQuadraturePoints: 10,
  premiumQuadraturePoints: 1,
  tolerance: 1e-8,
};
const LA0 = Math.log(A_MIN);
const HA = (Math.log(A_MAX) - LA0) / (NA - 1);
const LV0 = Math.log(V_MIN);
const HV = (Math.log(V_MAX) - LV0) / (NV - 1);

let table: Float64Array | null = null;
const yScratch = new Float64Array(TABLE_DEGREE + 1);
const wa = new Float64Array(4);
const wb = new Float64Array(4);
const wv = new Float64Array(4);

/** Builds the table (cold; called once). Layout: [ia][ib][iv][node 1..n]. */
export function buildBoundaryTable(): Float64Array {
  const n = TABLE_DEGREE;
  const out = new Float64Array(TABLE_NODES * n);
  let at = 0;
  for (let ia = 0; ia < NA; ia++) {
    const a = Math.exp(LA0 + ia * HA);
    for (let ib = 0; ib < NB; ib++) {
      const b = a * ib * HB; // q·T = ρ·r·T
      for (let iv = 0; iv < NV; iv++) {
        const v = Math.exp(LV0 + iv * HV);
        const y = solvePutBoundary(1, a, b, Math.sqrt(v), 1, NODE_SCHEME);
        for (let i = 1; i <= n; i++) out[at++] = Math.sqrt(Math.max(y[i] ?? 0, 0));
      }
    }
  }
  return out;
}

/** Memory held by the table, in bytes (0 before the first use). */
export function boundaryTableBytes(): number {
  return table === null ? 0 : table.byteLength;
}

/** 4-point Lagrange weights at coordinate `x` (in grid steps) on a grid of `count` nodes; returns the first node. */
function stencil(x: number, lo: number, hi: number, w: Float64Array): number {
  const s = Math.min(Math.max(Math.floor(x) - 1, lo), hi - 3);
  const t = x - s;
  const t1 = t - 1;
  const t2 = t - 2;
  const t3 = t - 3;
  w[0] = (-t1 * t2 * t3) / 6;
  w[1] = (t * t2 * t3) / 2;
  w[2] = (-t * t1 * t3) / 2;
  w[3] = (t * t1 * t2) / 6;
  return s;
}

/** Whether the table covers a put with these parameters (r > 0, σ > 0, T > 0). */
export function inTableBox(r: number, q: number, sigma: number, T: number): boolean {
  const a = r * T;
  const v = sigma * sigma * T;
  return a >= A_MIN && a <= A_MAX && q >= 0 && q <= r && v >= V_MIN && v <= V_MAX;
}

/**
 * The boundary of a put inside the box (inTableBox) as y_i = ln(B/X)² at the TABLE_DEGREE nodes,
 * interpolated; a scratch array, overwritten by the next call (read it right away).
 */
export function interpolateBoundary(r: number, q: number, sigma: number, T: number): Float64Array {
  if (table === null) table = buildBoundaryTable();
  const tab = table;
  const n = TABLE_DEGREE;
  const a = r * T;
  const v = sigma * sigma * T;
  const sa = stencil((Math.log(a) - LA0) / HA, 0, NA - 1, wa);
  const sb = stencil(q / r / HB, 0, NB - 1, wb);
  const sv = stencil((Math.log(v) - LV0) / HV, 0, NV - 1, wv);
  const y = yScratch;
  y.fill(0);
  for (let ja = 0; ja < 4; ja++) {
    const fa = wa[ja] ?? 0;
    for (let jb = 0; jb < 4; jb++) {
      const fab = fa * (wb[jb] ?? 0);
      const base = ((sa + ja) * NB + sb + jb) * NV + sv;
      for (let jv = 0; jv < 4; jv++) {
        const f = fab * (wv[jv] ?? 0);
        const at = (base + jv) * n;
        for (let i = 1; i <= n; i++) y[i] = (y[i] ?? 0) + f * (tab[at + i - 1] ?? 0);
      }
    }
  }
  y[0] = 0;
  for (let i = 1; i <= n; i++) {
    const d = Math.max(y[i] ?? 0, 0);
    y[i] = d * d;
  }
  return y;
}
