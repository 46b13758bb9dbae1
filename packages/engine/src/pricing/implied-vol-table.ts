/**
 * Table-driven initial guess for the normalised implied standard deviation s = σ√T of an
 * out-of-the-money call (x = ln(F/K) < 0, 0 < β < b_max = e^{x/2}), replacing Let's Be Rational's
 * rational-cubic guess. Coordinates: λ = ln|x| and E = ln(u/(1 − u)) with u = β/b_max (one log
 * each); target Y = ln(s/|x|). For small s, β ≈ s·(φ(z) + zΦ(z)) with z = x/s, so Y is a smooth
 * function of E − λ; as u → 1, s ≈ √(8·ln(1/(1 − u))) grows like √E; no boundary crosses the
 * grid. A bicubic (4×4 Lagrange) interpolation on a uniform 0.125 grid gives s to < 1e-6 relative
 * inside the domain (λ ∈ [−11.9, 5.25], E ∈ [−59.9, 19.75]: in the bench's ±5 sd, 1 day–5 y,
 * 1%–500% range, all but ~1e-4 of the solves), so ONE precise Householder(3) step (quartic
 * convergence) reaches machine precision. The step size checks it: if it exceeds ACCEPT_STEP·s a
 * second step is taken, and if that is not tiny either, or outside the table (any stencil node
 * missing, x = 0), the full LBR solver runs instead.
 *
 * The table is built lazily on first use from LBR itself (impliedStdDevOtmCallBounded at each
 * node, pure code): TABLE_NODES = 141 × 641 = 90,381 doubles (0.72 MB), ~90 ms on first use.
 */
import { impliedStdDevOtmCallBounded } from './lets-be-rational.ts';
import { normalisedOtmCall, normalisedOtmCallVega } from './normalised-black.ts';

const L_MIN = -12;
const L_STEP = 0.125;
const L_COUNT = 141; // λ up to L_MIN + 140·L_STEP = 5.5 (|x| ≈ 245)
const E_MIN = -60;
const E_STEP = 0.125;
const E_COUNT = 641; // E up to 20 (1 − u ≈ 2e-9)
const INV_L_STEP = 1 / L_STEP;
const INV_E_STEP = 1 / E_STEP;
/** Nodes with β below this are left out (the table's Y is then not worth its accuracy). */
const BETA_MIN = 1e-290;
/** Total number of nodes of the table (Float64). */
export const TABLE_NODES = L_COUNT * E_COUNT;
/** A step larger than this (relative to s) means the guess was off: one more step is taken. */
const ACCEPT_STEP = 1e-5;
/** A second step larger than this (relative to s): fall back to the full LBR solver. */
const ACCEPT_SECOND_STEP = 1e-4;

let table: Float64Array | null = null;

/** Builds the table (exported for tests and the build-time measurement). */
export function buildImpliedVolTable(): Float64Array {
  const t = new Float64Array(TABLE_NODES);
  for (let i = 0; i < L_COUNT; i++) {
    const ax = Math.exp(L_MIN + i * L_STEP);
    const x = -ax;
    const bMax = Math.exp(0.5 * x);
    for (let j = 0; j < E_COUNT; j++) {
      const beta = bMax / (1 + Math.exp(-(E_MIN + j * E_STEP)));
      let y = Number.NaN;
      if (beta < bMax && beta > BETA_MIN) {
        const s = impliedStdDevOtmCallBounded(beta, x, bMax);
        if (s > 0 && Number.isFinite(s)) y = Math.log(s / ax);
      }
      t[i * E_COUNT + j] = y;
    }
  }
  return t;
}

function getTable(): Float64Array {
  if (table === null) table = buildImpliedVolTable();
  return table;
}

/**
 * Interpolated guess for s (NaN outside the table's domain). x < 0, 0 < β < bMax = e^{x/2}.
 */
