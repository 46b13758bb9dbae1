/** Helpers shared by the nn/, train/ and tfjs tests (not part of the package API). */
import type { Rng } from '@zomma/engine/rng';
import {
  compileGraph,
  createRunner,
  type Feed,
  type Graph,
  type RunOptions,
  type RunOutput,
  type Tensor,
} from '../graph/index.ts';
import type { ParamSpec } from '../nn/params.ts';

/** Runs `outputs` of `g` once on `feeds` and releases the session. */
export async function runOnce(
  g: Graph,
  outputs: Record<string, Tensor>,
  feeds: Readonly<Record<string, Feed>>,
  opts?: RunOptions,
): Promise<Record<string, RunOutput>> {
  const runner = await createRunner(compileGraph(g, { outputs }));
  try {
    return await runner.run(feeds, opts);
  } finally {
    await runner.release();
  }
}

/** The output as a float64 array. */
export function values(out: Record<string, RunOutput>, name: string): Float64Array {
  const d = out[name]?.data;
  if (!(d instanceof Float64Array || d instanceof Float32Array)) throw new Error(`no float output '${name}'`);
  return Float64Array.from(d);
}

/** Uniform weights in [−scale, scale) for every spec (float64 feeds, named like the weights). */
export function randomWeights(
  specs: readonly ParamSpec[],
  rng: Rng,
  scale = 0.5,
): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    out[s.name] = Float64Array.from({ length: n }, () => scale * (2 * rng.next() - 1));
  }
  return out;
}

/** max |a − b| / max |b| (normwise relative error; 0 when both are 0). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`relErr: lengths ${a.length} and ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs((a[i] ?? Number.NaN) - (b[i] ?? Number.NaN)));
    den = Math.max(den, Math.abs(b[i] ?? Number.NaN));
  }
  if (Number.isNaN(num)) return Number.POSITIVE_INFINITY;
  return den === 0 ? num : num / den;
}
