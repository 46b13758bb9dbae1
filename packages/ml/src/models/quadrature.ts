/**
 * Quadrature rules on [0, 1] for the integrated-gradients path integral (integrated-gradients.ts).
 *  'gauss-legendre': m nodes, exact for polynomials of degree 2m − 1; nodes by Newton's method
 *    on the Legendre polynomial Pₘ (three-term recurrence), until the Newton step |Δz| < 1e-15.
 *  'trapezoid': m + 1 equally spaced nodes including both ends, error O(1/m²) for smooth
 *    integrands; robust across kinks (ReLU).
 */
export type IgRule = 'trapezoid' | 'gauss-legendre';

/** Nodes α ∈ [0, 1] and weights (Σ = 1) of an m-point rule ('trapezoid': m + 1 nodes). */
export function quadrature(rule: IgRule, m: number): { alphas: Float64Array; weights: Float64Array } {
  if (!(Number.isInteger(m) && m >= 1)) throw new RangeError(`quadrature: m = ${m}`);
  if (rule === 'trapezoid') {
    const alphas = Float64Array.from({ length: m + 1 }, (_, k) => k / m);
    const weights = Float64Array.from({ length: m + 1 }, (_, k) => (k === 0 || k === m ? 0.5 : 1) / m);
    return { alphas, weights };
  }
  // Gauss–Legendre on [−1, 1] by Newton's method on Pₘ (three-term recurrence), mapped to [0, 1].
  const alphas = new Float64Array(m);
  const weights = new Float64Array(m);
  for (let i = 0; i < Math.ceil(m / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= m; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (m * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-15) break;
    }
    const w = 1 / ((1 - z * z) * dp * dp); // 2/((1 − z²)P'²) halved for [0, 1]
    alphas[i] = (1 - z) / 2;
    alphas[m - 1 - i] = (1 + z) / 2;
    weights[i] = w;
    weights[m - 1 - i] = w;
  }
  return { alphas, weights };
}
