/**
 * Model registry DTOs beyond the alias/promote ones in ../model.schema.ts: what a learned
 * (ONNX) version records about itself, and what a signal cites about the model that made it.
 */
import { z } from 'zod';
import { ModelRef, ModelVersion } from '../model.schema.ts';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const ModelName = z.string().min(1).max(100);
const FiniteNumber = z.number().finite();

/**
 * What a trainer hands to the registry with the ONNX bytes (the bytes travel beside it; their
 * sha256 is computed by the registry, never trusted from the caller). The training window is
 * the first and last observation time used, inclusive.
 */
export const ModelCard = z
  .strictObject({
    name: ModelName,
    description: z.string().max(2000),
    hyperparameters: z.record(z.string(), z.unknown()),
    /** Evaluation results (e.g. `mse`, `hitRate`); finite numbers only. */
    metrics: z.record(z.string(), FiniteNumber),
    trainedFrom: z.date(),
    trainedTo: z.date(),
    parentId: z.uuid().nullable(),
  })
  .refine((c) => c.trainedFrom.getTime() <= c.trainedTo.getTime(), {
    message: 'trainedFrom must not be after trainedTo',
    path: ['trainedTo'],
  });
export type ModelCard = z.infer<typeof ModelCard>;

/** A version as the registry lists it: the alias DTO plus the training window (null for RULE kinds). */
export const ModelVersionDetail = ModelVersion;
export type ModelVersionDetail = ModelVersion;

/** Which exact artifact answered a prediction: the version and the sha256 of its bytes. */
export const PredictionModel = ModelRef.extend({ sha256: Sha256Hex });
export type PredictionModel = z.infer<typeof PredictionModel>;

/** One feature's share of a prediction: `contribution` is in the model output's units. */
export const FeatureAttribution = z.strictObject({
  feature: z.string().min(1).max(100),
  /** The feature's input value. */
  value: FiniteNumber,
  contribution: FiniteNumber,
});
export type FeatureAttribution = z.infer<typeof FeatureAttribution>;

/**
 * Why a model proposed a signal. Additive methods (tree SHAP, integrated gradients) satisfy
 * `baseline + Σ contribution ≈ output`; `method` names how they were computed.
 */
export const SignalExplanation = z.strictObject({
  model: PredictionModel,
  method: z.string().min(1).max(50),
  /** The model output the explanation accounts for. */
  output: FiniteNumber,
  /** Output at the reference input (expected value for SHAP, baseline input for IG). */
  baseline: FiniteNumber,
  attributions: z.array(FeatureAttribution).max(256),
});
export type SignalExplanation = z.infer<typeof SignalExplanation>;
