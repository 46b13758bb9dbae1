/**
 * The model as JSON (the registry's artifact) and back. Typed arrays become number arrays; every
 * stored number is a float32 or an integer, so the round trip is exact and the ONNX bytes of a
 * re-read model equal the original's.
 */
import { GBDT_FORMAT, GbdtModelJson, type GbdtTreeJson } from './gbdt.schema.ts';
import type { GbdtModel, GbdtTree } from './types.ts';

function treeToJson(t: GbdtTree): GbdtTreeJson {
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    left: Array.from(t.left),
    right: Array.from(t.right),
    defaultLeft: Array.from(t.defaultLeft, (v) => (v ? 1 : 0)),
    value: Array.from(t.value),
    cover: Array.from(t.cover),
    gain: Array.from(t.gain),
  };
}

export function modelToJson(model: GbdtModel): GbdtModelJson {
  return {
    format: GBDT_FORMAT,
    objective: model.objective,
    nFeatures: model.nFeatures,
    nOutputs: model.nOutputs,
    baseScore: Array.from(model.baseScore),
    params: { ...model.params },
    trees: model.trees.map(treeToJson),
    ...(model.featureNames ? { featureNames: [...model.featureNames] } : {}),
  };
}

/** Parses and checks (zod) a model's JSON; throws a ZodError on anything malformed. */
export function modelFromJson(json: unknown): GbdtModel {
  const m = GbdtModelJson.parse(json);
  return {
    objective: m.objective,
    nFeatures: m.nFeatures,
    nOutputs: m.nOutputs,
    baseScore: Float64Array.from(m.baseScore, Math.fround),
    params: m.params,
    trees: m.trees.map((t) => ({
      feature: Int32Array.from(t.feature),
      threshold: Float32Array.from(t.threshold),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      defaultLeft: Uint8Array.from(t.defaultLeft),
      value: Float32Array.from(t.value),
      cover: Float64Array.from(t.cover),
      gain: Float64Array.from(t.gain),
    })),
    ...(m.featureNames ? { featureNames: m.featureNames } : {}),
  };
}
