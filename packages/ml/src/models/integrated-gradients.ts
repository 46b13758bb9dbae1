/**
 * Integrated gradients (Sundararajan et al. 2017) for any nn Model: for one sample x, a baseline
 * x' (zeros unless given) and a scalar output f (an output, a column of it, or the sum of it),
 *
 *   IGⱼ = (xⱼ − x'ⱼ) · ∫₀¹ ∂f/∂xⱼ (x' + α(x − x')) dα,      Σⱼ IGⱼ = f(x) − f(x')  (completeness)
 *
 * The integral is a quadrature over m nodes: 'gauss-legendre' (default; exact for polynomials of
 * degree 2m − 1 in α, so for smooth nets (tanh, sigmoid, GELU, SiLU, softmax) the error falls
 * faster than any power of m) or 'trapezoid' (m + 1 nodes including both ends, error O(1/m²);
 * the safer choice across ReLU kinks). All nodes, plus the rows α = 0 and α = 1 that give f(x')
 * and f(x), are ONE batched run of `compileInputGradients` (rows never interact, so each row's
 * gradient is its own).
 *
 * Inputs: every float input in `wrt` (default all float inputs) is interpolated; other inputs
 * (int64 ids, and float inputs left out of `wrt`) stay at the sample's values on every row, so
 * the attributions are conditional on them. Attributions keep the input's shape (per time step
 * for sequences); `perFeature` sums them over every axis but the last (e.g. over time).
 * `completenessGap` = |Σ attributions − (f(x) − f(x'))| measures the quadrature error (plus
 * rounding): the graph runs in float64 by default (weights are the float32 trained values), so
 * the gap is the integration error, not float32 noise.
 *
 * Refinement: with `relativeGap`, the step count is multiplied by 4 (up to `maxSteps`, default
 * 2048) until gap ≤ relativeGap·|f(x) − f(x')|; the compiled graph is reused (only the batch
 * grows). Needed for LayerNorm models (the Transformer) against the zero baseline: near α = 0 the
 * normalised vector swings from the learned positions' direction to the input's over a tiny
 * range of α, so the integrand is sharp there. Measured on a 2-block Transformer (d 16, learned
 * positions): relative gap 0.18 at 32 nodes, 2.4e-5 at 512, 3e-14 at 2048; with sinusoidal
 * positions 1.2e-2 at 32, 8.5e-8 at 128. Smooth MLPs and LSTMs reach 1e-8 at 32 nodes.
 */
import { createRunner, type FloatType, type GraphRunner } from '../graph/index.ts';
import { compileInputGradients, type Model } from '../nn/model.ts';
import type { ParamStore } from '../nn/params.ts';
import type { ServedModelRef, SignalModelExplanation } from '../signal-model/propose.ts';
import { type IgRule, quadrature } from './quadrature.ts';

export { type IgRule, quadrature };

/** One sample's values of an input: floats, int64 ids, or bool masks (Uint8Array). */
export type SampleValues = Float32Array | Float64Array | BigInt64Array | Uint8Array;

export interface IntegratedGradientsOptions {
  /** The model output explained. */
  output: string;
  /** Its column for [batch, K] outputs (e.g. a class); omitted: the sum over non-batch axes. */
  index?: number;
  /** Float inputs attributed (default: all float inputs). */
  wrt?: readonly string[];
  /** Quadrature nodes m (default 32). */
  steps?: number;
  rule?: IgRule;
  /** Refine (steps × 4) until completenessGap ≤ relativeGap·|f(x) − f(x')| or maxSteps. */
  relativeGap?: number;
  /** Default 2048. */
  maxSteps?: number;
  /** Default float64 (see the header). */
  dtype?: FloatType;
}

export type ExplainOptions = Pick<IntegratedGradientsOptions, 'steps' | 'rule' | 'relativeGap' | 'maxSteps'>;

export interface IgResult {
  /** f(x). */
  output: number;
  /** f(x'). */
  baseline: number;
  /** Per attributed input: one attribution per element of the sample (its shape without batch). */
  attributions: Record<string, Float64Array>;
  /** Per attributed input: attributions summed over all axes but the last. */
  perFeature: Record<string, Float64Array>;
  /** The sample's values of each attributed input (float64 copies). */
  inputs: Record<string, Float64Array>;
  /** Σ of all attributions. */
  sum: number;
  /** |sum − (output − baseline)|. */
  completenessGap: number;
  /** Quadrature nodes used (after any refinement). */
  steps: number;
}

