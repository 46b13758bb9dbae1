/**
 * American options on a finite-difference grid: Crank–Nicolson in ln S with Rannacher start-up
 * (two steps replaced by four implicit-Euler half steps at expiry and again after every cash
 * dividend), time nodes uniform in √τ (τ = time to expiry) so the steps are finest where the
 * exercise boundary moves fastest, and the early-exercise constraint solved exactly at every step
 * by the Brennan–Schwartz projected tridiagonal sweep. Spot and strike sit on grid nodes.
 *
 * Discrete cash dividends: at an ex-date the spot drops by the amount, so going backward the value
 * just before the ex-date is max(exercise now, V(after, S − D)) — a call is exercised just before
 * the ex-date when the dividend is worth more than the remaining time value. The continuous yield
 * (dividendYield) applies as well.
 *
 * Convergence is second order in both steps (checked in fd.test.ts), so two grids and Richardson
 * extrapolation give a reference good to ~1e-6 (fixtures/american-reference.ts).
 */
import type { VanillaInputs } from '../../types.ts';
import { assertVanillaInputs } from '../black-scholes.ts';

/** A discrete cash dividend: paid at `tYears` from now (ACT/365), `amount` per unit of underlying. */
export interface CashDividend {
  tYears: number;
  amount: number;
}

export interface FdOptions {
  dividends?: readonly CashDividend[];
  /** Space intervals (default 400). */
  spaceSteps?: number;
  /** Time steps before dividend dates are inserted (default 200). */
  timeSteps?: number;
}

export interface FdResult {
  price: number;
  /** ∂V/∂S and ∂²V/∂S² by central differences on the grid. */
  delta: number;
  gamma: number;
  /** −∂V/∂T per year from the PDE at the spot node (0 where exercise is optimal). */
  theta: number;
}

/** Standard deviations of ln S kept on each side of the region of interest. */
const WIDTH_SD = 6.5;

function payoff(right: 1 | -1, strike: number, s: number): number {
  const v = right * (s - strike);
  return Math.max(v, 0);
}

function validateFd(o: VanillaInputs, opts: FdOptions): { n: number; m: number; divs: CashDividend[] } {
  assertVanillaInputs(o);
  if (!(o.vol > 0)) throw new RangeError('the finite-difference engine needs vol > 0');
  const n = opts.spaceSteps ?? 400;
  const m = opts.timeSteps ?? 200;
  if (!Number.isInteger(n) || n < 20) throw new RangeError('spaceSteps must be an integer ≥ 20');
  if (!Number.isInteger(m) || m < 4) throw new RangeError('timeSteps must be an integer ≥ 4');
  const divs = (opts.dividends ?? []).filter((d) => d.tYears > 0 && d.tYears < o.tYears);
  for (const d of opts.dividends ?? []) {
    if (!Number.isFinite(d.tYears) || !Number.isFinite(d.amount) || d.amount < 0) {
      throw new RangeError('dividends need finite tYears and a non-negative amount');
    }
  }
  return { n, m, divs };
}

