/**
 * Gradient checking: the graph's reverse-mode gradients against central finite differences of
 * the loss, both evaluated by onnxruntime in float64. For each checked element x_j:
 *   numeric = (L(x_j + h) − L(x_j − h)) / 2h,  h = eps · max(1, |x_j|)
 *   error   = |analytic − numeric| / max(|analytic|, |numeric|, floor)
 * Truncation error is O(h²·L'''), rounding O(ε_machine·|L|/h); with the defaults (eps 1e-5) both
 * are ~1e-10 for O(1) losses, so float64 results agree to ~1e-8 relative.
 */
import { gradients } from './autodiff.ts';
import type { Graph } from './builder.ts';
import { compileGraph } from './compile.ts';
import type { Tensor } from './core.ts';
import { createRunner, type Feed, type RunOptions } from './runner.ts';

export interface GradCheckOptions extends RunOptions {
  /** Relative step (default 1e-5). */
  eps?: number;
  /** Denominator floor of the relative error (default 1e-3): near-zero gradients are compared absolutely. */
  floor?: number;
  /** Check at most this many elements per tensor, evenly spread (default: all). */
  maxPerTensor?: number;
}

export interface GradCheckEntry {
  readonly name: string;
  readonly checked: number;
  readonly maxError: number;
  readonly worst: { index: number; analytic: number; numeric: number };
  /** The full reverse-mode gradient. */
  readonly analytic: Float64Array;
}

export interface GradCheckResult {
  readonly loss: number;
  /** Largest error over all checked elements. */
  readonly maxError: number;
  readonly entries: readonly GradCheckEntry[];
  /** Forward evaluations used by the finite differences. */
  readonly evaluations: number;
}

/**
 * Appends gradients of `loss` w.r.t. `wrt` (which must be float64 inputs or params, fed in
 * `feeds` as Float64Array) to `g`, and compares them with finite differences.
 */
export async function checkGradients(
  g: Graph,
  loss: Tensor,
  wrt: readonly Tensor[],
  feeds: Readonly<Record<string, Feed>>,
  opts: GradCheckOptions = {},
): Promise<GradCheckResult> {
  if (g.dtype !== 'float64') throw new TypeError('checkGradients: build the graph in float64');
  const eps = opts.eps ?? 1e-5;
  const floor = opts.floor ?? 1e-3;
  for (const w of wrt) {
    if (w.kind !== 'input' && w.kind !== 'param')
      throw new TypeError(`checkGradients: ${w} is not fed, so it cannot be perturbed`);
  }
  const grads = gradients(g, loss, wrt);
  const outputs: Record<string, Tensor> = { loss };
  grads.forEach((d, i) => {
    outputs[`grad_${i}`] = d;
  });
  const full = await createRunner(compileGraph(g, { outputs }));
  const lossOnly = await createRunner(
    compileGraph(g, { outputs: { loss }, inputs: full.inputs.map((s) => byName(g, s.name)) }),
  );
  try {
    const runOpts = { symbols: opts.symbols };
    const base = await full.run(feeds, runOpts);
    const work: Record<string, Feed> = { ...feeds };
    const entries: GradCheckEntry[] = [];
    let evaluations = 0;
    for (const [i, w] of wrt.entries()) {
      const f = feeds[w.name];
      if (!f) throw new Error(`checkGradients: no feed for ${w}`);
      const src = 'dims' in f ? f.data : f;
      if (!(src instanceof Float64Array)) throw new TypeError(`checkGradients: feed ${w} as a Float64Array`);
      const x = Float64Array.from(src);
      work[w.name] = 'dims' in f ? { data: x, dims: f.dims } : x;
      const analytic = base[`grad_${i}`]?.data;
      if (!(analytic instanceof Float64Array)) throw new Error('checkGradients: missing gradient output');
      const step = Math.max(1, Math.ceil(x.length / (opts.maxPerTensor ?? x.length)));
      let worst = { index: -1, analytic: 0, numeric: 0 };
      let maxError = 0;
      let checked = 0;
      for (let j = 0; j < x.length; j += step) {
        const x0 = x[j] ?? 0;
        const h = eps * Math.max(1, Math.abs(x0));
        x[j] = x0 + h;
        const up = scalar((await lossOnly.run(work, runOpts)).loss?.data);
        x[j] = x0 - h;
        const down = scalar((await lossOnly.run(work, runOpts)).loss?.data);
        x[j] = x0;
        evaluations += 2;
        checked++;
        const numeric = (up - down) / (2 * h);
        const a = analytic[j] ?? Number.NaN;
        const err = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), floor);
        if (!(err <= maxError)) {
          maxError = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err;
          worst = { index: j, analytic: a, numeric };
        }
      }
      work[w.name] = f;
      entries.push({ name: w.name, checked, maxError, worst, analytic });
    }
    return {
      loss: scalar(base.loss?.data),
      maxError: Math.max(0, ...entries.map((e) => e.maxError)),
      entries,
      evaluations,
    };
  } finally {
    await full.release();
    await lossOnly.release();
  }
}

function scalar(data: unknown): number {
  if (!(data instanceof Float64Array) || data.length !== 1)
    throw new Error('checkGradients: the loss is not a float64 scalar');
  return data[0] ?? Number.NaN;
}

function byName(g: Graph, name: string): Tensor {
  const t = g.inputs.find((i) => i.name === name);
  if (!t) throw new Error(`checkGradients: no input '${name}'`);
  return t;
}
