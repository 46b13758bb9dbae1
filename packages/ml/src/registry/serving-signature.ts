/**
 * What a model must look like to be served with request batching: one tensor input of
 * float32 or float64 whose first dimension is symbolic (the batch) and whose other dimensions
 * are fixed, so one request is a flat row of `width` numbers (row-major over `rowShape`);
 * numeric tensor outputs whose first dimension is that batch. Checked from the session's
 * metadata when a version is loaded, so a bad model is refused before it takes traffic.
 */
import type { InferenceSession } from 'onnxruntime-node';

export type FeatureDtype = 'float32' | 'float64';
export type OutputDtype = 'float32' | 'float64' | 'int32' | 'int64';

export interface ServingSignature {
  input: {
    name: string;
    dtype: FeatureDtype;
    /** Dimensions after the batch one, e.g. [16] for an MLP, [32, 16] for a sequence. */
    rowShape: number[];
    /** Numbers per request: the product of rowShape. */
    width: number;
  };
  outputs: { name: string; dtype: OutputDtype }[];
}

export type SignatureResult = { ok: true; signature: ServingSignature } | { ok: false; reason: string };

type Metadata = Pick<InferenceSession, 'inputMetadata' | 'outputMetadata'>;

const FEATURE_DTYPES: readonly string[] = ['float32', 'float64'];
const OUTPUT_DTYPES: readonly string[] = ['float32', 'float64', 'int32', 'int64'];

export function servingSignature(session: Metadata): SignatureResult {
  if (session.inputMetadata.length !== 1) {
    return { ok: false, reason: `expected exactly one input, found ${session.inputMetadata.length}` };
  }
  const input = session.inputMetadata[0];
  if (!input?.isTensor) return { ok: false, reason: 'the input is not a tensor' };
  if (!FEATURE_DTYPES.includes(input.type)) {
    return { ok: false, reason: `input ${input.name} is ${input.type}; float32 or float64 expected` };
  }
  const [batch, ...rest] = input.shape;
  if (typeof batch !== 'string') {
    return { ok: false, reason: `input ${input.name}: the first dimension must be symbolic (the batch)` };
  }
  if (rest.length === 0) return { ok: false, reason: `input ${input.name} has no feature dimension` };
  const rowShape: number[] = [];
  for (const d of rest) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      return { ok: false, reason: `input ${input.name}: dimensions after the batch must be fixed` };
    }
    rowShape.push(d);
  }
  if (session.outputMetadata.length === 0) return { ok: false, reason: 'the model has no outputs' };
  const outputs: ServingSignature['outputs'] = [];
  for (const o of session.outputMetadata) {
    if (!o.isTensor || !OUTPUT_DTYPES.includes(o.type)) {
      return { ok: false, reason: `output ${o.name} is not a numeric tensor` };
    }
    if (o.shape.length === 0) return { ok: false, reason: `output ${o.name} has no batch dimension` };
    outputs.push({ name: o.name, dtype: o.type as OutputDtype });
  }
  return {
    ok: true,
    signature: {
      input: {
        name: input.name,
        dtype: input.type as FeatureDtype,
        rowShape,
        width: rowShape.reduce((a, b) => a * b, 1),
      },
      outputs,
    },
  };
}
