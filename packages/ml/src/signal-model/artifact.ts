/**
 * The signal model's ONNX artifact is self-describing: besides the TreeEnsemble graph from
 * exportOnnx, the ModelProto's metadata_props carry what serving needs, so the registry's bytes
 * (whose sha256 the registry verifies) are the whole model:
 *   zomma.signal_model  format tag (SIGNAL_MODEL_FORMAT)
 *   zomma.features      JSON array of the input's column names (SIGNAL_FEATURE_NAMES)
 *   zomma.classes       JSON array of the outputs' columns (SIGNAL_CLASSES)
 *   zomma.strategy      JSON StrategyParams: how a chosen class becomes legs
 *   zomma.min_confidence  probability below which the model proposes nothing
 *   zomma.gbdt          the GBDT as canonical JSON (modelToJson): TreeSHAP needs the covers,
 *                       which the ONNX TreeEnsemble does not carry
 */
import onnxProto from 'onnx-proto';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.ts';
import { exportOnnx, type GbdtModel, modelFromJson, modelToJson } from '../gbdt/index.ts';
import { SIGNAL_FEATURE_NAMES } from './features.ts';
import { SIGNAL_CLASSES, StrategyParams } from './strategies.ts';

const { onnx } = onnxProto;

export const SIGNAL_MODEL_FORMAT = 'zomma-signal-gbdt/1';

export const META_KEYS = {
  format: 'zomma.signal_model',
  features: 'zomma.features',
  classes: 'zomma.classes',
  strategy: 'zomma.strategy',
  minConfidence: 'zomma.min_confidence',
  gbdt: 'zomma.gbdt',
} as const;

/** What serving reads back from an artifact. */
export interface SignalArtifact {
  model: GbdtModel;
  featureNames: string[];
  classes: string[];
  strategy: StrategyParams;
  minConfidence: number;
}

/** Encodes the model to ONNX bytes with the serving metadata. */
export function encodeSignalArtifact(
  model: GbdtModel,
  meta: { strategy: StrategyParams; minConfidence: number },
): Uint8Array {
  if (model.objective !== 'multiclass' || model.nOutputs !== SIGNAL_CLASSES.length) {
    throw new RangeError(`signal model: expected multiclass over ${SIGNAL_CLASSES.length} classes`);
  }
  if (model.nFeatures !== SIGNAL_FEATURE_NAMES.length) throw new RangeError('signal model: feature count');
  const metadata: Record<string, string> = {
    [META_KEYS.format]: SIGNAL_MODEL_FORMAT,
    [META_KEYS.features]: JSON.stringify(SIGNAL_FEATURE_NAMES),
    [META_KEYS.classes]: JSON.stringify(SIGNAL_CLASSES),
    [META_KEYS.strategy]: canonicalJson(StrategyParams.parse(meta.strategy)),
    [META_KEYS.minConfidence]: String(meta.minConfidence),
    [META_KEYS.gbdt]: canonicalJson(modelToJson(model)),
  };
  return exportOnnx(model, { metadata, docNote: `signal model over ${SIGNAL_CLASSES.join('/')}` });
}

const Meta = z.object({
  [META_KEYS.format]: z.literal(SIGNAL_MODEL_FORMAT),
  [META_KEYS.features]: z.string(),
  [META_KEYS.classes]: z.string(),
  [META_KEYS.strategy]: z.string(),
  [META_KEYS.minConfidence]: z.string(),
  [META_KEYS.gbdt]: z.string(),
});

export type ReadResult = { ok: true; artifact: SignalArtifact } | { ok: false; reason: string };

/**
 * Reads the metadata back and checks it: the format tag, names matching the model's widths, the
 * classes this code knows, a valid GBDT. `ok: false` for anything else (e.g. an ONNX version that is
 * not a signal model).
 */
export function readSignalArtifact(bytes: Uint8Array): ReadResult {
  let props: Record<string, string>;
  try {
    const proto = onnx.ModelProto.decode(bytes);
    props = Object.fromEntries(proto.metadataProps.map((p) => [p.key ?? '', p.value ?? '']));
  } catch (e) {
    return { ok: false, reason: `not an ONNX model: ${(e as Error).message}` };
  }
  const meta = Meta.safeParse(props);
  if (!meta.success) return { ok: false, reason: `not a ${SIGNAL_MODEL_FORMAT} artifact` };
  try {
    const m = meta.data;
    const featureNames = z.array(z.string()).parse(JSON.parse(m[META_KEYS.features]));
    const classes = z.array(z.string()).parse(JSON.parse(m[META_KEYS.classes]));
    const strategy = StrategyParams.parse(JSON.parse(m[META_KEYS.strategy]));
    const minConfidence = z.coerce.number().min(0).max(1).parse(m[META_KEYS.minConfidence]);
    const model = modelFromJson(JSON.parse(m[META_KEYS.gbdt]));
    if (featureNames.join() !== SIGNAL_FEATURE_NAMES.join()) {
      return { ok: false, reason: 'its features differ from the ones this code computes' };
    }
    if (classes.join() !== SIGNAL_CLASSES.join()) return { ok: false, reason: 'unknown classes' };
    if (model.nFeatures !== featureNames.length || model.nOutputs !== classes.length) {
      return { ok: false, reason: 'the GBDT does not match its feature and class lists' };
    }
    return { ok: true, artifact: { model, featureNames, classes, strategy, minConfidence } };
  } catch (e) {
    return { ok: false, reason: `bad metadata: ${(e as Error).message}` };
  }
}