/** Solve on the grid and read price, delta, gamma and theta at the spot. */
export function solveAmericanFD(o: VanillaInputs, opts: FdOptions = {}): FdResult {
  const { n: nSteps, m: mSteps, divs } = validateFd(o, opts);
  const right: 1 | -1 = o.right === 'call' ? 1 : -1;
  const S = o.spot;
  const K = o.strike;
  const T = o.tYears;
  if (T === 0) {
    const value = payoff(right, K, S);
    const delta = value > 0 ? right : 0;
    return { price: value, delta, gamma: 0, theta: 0 };
  }
  const sigma = o.vol;
  const r = o.rate;
  const q = o.dividendYield;
  const a = 0.5 * sigma * sigma;
  const b = r - q - a;
  const sd = sigma * Math.sqrt(T);
  const divTotal = divs.reduce((acc, d) => acc + d.amount, 0);

  // Grid in x = ln S: spot on node iS, strike on a node when it is at least half a cell away.
  const lnS = Math.log(S);
  const lnK = Math.log(K);
  const pad = WIDTH_SD * sd + Math.abs(b) * T;
  const lowX = Math.min(lnS, lnK, Math.log(Math.max(S - divTotal, S * 1e-3))) - pad;
  const highX = Math.max(lnS, lnK) + pad;
  let dx = (highX - lowX) / nSteps;
  const gapK = Math.abs(lnK - lnS);
  if (gapK > 0.5 * dx) dx = gapK / Math.round(gapK / dx);
  const iS = Math.ceil((lnS - lowX) / dx);
  const size = iS + Math.ceil((highX - lnS) / dx) + 1;
  const x0 = lnS - iS * dx;
  const spot = new Float64Array(size);
  const exercise = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    spot[i] = Math.exp(x0 + i * dx);
    exercise[i] = payoff(right, K, spot[i] ?? 0);
  }
  let v = Float64Array.from(exercise);
  let next = new Float64Array(size);

  // Time nodes in τ: uniform in √τ, plus each dividend's τ_d = T − t_d.
  const taus: number[] = [];
  for (let j = 0; j <= mSteps; j++) taus.push(T * (j / mSteps) ** 2);
  const divAt = new Map<number, number>();
  for (const d of divs) {
    const tau = T - d.tYears;
    divAt.set(tau, (divAt.get(tau) ?? 0) + d.amount);
    taus.push(tau);
  }
  const grid = [...new Set(taus)].sort((p, s) => p - s);

  const lo = new Float64Array(size);
  const di = new Float64Array(size);
  const up = new Float64Array(size);
  const rhs = new Float64Array(size);
  const cw = new Float64Array(size);
  const dw = new Float64Array(size);
  const inv = 1 / (dx * dx);
  const la = a * inv - b / (2 * dx);
  const ld = -2 * a * inv - r;
  const lu = a * inv + b / (2 * dx);

  const boundary = (i: number, tau: number): number => {
    const s = spot[i] ?? 0;
    const forward = right * (s * Math.exp(-q * tau) - K * Math.exp(-r * tau));
    return Math.max(exercise[i] ?? 0, forward, 0);
  };

  const step = (dt: number, theta: number, tauNew: number): void => {
    const impl = theta * dt;
    const expl = (1 - theta) * dt;
    for (let i = 1; i < size - 1; i++) {
      lo[i] = -impl * la;
      di[i] = 1 - impl * ld;
      up[i] = -impl * lu;
      rhs[i] = (v[i] ?? 0) + expl * (la * (v[i - 1] ?? 0) + ld * (v[i] ?? 0) + lu * (v[i + 1] ?? 0));
    }
    const vLow = boundary(0, tauNew);
    const vHigh = boundary(size - 1, tauNew);
    rhs[1] = (rhs[1] ?? 0) - (lo[1] ?? 0) * vLow;
    rhs[size - 2] = (rhs[size - 2] ?? 0) - (up[size - 2] ?? 0) * vHigh;
    next[0] = vLow;
    next[size - 1] = vHigh;
    if (right === 1) {
      // Exercise region above the boundary: eliminate upward, substitute downward with projection.
      let c = (up[1] ?? 0) / (di[1] ?? 1);
      let d = (rhs[1] ?? 0) / (di[1] ?? 1);
      cw[1] = c;
      dw[1] = d;
      for (let i = 2; i < size - 1; i++) {
        const den = (di[i] ?? 0) - (lo[i] ?? 0) * c;
        c = (up[i] ?? 0) / den;
        d = ((rhs[i] ?? 0) - (lo[i] ?? 0) * d) / den;
        cw[i] = c;
        dw[i] = d;
      }
      let prev = Math.max(dw[size - 2] ?? 0, exercise[size - 2] ?? 0);
      next[size - 2] = prev;
      for (let i = size - 3; i >= 1; i--) {
        prev = Math.max((dw[i] ?? 0) - (cw[i] ?? 0) * prev, exercise[i] ?? 0);
        next[i] = prev;
      }
    } else {
      // Exercise region below the boundary: eliminate downward, substitute upward with projection.
      let c = (lo[size - 2] ?? 0) / (di[size - 2] ?? 1);
      let d = (rhs[size - 2] ?? 0) / (di[size - 2] ?? 1);
      cw[size - 2] = c;
      dw[size - 2] = d;
      for (let i = size - 3; i >= 1; i--) {
        const den = (di[i] ?? 0) - (up[i] ?? 0) * c;
        c = (lo[i] ?? 0) / den;
        d = ((rhs[i] ?? 0) - (up[i] ?? 0) * d) / den;
        cw[i] = c;
        dw[i] = d;
      }
      let prev = Math.max(dw[1] ?? 0, exercise[1] ?? 0);
      next[1] = prev;
      for (let i = 2; i < size - 1; i++) {
        prev = Math.max((dw[i] ?? 0) - (cw[i] ?? 0) * prev, exercise[i] ?? 0);
        next[i] = prev;
      }
    }
    const swap = v;
    v = next;
    next = swap;
  };

  const applyDividend = (amount: number): void => {
    for (let i = 0; i < size; i++) {
      const after = (spot[i] ?? 0) - amount;
      let value: number;
      if (after <= (spot[0] ?? 0)) {
        value = right === 1 ? 0 : Math.max(K - Math.max(after, 0), v[0] ?? 0);
      } else {
        const pos = (Math.log(after) - x0) / dx;
        const j = Math.min(Math.max(Math.floor(pos) - 1, 0), size - 4);
        const t = pos - j;
        const y0 = v[j] ?? 0;
        const y1 = v[j + 1] ?? 0;
        const y2 = v[j + 2] ?? 0;
        const y3 = v[j + 3] ?? 0;
        // Cubic Lagrange through nodes j..j+3 at offset t ∈ [0, 3].
        value =
          (-y0 * (t - 1) * (t - 2) * (t - 3)) / 6 +
          (y1 * t * (t - 2) * (t - 3)) / 2 -
          (y2 * t * (t - 1) * (t - 3)) / 2 +
          (y3 * t * (t - 1) * (t - 2)) / 6;
      }
      next[i] = Math.max(value, exercise[i] ?? 0);
    }
    const swap = v;
    v = next;
    next = swap;
  };

  let smoothing = 2;
  for (let j = 1; j < grid.length; j++) {
    const tau0 = grid[j - 1] ?? 0;
    const tau1 = grid[j] ?? 0;
    const dt = tau1 - tau0;
    if (smoothing > 0) {
      step(0.5 * dt, 1, tau0 + 0.5 * dt);
      step(0.5 * dt, 1, tau1);
      smoothing--;
    } else {
      step(dt, 0.5, tau1);
    }
    const amount = divAt.get(tau1);
    if (amount !== undefined && amount > 0) {
      applyDividend(amount);
      smoothing = 2;
    }
  }

  const vm = v[iS - 1] ?? 0;
  const v0 = v[iS] ?? 0;
  const vp = v[iS + 1] ?? 0;
  const vx = (vp - vm) / (2 * dx);
  const vxx = (vp - 2 * v0 + vm) * inv;
  const delta = vx / S;
  const gamma = (vxx - vx) / (S * S);
  const exercised = v0 <= (exercise[iS] ?? 0) + 1e-13 * K;
  const theta = exercised ? 0 : -(a * vxx + b * vx - r * v0);
  return { price: v0, delta: exercised ? right : delta, gamma: exercised ? 0 : gamma, theta };
}

/** American price on the finite-difference grid (see the file comment); also handles cash dividends. */
export function priceAmericanFD(o: VanillaInputs, opts: FdOptions = {}): number {
  return solveAmericanFD(o, opts).price;
}