export function tableGuess(beta: number, x: number, bMax: number): number {
  const tab = getTable();
  const lam = Math.log(-x);
  const e = Math.log(beta / (bMax - beta));
  const fl = (lam - L_MIN) * INV_L_STEP;
  const fd = (e - E_MIN) * INV_E_STEP;
  const i = Math.floor(fl);
  const j = Math.floor(fd);
  if (!(i >= 1 && i <= L_COUNT - 3 && j >= 1 && j <= E_COUNT - 3)) return Number.NaN;
  const u = fl - i;
  const v = fd - j;
  // Cubic Lagrange weights on nodes −1, 0, 1, 2 at offset t ∈ [0, 1).
  const um = u - 1;
  const u2 = u - 2;
  const up = u + 1;
  const a0 = (-u * um * u2) / 6;
  const a1 = (up * um * u2) / 2;
  const a2 = (-up * u * u2) / 2;
  const a3 = (up * u * um) / 6;
  const vm = v - 1;
  const v2 = v - 2;
  const vp = v + 1;
  const b0 = (-v * vm * v2) / 6;
  const b1 = (vp * vm * v2) / 2;
  const b2 = (-vp * v * v2) / 2;
  const b3 = (vp * v * vm) / 6;
  let k = (i - 1) * E_COUNT + (j - 1);
  let y = 0;
  for (let r = 0; r < 4; r++) {
    const row =
      (tab[k] ?? Number.NaN) * b0 +
      (tab[k + 1] ?? Number.NaN) * b1 +
      (tab[k + 2] ?? Number.NaN) * b2 +
      (tab[k + 3] ?? Number.NaN) * b3;
    y += (r === 0 ? a0 : r === 1 ? a1 : r === 2 ? a2 : a3) * row;
    k += E_COUNT;
  }
  return -x * Math.exp(y);
}

/**
 * One precise Householder(3) step on LBR's objectives from s: 1/ln b − 1/ln β when the option is
 * far out of the money (s² < |x|/2, where b is tiny and steep in s), b − β otherwise. Returns the
 * new s; the step is s_new − s. The same arithmetic as one iteration of LBR's own Householder loop
 * (lets-be-rational.ts), kept as a specialised copy on purpose: a shared step function with LBR's
 * three branches and rough/precise switch measured ~4% slower on this hot path (305 vs 291 ns per
 * solve in bench:pricing), and this path is what meets the 300 ns goal.
 */
function householderStep(beta: number, x: number, s: number, lnBeta: number): number {
  const b = normalisedOtmCall(x, s);
  const bp = normalisedOtmCallVega();
  if (!(bp > 0)) return Number.NaN;
  const x2 = x * x;
  const s2 = s * s;
  const h2b = x2 / (s2 * s) - 0.25 * s;
  const h3b = h2b * h2b - (3 * x2) / (s2 * s2) - 0.25;
  let nu: number;
  let h2: number;
  let h3: number;
  if (lnBeta < 0 && b > 0 && b < 1) {
    const dd = (b - beta) / beta;
    const lnB =
      Math.abs(dd) <= 1e-4
        ? lnBeta + dd * (1 - dd * (0.5 - dd * (1 / 3 - dd * (0.25 - 0.2 * dd))))
        : Math.log(b);
    const du = bp / b;
    const r2 = h2b - du;
    const r3 = h3b - 3 * h2b * du + 2 * du * du;
    const k = du / lnB;
    nu = ((lnBeta - lnB) * lnB) / lnBeta / du;
    h2 = r2 - 2 * k;
    h3 = r3 - 6 * r2 * k + 6 * k * k;
  } else {
    nu = (beta - b) / bp;
    h2 = h2b;
    h3 = h3b;
  }
  const ds = (nu * (1 + 0.5 * h2 * nu)) / (1 + nu * (h2 + (h3 * nu) / 6));
  return s + ds;
}

/**
 * impliedStdDevOtmCallBounded (same contract: x ≤ 0, 0 < β < bMax = e^{x/2}, returns s > 0) with
 * the table guess and one (rarely two) precise Householder step(s); full LBR outside the table.
 */
export function impliedStdDevOtmCallTable(beta: number, x: number, bMax: number): number {
  if (x < 0) {
    const s0 = tableGuess(beta, x, bMax);
    if (s0 > 0) {
      const lnBeta = s0 * s0 < -0.5 * x ? Math.log(beta) : 0;
      const s1 = householderStep(beta, x, s0, lnBeta);
      const d1 = Math.abs(s1 - s0);
      if (d1 <= ACCEPT_STEP * s1) return s1;
      if (d1 <= 0.01 * s1) {
        const s2 = householderStep(beta, x, s1, lnBeta);
        if (Math.abs(s2 - s1) <= ACCEPT_SECOND_STEP * s2) return s2;
      }
    }
  }
  return impliedStdDevOtmCallBounded(beta, x, bMax);
}
