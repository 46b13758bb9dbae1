/**
 * Layers, models, losses and initialisers on top of the graph builder (../graph).
 *
 * Layers own weights (declared in their constructor as `ParamSpec`s named `<layer>.<weight>`) and
 * add nodes through `apply(ctx, ...)`; a `BuildContext` supplies each weight as a fed param, a
 * slice of the trainer's flat weight vector, or a baked initializer, so one `forward` builds the
 * training graph and the served ONNX model alike.
 *
 *   Dense(name, { inputSize, units, activation? })        x [.., in] → [.., units]
 *   LSTM(name, { inputSize, units, returnSequences? })    x [batch, T, F] → { last, cell, sequence? }
 *   MultiHeadAttention(name, { dModel, heads, causal? })  x [batch, T, d] → [batch, T, d]
 *   TransformerEncoderBlock(name, { dModel, heads, dff?, dropout?, norm?: 'pre' | 'post' })
 *   LayerNorm(name, { size })   Dropout(name, rate)   Embedding(name, { vocab, dim })  (ids int64)
 *   activate(g, x, 'relu' | 'gelu' | ...)
 *
 * Models: subclass `Model` (declare `inputs`, child layers, and `forward(ctx, inputs) → outputs`);
 *   ParamStore.init(model.params, seed)         seeded initial weights (ParamStore ↔ JSON / bytes)
 *   buildModel(g, model, { training, weights }) add it to your own Graph ('fed' or a ParamStore)
 *   exportModel(model, params)                  the served model: one self-contained ONNX graph
 *   compileInputGradients(model, params, { output, index?, wrt? })  d output[b] / d input[b]
 *     (integrated gradients: feed a batch of interpolated inputs, average the rows' gradients).
 *   For any other gradient: buildModel with weights 'fed' or a store, then graph `gradients(g,
 *   scalar, [inputs.x])` — inputs are ordinary float tensors.
 *
 * Losses (scalars): mse, huber, softmaxCrossEntropy (int64 labels or float targets; class
 * weights), binaryCrossEntropyWithLogits, weightedSum (multi-task), oneHot.
 * Initialisers: zeros ones constant uniform normal glorotUniform heNormal heUniform orthogonal.
 */
export { type AttentionOptions, MultiHeadAttention, TransformerEncoderBlock } from './attention.ts';
export { type BuildContext, type DropoutSpec, GraphContext, Layer, type WeightSource } from './context.ts';
export {
  constant,
  type Fans,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  normal,
  ones,
  orthogonal,
  uniform,
  zeros,
} from './init.ts';
export { type Activation, activate, Dense, Dropout, Embedding, LayerNorm } from './layers.ts';
export {
  binaryCrossEntropyWithLogits,
  type CrossEntropyOptions,
  huber,
  mse,
  oneHot,
  softmaxCrossEntropy,
  weightedSum,
} from './losses.ts';
export { LSTM, type LstmOutput, type LstmState } from './lstm.ts';
export {
  type BuiltModel,
  buildModel,
  compileInputGradients,
  declareInputs,
  type ExportOptions,
  exportModel,
  type InputGradientOptions,
  type InputSpec,
  type Inputs,
  input,
  Model,
  type Outputs,
} from './model.ts';
export {
  type LayoutEntry,
  type ParamEntry,
  type ParamLayout,
  type ParamSpec,
  ParamStore,
  ParamsJson,
  paramLayout,
} from './params.ts';
