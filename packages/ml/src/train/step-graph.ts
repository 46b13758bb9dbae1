/**
 * The training-step graph: forward (training mode) → loss → backward → Adam/AdamW, one ONNX graph
 * run once per mini-batch. And the evaluation graph: forward (inference mode) → loss.
 *
 * Training graph inputs:  the model's inputs, the loss targets, dropout masks (`dropout.*`),
 *   `weights` [P] (all weights, flat, in the model's declaration order), `adam.m`, `adam.v` [P],
 *   `opt.lr`, `opt.bc1`, `opt.bc2` (scalars; see optimizer.ts).
 * Training graph outputs: `loss`, `weights.next`, `adam.m.next`, `adam.v.next`, `gradNorm`
 *   (before clipping), and `part.<name>` for each named loss component.
 * Evaluation graph: inputs the model's inputs, targets and `weights`; outputs `loss`, `part.*`.
 */
import {
  type CompiledGraph,
  compileGraph,
  type FloatType,
  Graph,
  gradients,
  Tensor,
} from '../graph/index.ts';
import type { DropoutSpec } from '../nn/context.ts';
import {
  buildModel,
  declareInputs,
  type InputSpec,
  type Inputs,
  type Model,
  type Outputs,
} from '../nn/model.ts';
import { type ParamLayout, paramLayout } from '../nn/params.ts';
import {
  appendAdam,
  OPT,
  type OptimizerConfig,
  type ResolvedOptimizer,
  resolveOptimizer,
} from './optimizer.ts';

/** A scalar loss, optionally with named components (logged per epoch, e.g. per task). */
export type LossResult = Tensor | { loss: Tensor; parts?: Readonly<Record<string, Tensor>> };

export interface LossSpec {
  /** Extra fed inputs the loss needs (labels, targets), shaped like model inputs ('batch' first). */
  readonly targets: readonly InputSpec[];
  /**
   * The loss from the model's outputs and the targets. `inputs` are the model's input tensors, for
   * losses on input derivatives (e.g. Greeks as d price / d input: `gradients(g, Σ price, [x])`;
   * second-order gradients work for every layer here).
   */
  build(g: Graph, outputs: Outputs, targets: Inputs, inputs: Inputs): LossResult;
}

export interface StepGraphSpec {
  model: Model;
  loss: LossSpec;
  optimizer: OptimizerConfig;
  /** Default float32; float64 for exactness tests. */
  dtype?: FloatType;
}

export interface StepGraphs {
  readonly layout: ParamLayout;
  readonly optimizer: ResolvedOptimizer;
  readonly train: CompiledGraph;
  readonly evaluate: CompiledGraph;
  /** Dropout masks the training graph expects. */
  readonly masks: readonly DropoutSpec[];
  /** What a dataset must provide per row: the model's inputs, then the targets. */
  readonly batchInputs: readonly InputSpec[];
  readonly partNames: readonly string[];
  readonly dtype: FloatType;
}

function lossTensors(result: LossResult): { loss: Tensor; parts: Record<string, Tensor> } {
  if (result instanceof Tensor) return { loss: result, parts: {} };
  return { loss: result.loss, parts: { ...result.parts } };
}

function build(spec: StepGraphSpec, layout: ParamLayout, training: boolean) {
  const g = new Graph({ dtype: spec.dtype ?? 'float32' });
  const weights = g.param(OPT.weights, [layout.size]);
  const model = buildModel(g, spec.model, {
    training,
    weights: { kind: 'flat', layout, input: weights },
  });
  const targets = declareInputs(g, spec.loss.targets);
  const { loss, parts } = lossTensors(spec.loss.build(g, model.outputs, targets, model.inputs));
  const partOutputs: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(parts)) partOutputs[`part.${k}`] = t;
  return { g, weights, model, loss, partOutputs, parts };
}

export function buildStepGraphs(spec: StepGraphSpec): StepGraphs {
  const opt = resolveOptimizer(spec.optimizer);
  const layout = paramLayout(spec.model.params);
  if (layout.size === 0) throw new Error(`model '${spec.model.name}' has no weights`);
  const dtype = spec.dtype ?? 'float32';
  const batchInputs = [...spec.model.inputs, ...spec.loss.targets];
  const names = new Set<string>();
  for (const s of batchInputs) {
    if (names.has(s.name))
      throw new Error(`input '${s.name}' is declared twice (model inputs and loss targets)`);
    names.add(s.name);
  }

  // Training: every weight tensor (a slice of `weights`) is created up front so each has a
  // gradient (zeros for a weight the loss does not use).
  const tr = build(spec, layout, true);
  const specByName = new Map(spec.model.params.map((p) => [p.name, p]));
  const wrt = layout.entries.map((e) => {
    const p = specByName.get(e.name);
    if (!p) throw new Error(`no spec for weight '${e.name}'`);
    return tr.model.ctx.weight(p);
  });
  const grads = gradients(tr.g, tr.loss, wrt, { allowUnused: true });
  const adam = appendAdam(tr.g, opt, layout, tr.weights, grads);
  const train = compileGraph(tr.g, {
    outputs: {
      loss: tr.loss,
      [OPT.weightsOut]: adam.nextWeights,
      [OPT.mOut]: adam.nextM,
      [OPT.vOut]: adam.nextV,
      [OPT.gradNorm]: adam.gradNorm,
      ...tr.partOutputs,
    },
    name: `${spec.model.name}-train-step`,
  });

  const ev = build(spec, layout, false);
  const evaluate = compileGraph(ev.g, {
    outputs: { loss: ev.loss, ...ev.partOutputs },
    name: `${spec.model.name}-evaluate`,
  });
  return {
    layout,
    optimizer: opt,
    train,
    evaluate,
    masks: tr.model.ctx.masks,
    batchInputs,
    partNames: Object.keys(tr.parts),
    dtype,
  };
}
