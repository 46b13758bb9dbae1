/**
 * Running a compiled graph in onnxruntime-node: feeds typed arrays by name, returns outputs by
 * name. Symbolic input dims are resolved from `symbols`, from `{ data, dims }` feeds, or inferred
 * from an array's length when one symbol is unknown. Feeds the graph does not use are ignored (so
 * one feed dictionary can serve several compiled graphs); a missing input is an error. With `checkShapes` (default on) every output's
 * run-time dims are compared with the builder's inferred shape — a cheap guard on shape inference.
 */
import type { ValueSpec } from '../onnx/model.ts';
import { createSession, type InferenceSession, ort } from '../onnx/session.ts';
import { evalDim, shapeStr, soleSymbol } from './dims.ts';

export type FeedArray = Float32Array | Float64Array | BigInt64Array | Uint8Array;
/** A plain array (dims from the declared shape) or explicit dims. bool tensors are Uint8Array. */
export type Feed = FeedArray | { readonly data: FeedArray; readonly dims: readonly number[] };

export interface RunOutput {
  readonly data: FeedArray;
  readonly dims: readonly number[];
}

export interface RunOptions {
  /** Sizes of symbolic dims, e.g. { batch: 64 }. */
  symbols?: Readonly<Record<string, number>>;
}

export interface GraphRunner {
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly ValueSpec[];
  readonly session: InferenceSession;
  run(feeds: Readonly<Record<string, Feed>>, opts?: RunOptions): Promise<Record<string, RunOutput>>;
  release(): Promise<void>;
}

const ARRAY_OF = {
  float32: Float32Array,
  float64: Float64Array,
  int64: BigInt64Array,
  bool: Uint8Array,
} as const;

type RunnableType = keyof typeof ARRAY_OF;

function isRunnable(t: string): t is RunnableType {
  return t in ARRAY_OF;
}

export async function createRunner(
  compiled: { bytes: Uint8Array; inputs: readonly ValueSpec[]; outputs: readonly ValueSpec[] },
  opts: { checkShapes?: boolean } = {},
): Promise<GraphRunner> {
  const session = await createSession(compiled.bytes);
  const checkShapes = opts.checkShapes ?? true;
  const { inputs, outputs } = compiled;

  async function run(
    feeds: Readonly<Record<string, Feed>>,
    runOpts: RunOptions = {},
  ): Promise<Record<string, RunOutput>> {
    const symbols: Record<string, number> = { ...runOpts.symbols };
    const dimsOf = new Map<string, number[]>();
    const bind = (spec: ValueSpec, dims: readonly number[]): void => {
      if (dims.length !== spec.dims.length)
        throw new RangeError(`run: '${spec.name}' has rank ${spec.dims.length}, got [${dims.join(', ')}]`);
      spec.dims.forEach((d, i) => {
        const s = soleSymbol(d);
        if (s !== undefined && symbols[s] === undefined) symbols[s] = dims[i] ?? 0;
        const v = evalDim(d, symbols);
        if (v !== undefined && v !== dims[i]) {
          throw new RangeError(
            `run: '${spec.name}' declared ${shapeStr(spec.dims)}, got [${dims.join(', ')}] (${JSON.stringify(symbols)})`,
          );
        }
      });
      dimsOf.set(spec.name, [...dims]);
    };
    const arrays = new Map<string, FeedArray>();
    for (const spec of inputs) {
      const f = feeds[spec.name];
      if (f === undefined) throw new Error(`run: missing input '${spec.name}' ${shapeStr(spec.dims)}`);
      const data = 'dims' in f ? f.data : f;
      if (!isRunnable(spec.type) || !(data instanceof ARRAY_OF[spec.type])) {
        throw new TypeError(
          `run: input '${spec.name}' must be a ${spec.type} array (${spec.type === 'bool' ? 'Uint8Array' : ARRAY_OF[spec.type as RunnableType]?.name})`,
        );
      }
      arrays.set(spec.name, data);
      if ('dims' in f) bind(spec, f.dims);
    }
    // Plain arrays: infer at most one unknown symbol each, repeating while that makes progress.
    for (let progress = true; progress; ) {
      progress = false;
      for (const spec of inputs) {
        if (dimsOf.has(spec.name)) continue;
        const len = arrays.get(spec.name)?.length ?? 0;
        const vals = spec.dims.map((d) => evalDim(d, symbols));
        const unknown = vals.flatMap((v, i) => (v === undefined ? [i] : []));
        const known = vals.reduce<number>((a, v) => a * (v ?? 1), 1);
        if (unknown.length === 0) bind(spec, vals.map(Number));
        else if (
          unknown.length === 1 &&
          soleSymbol(spec.dims[unknown[0] ?? 0] ?? 0) !== undefined &&
          known > 0
        ) {
          const i = unknown[0] ?? 0;
          const inferred = len / known;
          if (!Number.isInteger(inferred))
            throw new RangeError(`run: '${spec.name}' has ${len} values, not a multiple of ${known}`);
          bind(
            spec,
            vals.map((v, k) => (k === i ? inferred : Number(v))),
          );
        } else continue;
        progress = true;
      }
    }
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const spec of inputs) {
      const dims = dimsOf.get(spec.name);
      const data = arrays.get(spec.name);
      if (!dims || !data)
        throw new RangeError(
          `run: cannot resolve the dims of '${spec.name}' ${shapeStr(spec.dims)}; pass { data, dims } or symbols`,
        );
      const size = dims.reduce((a, b) => a * b, 1);
      if (data.length !== size)
        throw new RangeError(
          `run: '${spec.name}' needs ${size} values for [${dims.join(', ')}], got ${data.length}`,
        );
      ortFeeds[spec.name] = new ort.Tensor(spec.type as RunnableType, data, dims);
    }
    const raw = await session.run(ortFeeds);
    const result: Record<string, RunOutput> = {};
    for (const spec of outputs) {
      const t = raw[spec.name];
      if (!t) throw new Error(`run: onnxruntime returned no '${spec.name}'`);
      const dims = [...t.dims];
      if (checkShapes) {
        if (dims.length !== spec.dims.length) {
          throw new Error(
            `run: output '${spec.name}' is [${dims.join(', ')}], the graph inferred ${shapeStr(spec.dims)}`,
          );
        }
        spec.dims.forEach((d, i) => {
          const s = soleSymbol(d);
          if (s !== undefined && symbols[s] === undefined) symbols[s] = dims[i] ?? 0;
          const v = evalDim(d, symbols);
          if (v !== undefined && v !== dims[i]) {
            throw new Error(
              `run: output '${spec.name}' is [${dims.join(', ')}], the graph inferred ${shapeStr(spec.dims)}`,
            );
          }
        });
      }
      result[spec.name] = { data: t.data as FeedArray, dims };
    }
    return result;
  }

  return { inputs, outputs, session, run, release: () => session.release() };
}
