/**
 * Small real ONNX models for the inference tests: y = x·w + b (output `y`, [batch, 1]) and
 * z = 2x (output `z`, [batch, F]). Version k uses w = k·(1, 2, …, F) and b = 1000·k, so for
 * features in (−10, 10) an answer identifies its version: round(y / 1000) = k.
 * Test-only (imported by *.test.ts); kept out of the test files so both can share it.
 */
import { encodeModel } from '@zomma/ml/onnx/model';

export const FEATURES = 4;

export function affineWeights(k: number): { w: number[]; b: number } {
  return { w: Array.from({ length: FEATURES }, (_, j) => k * (j + 1)), b: 1000 * k };
}

/** Independent reference in float64: what version k answers for `x`. */
export function affineReference(k: number, x: readonly number[]): number {
  const { w, b } = affineWeights(k);
  return x.reduce((acc, v, j) => acc + v * (w[j] ?? 0), b);
}

export function affineModel(k: number, dtype: 'float32' | 'float64' = 'float32'): Uint8Array {
  const { w, b } = affineWeights(k);
  return encodeModel({
    graphName: `affine_v${k}`,
    nodes: [
      { op: 'MatMul', inputs: ['x', 'W'], outputs: ['xw'] },
      { op: 'Add', inputs: ['xw', 'B'], outputs: ['y'] },
      { op: 'Mul', inputs: ['x', 'two'], outputs: ['z'] },
    ],
    inputs: [{ name: 'x', type: dtype, dims: ['batch', FEATURES] }],
    outputs: [
      { name: 'y', type: dtype, dims: ['batch', 1] },
      { name: 'z', type: dtype, dims: ['batch', FEATURES] },
    ],
    initializers: [
      { name: 'W', type: dtype, dims: [FEATURES, 1], data: w },
      { name: 'B', type: dtype, dims: [1], data: [b] },
      { name: 'two', type: dtype, dims: [1], data: [2] },
    ],
  });
}

/** Deterministic features in (−10, 10) (an LCG; no global RNG). */
export function featureRows(count: number, seed = 1): number[][] {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 20 - 10;
  };
  return Array.from({ length: count }, () => Array.from({ length: FEATURES }, next));
}

/** What a counted session saw, in order ('run:<batch>' and 'release'). */
export interface SessionLog {
  events: string[];
  runs: number;
}

/**
 * The real session with its run() and release() calls recorded (then passed through
 * unchanged): lets tests count ORT runs and check a release comes after the last run.
 */
export function recorded<S extends { run: (...a: never[]) => unknown; release: () => Promise<void> }>(
  session: S,
  log: SessionLog,
): S {
  return new Proxy(session, {
    get(target, prop) {
      if (prop === 'run') {
        return (...args: Parameters<S['run']>) => {
          const feeds = args[0] as unknown as Record<string, { dims: readonly number[] }>;
          const first = Object.values(feeds)[0];
          log.runs += 1;
          log.events.push(`run:${first?.dims[0]}`);
          return target.run(...args);
        };
      }
      if (prop === 'release') {
        return () => {
          log.events.push('release');
          return target.release();
        };
      }
      return Reflect.get(target, prop, target);
    },
  });
}
