/**
 * Datasets and mini-batches. A `Dataset` is columnar: one typed array per input name, row-major,
 * `size` rows; a row of input ['batch', 32, 16] is 512 consecutive values. Float columns are
 * Float32Array for float32 graphs (Float64Array for float64), ids BigInt64Array, masks Uint8Array.
 *
 * `BatchBuffers` gathers the rows of a mini-batch into buffers allocated once (grown if a larger
 * batch comes) and wraps them as onnxruntime tensors; dropout masks are filled into reused
 * buffers too. Shuffles and masks come from a seeded `Rng`, so a run is reproducible.
 */
import type { Rng } from '@zomma/engine/rng';
import type { FloatType } from '../graph/index.ts';
import type { DropoutSpec } from '../nn/context.ts';
import type { InputSpec } from '../nn/model.ts';
import { ort } from '../onnx/session.ts';

export type Column = Float32Array | Float64Array | BigInt64Array | Uint8Array;

export interface Dataset {
  readonly size: number;
  readonly columns: Readonly<Record<string, Column>>;
}

type OrtType = 'float32' | 'float64' | 'int64' | 'bool';

/** Values per row for a shape ['batch', ...static]. */
export function rowSize(name: string, shape: readonly (number | string)[]): number {
  if (shape[0] !== 'batch')
    throw new RangeError(`'${name}': the first dim must be 'batch', got [${shape.join(', ')}]`);
  return shape.slice(1).reduce<number>((a, d) => {
    if (typeof d !== 'number') throw new RangeError(`'${name}': only the batch dim may be symbolic`);
    return a * d;
  }, 1);
}

function ortType(spec: InputSpec, dtype: FloatType): OrtType {
  return spec.dtype === 'int64' ? 'int64' : spec.dtype === 'bool' ? 'bool' : dtype;
}

const CTOR = {
  float32: Float32Array,
  float64: Float64Array,
  int64: BigInt64Array,
  bool: Uint8Array,
} as const;

/** Throws unless `data` has a column of the right type and length for every spec. */
export function checkDataset(data: Dataset, specs: readonly InputSpec[], dtype: FloatType): void {
  if (!Number.isInteger(data.size) || data.size <= 0) throw new RangeError(`dataset: bad size ${data.size}`);
  for (const s of specs) {
    const col = data.columns[s.name];
    const type = ortType(s, dtype);
    if (!col) throw new Error(`dataset: no column '${s.name}'`);
    if (!(col instanceof CTOR[type]))
      throw new TypeError(`dataset: column '${s.name}' must be a ${CTOR[type].name}`);
    const want = data.size * rowSize(s.name, s.shape);
    if (col.length !== want)
      throw new RangeError(`dataset: column '${s.name}' has ${col.length} values, want ${want}`);
  }
}

/** dst[at..] = src[from..to) for two arrays of the same type. */
function copyRange(dst: Column, src: Column, from: number, to: number, at: number): void {
  if (dst instanceof BigInt64Array) {
    if (!(src instanceof BigInt64Array)) throw new TypeError('copyRange: int64 and float columns mixed');
    dst.set(src.subarray(from, to), at);
  } else {
    if (src instanceof BigInt64Array) throw new TypeError('copyRange: int64 and float columns mixed');
    dst.set(src.subarray(from, to), at);
  }
}

/** An onnxruntime tensor over `data` (no copy), checking the array type. */
export function tensorOf(type: OrtType, data: Column, dims: readonly number[]): ort.Tensor {
  if (!(data instanceof CTOR[type])) throw new TypeError(`'${type}' tensor needs a ${CTOR[type].name}`);
  switch (type) {
    case 'float32':
      return new ort.Tensor('float32', data as Float32Array, dims);
    case 'float64':
      return new ort.Tensor('float64', data as Float64Array, dims);
    case 'int64':
      return new ort.Tensor('int64', data as BigInt64Array, dims);
    case 'bool':
      return new ort.Tensor('bool', data as Uint8Array, dims);
  }
}

/** The rows `indices` of `data`, copied (e.g. a train/validation split). */
export function subset(data: Dataset, indices: ArrayLike<number>): Dataset {
  const columns: Record<string, Column> = {};
  for (const [name, col] of Object.entries(data.columns)) {
    const rs = col.length / data.size;
    const out = new (col.constructor as new (n: number) => Column)(indices.length * rs);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k] ?? 0;
      copyRange(out, col, i * rs, (i + 1) * rs, k * rs);
    }
    columns[name] = out;
  }
  return { size: indices.length, columns };
}

