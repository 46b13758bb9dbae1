/** Helpers shared by the graph tests (not exported from index.ts). */
import { createRng, type Rng } from '@zomma/engine/rng';
import type { Graph } from './builder.ts';
import type { Tensor } from './core.ts';
import { evalDim } from './dims.ts';

export { createRng, type Rng };

/** n values uniform in [lo, hi). */
export function uniform(rng: Rng, n: number, lo = -1, hi = 1): Float64Array {
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * rng.next());
}

/** n values with |v| in [min, max) and a random sign: away from kinks at 0. */
export function awayFromZero(rng: Rng, n: number, min = 0.2, max = 1.5): Float64Array {
  return Float64Array.from(
    { length: n },
    () => (rng.next() < 0.5 ? -1 : 1) * (min + (max - min) * rng.next()),
  );
}

export function sizeOf(t: Tensor, symbols: Readonly<Record<string, number>> = {}): number {
  return t.shape.reduce<number>((a, d) => {
    const v = evalDim(d, symbols);
    if (v === undefined) throw new Error(`sizeOf: unbound dim in ${t}`);
    return a * v;
  }, 1);
}

/**
 * loss = Σ y ⊙ R with R a fed random tensor of y's shape: every element of y reaches the loss
 * with a distinct weight, so a wrong gradient for any element shows.
 */
export function weightedSum(
  g: Graph,
  y: Tensor,
  rng: Rng,
  feeds: Record<string, Float64Array | BigInt64Array | Uint8Array>,
  symbols: Readonly<Record<string, number>> = {},
): Tensor {
  let name = 'R';
  for (let k = 1; !g.isNameFree(name); k++) name = `R${k}`;
  const r = g.input(name, y.shape);
  feeds[name] = uniform(rng, sizeOf(y, symbols), -1, 1);
  return g.reduceSum(g.mul(y, r));
}

/** Converts float64 feeds to float32 (int64/bool unchanged). */
export function toFloat32<T extends Record<string, Float64Array | BigInt64Array | Uint8Array>>(
  feeds: T,
): Record<string, Float32Array | BigInt64Array | Uint8Array> {
  const out: Record<string, Float32Array | BigInt64Array | Uint8Array> = {};
  for (const [k, v] of Object.entries(feeds)) out[k] = v instanceof Float64Array ? Float32Array.from(v) : v;
  return out;
}
