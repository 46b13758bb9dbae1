/**
 * Training in onnxruntime-node: forward, loss, backward and the Adam/AdamW update are one ONNX
 * graph (step-graph.ts) run once per mini-batch; weights and Adam moments are flat vectors fed in
 * and read out each step. The same model `forward` builds the served graph (nn/exportModel).
 *
 *   const model = new MyModel();                                   // an nn Model
 *   const loss: LossSpec = {
 *     targets: [{ name: 'y', shape: ['batch', 1] }],
 *     build: (g, out, t) => mse(g, input(out, 'pred'), input(t, 'y')),   // or { loss, parts }
 *   };
 *   const trainer = await Trainer.create(
 *     { model, loss, optimizer: { kind: 'adamw', lr: 1e-3, weightDecay: 1e-2, clipNorm: 1 } },
 *     ParamStore.init(model.params, seed),
 *   );
 *   const result = await fit(trainer, trainData, {
 *     epochs: 50, batchSize: 256, seed, validation: valData,
 *     earlyStopping: { patience: 5 }, lrSchedule: warmupCosine({ warmupSteps: 100 }),
 *     onProgress: (e) => ...,                 // { kind: 'epoch', epoch, epochs, trainLoss, valLoss, elapsedMs, etaMs, ... }
 *   });
 *   await trainer.release();
 *   const served = exportModel(model, result.params);  // ONNX bytes + IO specs
 *
 * Or `trainModel({ model, loss, optimizer, train, epochs, batchSize, seed, ... })` in one call.
 * Datasets are columnar (`{ size, columns: { x: Float32Array, y: Float32Array, ids: BigInt64Array } }`).
 * Same seed, same data → bit-identical weights (one onnxruntime thread; `threads: 2` is faster on
 * big models but may change the last bits).
 */
export {
  BatchBuffers,
  type Column,
  checkDataset,
  type Dataset,
  rowSize,
  shuffleInto,
  splitDataset,
  subset,
  tensorOf,
} from './data.ts';
export {
  type EpochRecord,
  type FitOptions,
  type FitResult,
  fit,
  type LrSchedule,
  type ProgressEvent,
  type ScheduleInfo,
  trainModel,
  warmupCosine,
} from './fit.ts';
export {
  type AdamTensors,
  appendAdam,
  biasCorrections,
  OPT,
  type OptimizerConfig,
  type ResolvedOptimizer,
  resolveOptimizer,
} from './optimizer.ts';
export {
  buildStepGraphs,
  type LossResult,
  type LossSpec,
  type StepGraphSpec,
  type StepGraphs,
} from './step-graph.ts';
export {
  type EvalResult,
  type FloatArray,
  type StepResult,
  Trainer,
  type TrainerOptions,
  type TrainerState,
} from './trainer.ts';