export class IntegratedGradients {
  private constructor(
    private readonly model: Model,
    private readonly runner: GraphRunner,
    private readonly wrt: readonly string[],
    private readonly defaults: ExplainOptions,
    private readonly dtype: FloatType,
  ) {}

  static async create(
    model: Model,
    params: ParamStore,
    opts: IntegratedGradientsOptions,
  ): Promise<IntegratedGradients> {
    const floats = model.inputs.filter((s) => (s.dtype ?? 'float') === 'float').map((s) => s.name);
    const wrt = opts.wrt ?? floats;
    for (const n of wrt) if (!floats.includes(n)) throw new Error(`IG: '${n}' is not a float input`);
    const dtype = opts.dtype ?? 'float64';
    const compiled = compileInputGradients(model, params, {
      output: opts.output,
      index: opts.index,
      wrt,
      dtype,
    });
    const runner = await createRunner(compiled);
    const { steps, rule, relativeGap, maxSteps } = opts;
    return new IntegratedGradients(model, runner, wrt, { steps, rule, relativeGap, maxSteps }, dtype);
  }

  /**
   * Attributions of one sample (`x`: every model input, batch dim omitted) against `baseline`
   * (zeros for inputs not given); `opts` override the instance's quadrature settings.
   */
  async explain(
    x: Readonly<Record<string, SampleValues>>,
    baseline: Readonly<Record<string, Float32Array | Float64Array>> = {},
    opts: ExplainOptions = {},
  ): Promise<IgResult> {
    const o = { ...this.defaults, ...opts };
    const rule = o.rule ?? 'gauss-legendre';
    const maxSteps = o.maxSteps ?? 2048;
    let steps = o.steps ?? 32;
    let r = await this.run(x, baseline, steps, rule);
    while (
      o.relativeGap !== undefined &&
      r.completenessGap > o.relativeGap * Math.abs(r.output - r.baseline) &&
      steps < maxSteps
    ) {
      steps = Math.min(maxSteps, steps * 4);
      r = await this.run(x, baseline, steps, rule);
    }
    return r;
  }

  private async run(
    x: Readonly<Record<string, SampleValues>>,
    baseline: Readonly<Record<string, Float32Array | Float64Array>>,
    steps: number,
    rule: IgRule,
  ): Promise<IgResult> {
    const { alphas, weights } = quadrature(rule, steps);
    const rows = alphas.length + 2; // row 0: α = 0, row 1: α = 1, then the nodes
    const alphaOf = (r: number) => (r === 0 ? 0 : r === 1 ? 1 : (alphas[r - 2] ?? 0));
    const feeds: Record<string, Float32Array | Float64Array | BigInt64Array | Uint8Array> = {};
    const inputs: Record<string, Float64Array> = {};
    const bases: Record<string, Float64Array> = {};
    for (const spec of this.model.inputs) {
      const size = spec.shape.slice(1).reduce<number>((a, d) => a * Number(d), 1);
      const v = x[spec.name];
      if (!v || v.length !== size)
        throw new RangeError(`IG: input '${spec.name}' needs ${size} values, got ${v?.length ?? 'none'}`);
      // Ids (int64) and masks (bool) are held at the sample's values on every row.
      if (v instanceof BigInt64Array) {
        const held = new BigInt64Array(rows * size);
        for (let r = 0; r < rows; r++) held.set(v, r * size);
        feeds[spec.name] = held;
        continue;
      }
      if (v instanceof Uint8Array) {
        const held = new Uint8Array(rows * size);
        for (let r = 0; r < rows; r++) held.set(v, r * size);
        feeds[spec.name] = held;
        continue;
      }
      if (!this.wrt.includes(spec.name)) {
        const held = this.floats(rows * size);
        for (let r = 0; r < rows; r++) held.set(v, r * size);
        feeds[spec.name] = held;
        continue;
      }
      const x0 = Float64Array.from(baseline[spec.name] ?? new Float64Array(size));
      if (x0.length !== size) throw new RangeError(`IG: baseline '${spec.name}' needs ${size} values`);
      const x1 = Float64Array.from(v);
      const out = this.floats(rows * size);
      for (let r = 0; r < rows; r++) {
        const a = alphaOf(r);
        for (let j = 0; j < size; j++) out[r * size + j] = (x0[j] ?? 0) + a * ((x1[j] ?? 0) - (x0[j] ?? 0));
      }
      feeds[spec.name] = out;
      inputs[spec.name] = x1;
      bases[spec.name] = x0;
    }
    const out = await this.runner.run(feeds);
    const value = out.value?.data;
    if (!value) throw new Error('IG: no value output');
    const f0 = Number(value[0]);
    const f1 = Number(value[1]);
    const attributions: Record<string, Float64Array> = {};
    const perFeature: Record<string, Float64Array> = {};
    let sum = 0;
    for (const name of this.wrt) {
      const g = out[`grad.${name}`]?.data;
      const x1 = inputs[name];
      const x0 = bases[name];
      const spec = this.model.inputs.find((s) => s.name === name);
      if (!g || !x1 || !x0 || !spec) throw new Error(`IG: no gradient for '${name}'`);
      const size = x1.length;
      const attr = new Float64Array(size);
      for (let j = 0; j < size; j++) {
        let integral = 0;
        for (let k = 0; k < alphas.length; k++) integral += (weights[k] ?? 0) * Number(g[(k + 2) * size + j]);
        attr[j] = ((x1[j] ?? 0) - (x0[j] ?? 0)) * integral;
        sum += attr[j] ?? 0;
      }
      const F = Number(spec.shape[spec.shape.length - 1] ?? 1);
      const pf = new Float64Array(spec.shape.length > 1 ? F : 1);
      for (let j = 0; j < size; j++) pf[j % pf.length] = (pf[j % pf.length] ?? 0) + (attr[j] ?? 0);
      attributions[name] = attr;
      perFeature[name] = pf;
    }
    return {
      output: f1,
      baseline: f0,
      attributions,
      perFeature,
      inputs,
      sum,
      completenessGap: Math.abs(sum - (f1 - f0)),
      steps,
    };
  }

