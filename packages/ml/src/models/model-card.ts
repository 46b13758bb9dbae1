/**
 * What the worker hands to the registry for a trained zoo model: the served ONNX bytes plus the
 * card fields of `createOnnxModelVersion` (packages/db) / the contracts' ModelCard. Nothing here
 * touches the database. `hyperparameters` records everything needed to rebuild and interpret
 * the model without the training code at hand:
 *
 *   { format: 'zomma-nn/1', architecture: model.describe(), inputs: [{ name, shape, dtype }],
 *     outputs: [names], featureNames: { <input>: [names] }, parameterCount, training: {...} }
 *
 * The ONNX is `exportModel` (float32, weights baked, forward only, dropout off); its inputs are
 * the model's inputs in declaration order and 'batch' is the symbolic first axis.
 */
import { exportModel } from '../nn/model.ts';
import type { ParamStore } from '../nn/params.ts';
import type { ZooModel } from './base.ts';

export const ZOO_CARD_FORMAT = 'zomma-nn/1';

export interface ModelCardInput {
  /** Registry model name, e.g. 'regime-classifier'. */
  name: string;
  model: ZooModel;
  params: ParamStore;
  description: string;
  /** Evaluation results; finite numbers only (the registry refuses others). */
  metrics: Readonly<Record<string, number>>;
  /** First and last observation time of the training data (inclusive). */
  trainedFrom: Date;
  trainedTo: Date;
  /** Training settings (seed, epochs, lr, data sizes…), JSON-safe. */
  training?: Readonly<Record<string, unknown>>;
  /** Outputs to serve (default all of the model's outputs). */
  outputs?: readonly string[];
  parentId?: string | null;
}

/** Structurally packages/db's CreateOnnxModelVersionInput (without an explicit version). */
export interface OnnxModelCard {
  name: string;
  description: string;
  onnx: Uint8Array;
  metrics: Record<string, number>;
  hyperparameters: Record<string, unknown>;
  trainedFrom: Date;
  trainedTo: Date;
  parentId: string | null;
}

export function toModelCard(input: ModelCardInput): OnnxModelCard {
  if (input.name.length === 0 || input.name.length > 100) throw new RangeError('toModelCard: name length');
  if (input.description.length > 2000) throw new RangeError('toModelCard: description over 2000 characters');
  if (!(input.trainedFrom.getTime() <= input.trainedTo.getTime()))
    throw new RangeError('toModelCard: trainedFrom must not be after trainedTo');
  for (const [k, v] of Object.entries(input.metrics))
    if (!Number.isFinite(v)) throw new RangeError(`toModelCard: metric '${k}' is ${v}`);
  const compiled = exportModel(input.model, input.params, { outputs: input.outputs });
  const hyperparameters = {
    format: ZOO_CARD_FORMAT,
    architecture: input.model.describe(),
    inputs: input.model.inputs.map((s) => ({ name: s.name, shape: [...s.shape], dtype: s.dtype ?? 'float' })),
    outputs: compiled.outputs.map((o) => o.name),
    featureNames: input.model.inputFeatureNames(),
    parameterCount: input.params.size,
    training: { ...input.training },
  };
  return {
    name: input.name,
    description: input.description,
    onnx: compiled.bytes,
    metrics: { ...input.metrics },
    // A JSON round trip: what the registry stores (readonly arrays and tuples become plain arrays).
    hyperparameters: JSON.parse(JSON.stringify(hyperparameters)) as Record<string, unknown>,
    trainedFrom: input.trainedFrom,
    trainedTo: input.trainedTo,
    parentId: input.parentId ?? null,
  };
}
