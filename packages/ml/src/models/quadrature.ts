/**
 * Quadrature rules on [0, 1] for the integrated-gradients path integral (integrated-gradients.ts).
 *  'gauss-legendre': m nodes, exact for polynomials of degree 2m − 1 (@zomma/engine/pricing's
 *    gaussLegendre mapped to [0, 1]).
 *  'trapezoid': m + 1 equally spaced nodes including both ends, error O(1/m²) for smooth
 *    integrands; robust across kinks (ReLU).
 */
import { gaussLegendre } from '@zomma/engine/pricing';

export type IgRule = 'trapezoid' | 'gauss-legendre';

/** Nodes α ∈ [0, 1] and weights (Σ = 1) of an m-point rule ('trapezoid': m + 1 nodes). */
export function quadrature(rule: IgRule, m: number): { alphas: Float64Array; weights: Float64Array } {
  if (!(Number.isInteger(m) && m >= 1)) throw new RangeError(`quadrature: m = ${m}`);
  if (rule === 'trapezoid') {
    const alphas = Float64Array.from({ length: m + 1 }, (_, k) => k / m);
    const weights = Float64Array.from({ length: m + 1 }, (_, k) => (k === 0 || k === m ? 0.5 : 1) / m);
    return { alphas, weights };
  }
  // The engine's Gauss–Legendre rule on [−1, 1] (Newton on Pₘ, a few ulps), mapped to [0, 1].
  const gl = gaussLegendre(m);
  const alphas = Float64Array.from(gl.x, (z) => (1 + z) / 2);
  const weights = Float64Array.from(gl.w, (w) => w / 2);
  return { alphas, weights };
}