  private floats(n: number): Float32Array | Float64Array {
    return this.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  }

  release(): Promise<void> {
    return this.runner.release();
  }
}

/** One-shot: create, explain one sample, release. */
export async function integratedGradients(
  model: Model,
  params: ParamStore,
  x: Readonly<Record<string, SampleValues>>,
  opts: IntegratedGradientsOptions & { baseline?: Readonly<Record<string, Float32Array | Float64Array>> },
): Promise<IgResult> {
  const ig = await IntegratedGradients.create(model, params, opts);
  try {
    return await ig.explain(x, opts.baseline);
  } finally {
    await ig.release();
  }
}

export const IG_METHOD = 'integrated-gradients';

/**
 * The contracts' SignalExplanation (structurally; ml does not depend on contracts): one
 * attribution per feature of each attributed input (`perFeature`, summed over time), named by
 * `featureNames[input]`; `value` is the feature's value in the sample — for a sequence input, at
 * its last step. output = f(x), baseline = f(x'), so baseline + Σ contributions = output up to
 * `completenessGap`. Throws on more than 256 features (the contract's limit) or non-finite numbers.
 */
export function toSignalExplanation(
  result: IgResult,
  opts: { model: ServedModelRef; featureNames: Readonly<Record<string, readonly string[]>> },
): SignalModelExplanation {
  const attributions: SignalModelExplanation['attributions'] = [];
  for (const [name, pf] of Object.entries(result.perFeature)) {
    const names = opts.featureNames[name];
    if (!names || names.length !== pf.length)
      throw new RangeError(`toSignalExplanation: need ${pf.length} feature names for input '${name}'`);
    const values = result.inputs[name] ?? new Float64Array(0);
    const lastStep = values.length - pf.length;
    pf.forEach((c, j) => {
      attributions.push({
        feature: names[j] ?? `${name}.${j}`,
        value: values[lastStep + j] ?? 0,
        contribution: c,
      });
    });
  }
  if (attributions.length > 256)
    throw new RangeError(`toSignalExplanation: ${attributions.length} > 256 features`);
  const finite = [result.output, result.baseline, ...attributions.flatMap((a) => [a.value, a.contribution])];
  if (!finite.every(Number.isFinite)) throw new RangeError('toSignalExplanation: non-finite number');
  return {
    model: opts.model,
    method: IG_METHOD,
    output: result.output,
    baseline: result.baseline,
    attributions,
  };
}
