/** Serving helpers for registry models: the batchable ONNX signature and batch stacking. */
export { checkRow, FLOAT32_MAX, type RowCheck, splitRows, stackRows } from './batch-rows.ts';
export {
  type FeatureDtype,
  type OutputDtype,
  type ServingSignature,
  type SignatureResult,
  servingSignature,
} from './serving-signature.ts';
