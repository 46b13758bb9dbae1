/** The inference service's imports from @zomma/ml, in one place. */
export { createSession, f32, f64, type InferenceSession } from '@zomma/ml/onnx/session';
export { checkRow, type ServingSignature, servingSignature, splitRows, stackRows } from '@zomma/ml/registry';
