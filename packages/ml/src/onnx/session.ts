/**
 * onnxruntime-node sessions with the settings this machine needs: CPU execution provider only,
 * one intra-op thread per session (the default pool gave 4–12 ms p99 under load on 2 cores), all
 * graph optimizations. Telemetry is off when the process sets ORT_DISABLE_TELEMETRY=1 (the apps'
 * start scripts and npm test do).
 */
import * as ort from 'onnxruntime-node';

export type { InferenceSession, Tensor } from 'onnxruntime-node';
export { ort };

/**
 * `intraOpNumThreads` stays 1 for serving; a training session (one big graph run per step, nothing
 * else competing) may ask for the machine's cores.
 */
export async function createSession(
  bytes: Uint8Array,
  options: { intraOpNumThreads?: number } = {},
): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.intraOpNumThreads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
}

/** A float32 tensor (copies `data` when it is not already a Float32Array). */
export function f32(data: ArrayLike<number>, dims: readonly number[]): ort.Tensor {
  const arr = data instanceof Float32Array ? data : Float32Array.from(data);
  return new ort.Tensor('float32', arr, [...dims]);
}

/** A float64 tensor. */
export function f64(data: ArrayLike<number>, dims: readonly number[]): ort.Tensor {
  const arr = data instanceof Float64Array ? data : Float64Array.from(data);
  return new ort.Tensor('float64', arr, [...dims]);
}
