/**
 * Small deterministic numerical helpers for the surface fits: Nelder–Mead, dense linear solves,
 * a convex quadratic program with a handful of linear inequality constraints (by active-set
 * enumeration), and pool-adjacent-violators isotonic regression.
 */

export interface NelderMeadOptions {
  /** Initial simplex step per coordinate. */
  step: readonly number[];
  maxEvaluations: number;
  /** Stop when the simplex's objective spread is below this (absolute). */
  fTolerance: number;
  /** Stop when the simplex's coordinate spread is below this (absolute, per coordinate). */
  xTolerance: number;
}

export interface NelderMeadResult {
  x: number[];
  f: number;
  evaluations: number;
}

/** Minimize `f` from `x0` by Nelder–Mead (standard coefficients 1, 2, ½, ½). Non-finite f counts as +∞. */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  opts: NelderMeadOptions,
): NelderMeadResult {
  const n = x0.length;
  let evaluations = 0;
  const evalF = (x: readonly number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] = (p[i] ?? 0) + (opts.step[i] ?? 0.1);
    pts.push(p);
  }
  const vals = pts.map(evalF);
  const at = (arr: number[], i: number): number => arr[i] ?? Number.NaN;
  const combine = (c: number[], p: number[], t: number): number[] =>
    c.map((ci, j) => ci + t * (at(p, j) - ci));
  while (evaluations < opts.maxEvaluations) {
    const order = vals.map((_, i) => i).sort((i, j) => at(vals, i) - at(vals, j));
    const sortedPts = order.map((i) => pts[i] ?? []);
    const sortedVals = order.map((i) => at(vals, i));
    for (let i = 0; i <= n; i++) {
      pts[i] = sortedPts[i] ?? [];
      vals[i] = at(sortedVals, i);
    }
    const best = pts[0] ?? [];
    const worst = pts[n] ?? [];
    const fBest = at(vals, 0);
    const fWorst = at(vals, n);
    let xSpread = 0;
    for (let i = 1; i <= n; i++) {
      const p = pts[i] ?? [];
      for (let j = 0; j < n; j++) xSpread = Math.max(xSpread, Math.abs(at(p, j) - at(best, j)));
    }
    if (Math.abs(fWorst - fBest) <= opts.fTolerance && xSpread <= opts.xTolerance) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      const p = pts[i] ?? [];
      for (let j = 0; j < n; j++) centroid[j] = at(centroid, j) + at(p, j) / n;
    }
    const reflected = combine(centroid, worst, -1);
    const fR = evalF(reflected);
    const fSecondWorst = at(vals, n - 1);
    if (fR < fBest) {
      const expanded = combine(centroid, worst, -2);
      const fE = evalF(expanded);
      if (fE < fR) {
        pts[n] = expanded;
        vals[n] = fE;
      } else {
        pts[n] = reflected;
        vals[n] = fR;
      }
      continue;
    }
    if (fR < fSecondWorst) {
      pts[n] = reflected;
      vals[n] = fR;
      continue;
    }
    const outside = fR < fWorst;
    const contracted = combine(centroid, outside ? reflected : worst, 0.5);
    const fC = evalF(contracted);
    if (fC < (outside ? fR : fWorst)) {
      pts[n] = contracted;
      vals[n] = fC;
      continue;
    }
    for (let i = 1; i <= n; i++) {
      pts[i] = combine(best, pts[i] ?? [], 0.5);
      vals[i] = evalF(pts[i] ?? []);
    }
  }
  let bi = 0;
  for (let i = 1; i <= n; i++) if (at(vals, i) < at(vals, bi)) bi = i;
  return { x: (pts[bi] ?? []).slice(), f: at(vals, bi), evaluations };
}

