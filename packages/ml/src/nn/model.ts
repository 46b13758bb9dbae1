/**
 * Models: a `Layer` with declared inputs and a `forward` that maps input tensors to named output
 * tensors. One `forward` builds every graph the model needs:
 *  - training (train/): weights as slices of a flat fed vector, dropout masks fed;
 *  - serving (`exportModel`): forward only, weights baked as initializers — one self-contained
 *    ONNX file whose inputs are the model's inputs and whose outputs are `forward`'s outputs;
 *  - attribution (`compileInputGradients`): outputs plus d output / d inputs (integrated
 *    gradients, saliency), weights baked.
 *
 *   class Mlp extends Model {
 *     readonly inputs = [{ name: 'x', shape: ['batch', 8] }] as const;
 *     private readonly l1 = this.child(new Dense('l1', { inputSize: 8, units: 32, activation: 'relu' }));
 *     private readonly l2 = this.child(new Dense('l2', { inputSize: 32, units: 1 }));
 *     forward(ctx: BuildContext, x: Inputs) { return { y: this.l2.apply(ctx, this.l1.apply(ctx, input(x, 'x'))) }; }
 *   }
 *
 * Output names must differ from input names (ONNX names are single-assignment). The batch axis is
 * the symbol 'batch'; rows never interact (no batch norm), which `compileInputGradients` relies on.
 */
import {
  type CompiledGraph,
  compileGraph,
  type FloatType,
  Graph,
  gradients,
  type Shape,
  type Tensor,
} from '../graph/index.ts';
import { type BuildContext, GraphContext, Layer, type WeightSource } from './context.ts';
import type { ParamStore } from './params.ts';

export interface InputSpec {
  readonly name: string;
  /** 'batch' first, then static dims (e.g. ['batch', 32, 16]). */
  readonly shape: Shape;
  /** 'float' (the graph's float type, default), 'int64' (ids) or 'bool'. */
  readonly dtype?: 'float' | 'int64' | 'bool';
}

export type Inputs = Readonly<Record<string, Tensor>>;
export type Outputs = Record<string, Tensor>;

export abstract class Model extends Layer {
  abstract readonly inputs: readonly InputSpec[];
  abstract forward(ctx: BuildContext, inputs: Inputs): Outputs;

  constructor(name = 'model') {
    super(name);
  }
}

/** The input tensor `name`, or a clear error. */
export function input(inputs: Inputs, name: string): Tensor {
  const t = inputs[name];
  if (!t) throw new Error(`model input '${name}' is not declared (have ${Object.keys(inputs).join(', ')})`);
  return t;
}

export interface BuiltModel {
  readonly inputs: Inputs;
  readonly outputs: Outputs;
  readonly ctx: GraphContext;
}

/** Declares `specs` as graph inputs of `g`. */
export function declareInputs(g: Graph, specs: readonly InputSpec[]): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const s of specs)
    out[s.name] = g.input(s.name, s.shape, s.dtype === undefined || s.dtype === 'float' ? g.dtype : s.dtype);
  return out;
}

/**
 * Adds the model to `g`: its inputs (declared here), weights from `weights`, and `forward`.
 * `weights`: 'fed' (one graph param per weight, named as the weight) or a ParamStore (baked).
 */
export function buildModel(
  g: Graph,
  model: Model,
  opts: { training: boolean; weights: 'fed' | ParamStore | WeightSource },
): BuiltModel {
  const source: WeightSource =
    opts.weights === 'fed'
      ? { kind: 'fed' }
      : 'kind' in opts.weights
        ? opts.weights
        : { kind: 'baked', params: opts.weights };
  const ctx = new GraphContext(g, opts.training, source);
  const inputs = declareInputs(g, model.inputs);
  const outputs = model.forward(ctx, inputs);
  if (Object.keys(outputs).length === 0)
    throw new Error(`model '${model.name}': forward returned no outputs`);
  return { inputs, outputs, ctx };
}

export interface ExportOptions {
  /** Which outputs to keep (default all). */
  outputs?: readonly string[];
  /** Float type of the served model (default float32). */
  dtype?: FloatType;
  /** ONNX graph name (default the model's name). */
  name?: string;
}

function pick(outputs: Outputs, names: readonly string[] | undefined): Outputs {
  if (!names) return outputs;
  const out: Outputs = {};
  for (const n of names) {
    const t = outputs[n];
    if (!t) throw new Error(`model has no output '${n}' (have ${Object.keys(outputs).join(', ')})`);
    out[n] = t;
  }
  return out;
}

/**
 * The served model: forward only (dropout off), weights as initializers. Run it with
 * `createRunner(compiled)` or `createSession(compiled.bytes)`; its inputs are exactly the
 * model's inputs, in declaration order.
 */
export function exportModel(model: Model, params: ParamStore, opts: ExportOptions = {}): CompiledGraph {
  const g = new Graph({ dtype: opts.dtype ?? 'float32' });
  const built = buildModel(g, model, { training: false, weights: params });
  return compileGraph(g, {
    outputs: pick(built.outputs, opts.outputs),
    inputs: model.inputs.map((s) => input(built.inputs, s.name)),
    name: opts.name ?? model.name,
  });
}

export interface InputGradientOptions {
  /** The output differentiated. */
  output: string;
  /** Its column (last axis) for [batch, K] outputs; omitted: the sum over non-batch axes. */
  index?: number;
  /** Float inputs to differentiate with respect to (default: every float input). */
  wrt?: readonly string[];
  /** Default float32; float64 for precise attributions (needs no float64-less op: all ours qualify). */
  dtype?: FloatType;
}

/**
 * A graph with outputs `value` ([batch]: the selected output per row) and `grad.<input>` for each
 * wrt input (same shape as the input): row b holds d value[b] / d input[b]. Because rows do not
 * interact, the gradient of Σ_b value[b] taken in one backward pass is every row's own gradient,
 * so integrated gradients is one run over a batch of interpolated inputs.
 */
export function compileInputGradients(
  model: Model,
  params: ParamStore,
  opts: InputGradientOptions,
): CompiledGraph {
  const g = new Graph({ dtype: opts.dtype ?? 'float32' });
  const built = buildModel(g, model, { training: false, weights: params });
  const out = pick(built.outputs, [opts.output])[opts.output] as Tensor;
  let value = out;
  if (opts.index !== undefined) {
    const k = out.shape[out.rank - 1];
    if (out.rank < 2 || typeof k !== 'number' || opts.index < 0 || opts.index >= k) {
      throw new RangeError(`compileInputGradients: index ${opts.index} out of range for ${out}`);
    }
    value = g.squeeze(g.slice(out, { axes: [-1], starts: [opts.index], ends: [opts.index + 1] }), [-1]);
  }
  if (value.rank > 1)
    value = g.reduceSum(
      value,
      value.shape.slice(1).map((_, i) => i + 1),
    );
  const names = opts.wrt ?? model.inputs.filter((s) => (s.dtype ?? 'float') === 'float').map((s) => s.name);
  const wrt = names.map((n) => input(built.inputs, n));
  const grads = gradients(g, g.reduceSum(value), wrt, { allowUnused: true });
  const outputs: Outputs = { value };
  names.forEach((n, i) => {
    outputs[`grad.${n}`] = grads[i] as Tensor;
  });
  return compileGraph(g, { outputs, inputs: model.inputs.map((s) => input(built.inputs, s.name)) });
}