/** Fisher–Yates: a uniformly random permutation of 0..n−1, written into `out`. */
export function shuffleInto(out: Uint32Array, rng: Rng): Uint32Array {
  for (let i = 0; i < out.length; i++) out[i] = i;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = out[i] ?? 0;
    out[i] = out[j] ?? 0;
    out[j] = t;
  }
  return out;
}

/** A seeded split: the last `fraction` of a random permutation becomes the validation set. */
export function splitDataset(
  data: Dataset,
  fraction: number,
  rng: Rng,
): { train: Dataset; validation: Dataset } {
  const order = shuffleInto(new Uint32Array(data.size), rng);
  const nVal = Math.round(data.size * fraction);
  if (nVal <= 0 || nVal >= data.size)
    throw new RangeError(`splitDataset: fraction ${fraction} leaves an empty side`);
  return {
    train: subset(data, order.subarray(0, data.size - nVal)),
    validation: subset(data, order.subarray(data.size - nVal)),
  };
}

interface Slot {
  readonly name: string;
  readonly type: OrtType;
  readonly rowSize: number;
  readonly staticDims: number[];
  buffer: Column;
}

export class BatchBuffers {
  private readonly slots: Slot[];
  private readonly maskSlots: (Slot & { rate: number })[];
  private capacity = 0;

  constructor(inputs: readonly InputSpec[], masks: readonly DropoutSpec[], dtype: FloatType) {
    const slot = (name: string, type: OrtType, shape: readonly (number | string)[]): Slot => ({
      name,
      type,
      rowSize: rowSize(name, shape),
      staticDims: shape.slice(1) as number[],
      buffer: new CTOR[type](0),
    });
    this.slots = inputs.map((s) => slot(s.name, ortType(s, dtype), s.shape));
    this.maskSlots = masks.map((m) => ({ ...slot(m.input, dtype, m.shape), rate: m.rate }));
  }

  private ensure(count: number): void {
    if (count <= this.capacity) return;
    for (const s of [...this.slots, ...this.maskSlots]) s.buffer = new CTOR[s.type](count * s.rowSize);
    this.capacity = count;
  }

  /**
   * Feeds for rows order[start .. start+count) of `data`, plus fresh dropout masks from `rng`
   * (each element kept with probability 1 − rate, scaled by 1/(1 − rate)). Written into `feeds`.
   */
  fill(
    data: Dataset,
    order: ArrayLike<number>,
    start: number,
    count: number,
    rng: Rng,
    feeds: Record<string, ort.Tensor>,
  ): void {
    this.ensure(count);
    for (const s of this.slots) {
      const col = data.columns[s.name];
      if (!col) throw new Error(`dataset: no column '${s.name}'`);
      const rs = s.rowSize;
      const buf = s.buffer;
      for (let k = 0; k < count; k++) {
        const i = order[start + k] ?? 0;
        copyRange(buf, col, i * rs, (i + 1) * rs, k * rs);
      }
      feeds[s.name] = tensorOf(s.type, buf.subarray(0, count * rs), [count, ...s.staticDims]);
    }
    for (const m of this.maskSlots) {
      const n = count * m.rowSize;
      const buf = m.buffer as Float32Array | Float64Array;
      const keep = 1 - m.rate;
      const threshold = keep * 4294967296;
      const scale = 1 / keep;
      for (let k = 0; k < n; k++) buf[k] = rng.nextUint32() < threshold ? scale : 0;
      feeds[m.name] = tensorOf(m.type, buf.subarray(0, n), [count, ...m.staticDims]);
    }
  }
}

/** Feeds for the contiguous rows [start, start+count) of `data`, as zero-copy views. */
export function viewFeeds(
  data: Dataset,
  inputs: readonly InputSpec[],
  dtype: FloatType,
  start: number,
  count: number,
  feeds: Record<string, ort.Tensor>,
): void {
  for (const s of inputs) {
    const col = data.columns[s.name];
    if (!col) throw new Error(`dataset: no column '${s.name}'`);
    const rs = rowSize(s.name, s.shape);
    const dims = [count, ...(s.shape.slice(1) as number[])];
    feeds[s.name] = tensorOf(ortType(s, dtype), col.subarray(start * rs, (start + count) * rs), dims);
  }
}