/** Solve the dense system A·x = b (row-major n×n) by Gaussian elimination with partial pivoting; null if singular. */
export function solveLinear(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    let best = 0;
    for (let r = col; r < n; r++) {
      const v = Math.abs(m[r]?.[col] ?? 0);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (!(best > 1e-300)) return null;
    const tmp = m[col] ?? [];
    m[col] = m[piv] ?? [];
    m[piv] = tmp;
    const pr = m[col] ?? [];
    const pv = pr[col] ?? 1;
    for (let r = col + 1; r < n; r++) {
      const row = m[r] ?? [];
      const factor = (row[col] ?? 0) / pv;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) row[c] = (row[c] ?? 0) - factor * (pr[c] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r] ?? [];
    let s = row[n] ?? 0;
    for (let c = r + 1; c < n; c++) s -= (row[c] ?? 0) * (x[c] ?? 0);
    x[r] = s / (row[r] ?? 1);
  }
  return x.every(Number.isFinite) ? x : null;
}

/**
 * Minimize ½xᵀHx − gᵀx subject to C·x ≤ d (few constraints, small n), H symmetric positive
 * (semi)definite. Enumerates active sets of size ≤ n, smallest first, solving each KKT system, and
 * returns the first feasible point with non-negative multipliers (for a convex QP that KKT point is a
 * global minimizer). Returns null only when no candidate qualifies.
 */
export function solveSmallQp(h: number[][], g: number[], c: number[][], d: number[]): number[] | null {
  const n = g.length;
  const nc = d.length;
  const feasible = (x: number[]): boolean =>
    c.every((row, r) => {
      let s = 0;
      for (let j = 0; j < n; j++) s += (row[j] ?? 0) * (x[j] ?? 0);
      return s <= (d[r] ?? 0) + 1e-12 * (1 + Math.abs(d[r] ?? 0));
    });
  let bestX: number[] | null = null;
  let gMax = 0;
  for (const gi of g) gMax = Math.max(gMax, Math.abs(gi));
  const multiplierTolerance = 1e-10 * (1 + gMax);
  const active: number[] = [];
  const tryActive = (): void => {
    const m = active.length;
    const size = n + m;
    const kkt: number[][] = [];
    const rhs: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = new Array<number>(size).fill(0);
      for (let j = 0; j < n; j++) row[j] = h[i]?.[j] ?? 0;
      for (let q = 0; q < m; q++) row[n + q] = c[active[q] ?? 0]?.[i] ?? 0;
      kkt.push(row);
      rhs.push(g[i] ?? 0);
    }
    for (let q = 0; q < m; q++) {
      const row = new Array<number>(size).fill(0);
      const cr = c[active[q] ?? 0] ?? [];
      for (let j = 0; j < n; j++) row[j] = cr[j] ?? 0;
      kkt.push(row);
      rhs.push(d[active[q] ?? 0] ?? 0);
    }
    const sol = solveLinear(kkt, rhs);
    if (sol === null) return;
    const x = sol.slice(0, n);
    for (let q = 0; q < m; q++) if ((sol[n + q] ?? 0) < -multiplierTolerance) return;
    if (!feasible(x)) return;
    bestX = x;
  };
  // A feasible KKT point (λ ≥ 0) of a convex QP is a global minimizer: stop at the first one found,
  // trying small active sets first (the unconstrained minimizer, then single constraints, ...).
  const bySize = (size: number, start: number): boolean => {
    if (active.length === size) {
      tryActive();
      return bestX !== null;
    }
    for (let i = start; i < nc; i++) {
      active.push(i);
      const done = bySize(size, i + 1);
      active.pop();
      if (done) return true;
    }
    return false;
  };
  for (let size = 0; size <= Math.min(n, nc); size++) if (bySize(size, 0)) break;
  return bestX;
}

/** Weighted least-squares non-decreasing fit (pool adjacent violators). */
export function isotonicNonDecreasing(values: readonly number[], weights?: readonly number[]): number[] {
  const blocks: Array<{ v: number; w: number; n: number }> = [];
  values.forEach((v, i) => {
    blocks.push({ v, w: weights?.[i] ?? 1, n: 1 });
    for (;;) {
      const last = blocks[blocks.length - 1];
      const prev = blocks[blocks.length - 2];
      if (!last || !prev || prev.v <= last.v) break;
      const w = prev.w + last.w;
      blocks.splice(blocks.length - 2, 2, {
        v: (prev.v * prev.w + last.v * last.w) / w,
        w,
        n: prev.n + last.n,
      });
    }
  });
  return blocks.flatMap((b) => new Array<number>(b.n).fill(b.v));
}
