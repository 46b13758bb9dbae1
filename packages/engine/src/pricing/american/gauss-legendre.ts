/**
 * Gauss–Legendre nodes and weights on [−1, 1], computed once per order by Newton's method on the
 * Legendre polynomial P_n (three-term recurrence), starting from Tricomi's asymptotic guesses.
 * Accurate to a few ulps for the orders used here (n ≤ 128 in the American tiers; integrated
 * gradients in @zomma/ml ask for up to 2,048, where the Newton iteration still converges).
 */

export interface QuadratureRule {
  /** Nodes in increasing order. */
  readonly x: Float64Array;
  readonly w: Float64Array;
}

const cache = new Map<number, QuadratureRule>();

/** Gauss–Legendre rule with `n` points (exact for polynomials of degree ≤ 2n − 1). */
export function gaussLegendre(n: number): QuadratureRule {
  if (!Number.isInteger(n) || n < 1 || n > 4096) throw new RangeError('quadrature order must be 1..4096');
  const hit = cache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? z : p1;
      const pnm1 = n === 1 ? 1 : p0;
      dp = (n * (z * pn - pnm1)) / (z * z - 1);
      const dz = pn / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    const weight = 2 / ((1 - z * z) * dp * dp);
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = weight;
    w[n - 1 - i] = weight;
  }
  if (n % 2 === 1) x[(n - 1) / 2] = 0;
  const rule = { x, w };
  cache.set(n, rule);
  return rule;
}
