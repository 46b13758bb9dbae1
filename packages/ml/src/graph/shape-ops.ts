/**
 * Shape, indexing and plumbing ops: the base of `Graph` (builder.ts), split out for size. Opset 17
 * conventions: Squeeze/Unsqueeze/Split/Slice/Pad/Expand/Reshape take axes, sizes or shapes as int64
 * *inputs* (constants here). Symbolic dims may pass through any axis these ops do not resize.
 */
import { ElemType, ints } from '../onnx/model.ts';
import { type DType, GraphCore, type NodeMeta, type OutputSpec, type Tensor } from './core.ts';
import {
  broadcastShapes,
  type Dim,
  dimDiv,
  dimEq,
  isStatic,
  normAxis,
  shapeEq,
  shapeProduct,
  shapeStr,
} from './dims.ts';

/** A tensor, or a number standing for a float scalar constant of the graph's type. */
export type TensorLike = Tensor | number;

export interface SliceSpec {
  /** Axes sliced (negative allowed); defaults to 0..starts.length-1. */
  axes?: readonly number[];
  starts: readonly number[];
  /** Exclusive; negative counts from the end; values past the end are clamped. */
  ends: readonly number[];
}

export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';

export class ShapeOps extends GraphCore {
  protected lift(x: TensorLike, what: string): Tensor {
    if (typeof x === 'number') return this.scalar(x);
    this.own(x, what);
    if (!isFloat(x.dtype)) throw new TypeError(`${what}: expected a ${this.dtype} tensor, got ${x}`);
    return x;
  }

  protected one(
    op: string,
    inputs: readonly Tensor[],
    out: OutputSpec,
    attrs = {},
    meta: NodeMeta = {},
  ): Tensor {
    const [t] = this.addNode(op, inputs, [out], attrs, { meta });
    if (!t) throw new Error(`${op}: no output`);
    return t;
  }

  protected axesInput(axes: readonly number[]): Tensor {
    return this.constantInt64(axes);
  }

  /** Type conversion (e.g. a bool mask to the float type). Not differentiable. */
  cast(x: Tensor, to: DType): Tensor {
    this.own(x, 'Cast');
    if (x.dtype === to) return x;
    return this.one('Cast', [x], { dtype: to, shape: x.shape }, { to: ElemType[to] });
  }

  // ---- shape ops ---------------------------------------------------------------------------

  transpose(x: Tensor, perm?: readonly number[]): Tensor {
    this.own(x, 'Transpose');
    const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
    if (p.length !== x.rank || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
      throw new RangeError(`Transpose: perm [${p.join(', ')}] is not a permutation for ${x}`);
    }
    const shape = p.map((i) => x.shape[i] as Dim);
    return this.one('Transpose', [x], { dtype: x.dtype, shape }, { perm: ints(p) }, { perm: p });
  }

  /** Reshape; entries are sizes, 0 (copy the input dim at that index) or one -1 (inferred). */
  reshape(x: Tensor, shape: readonly number[]): Tensor {
    this.own(x, 'Reshape');
    const out: Dim[] = shape.map((d, i) => (d === 0 ? (x.shape[i] ?? Number.NaN) : d));
    if (out.some((d) => typeof d === 'number' && (Number.isNaN(d) || d < -1 || !Number.isInteger(d)))) {
      throw new RangeError(`Reshape: bad target [${shape.join(', ')}] for ${x}`);
    }
    const holes = out.filter((d) => d === -1).length;
    const total = shapeProduct(x.shape);
    if (holes > 1) throw new RangeError(`Reshape: more than one -1 in [${shape.join(', ')}]`);
    if (holes === 1) {
      const known = shapeProduct(out.filter((d) => d !== -1));
      const inferred = dimDiv(total, known);
      if (inferred === undefined)
        throw new RangeError(`Reshape: cannot reshape ${x} to [${shape.join(', ')}]`);
      out[out.indexOf(-1)] = inferred;
    } else if (!dimEq(shapeProduct(out), total)) {
      throw new RangeError(
        `Reshape: ${x} has ${total} elements, target ${shapeStr(out)} has ${shapeProduct(out)}`,
      );
    }
    if (shapeEq(out, x.shape)) return x;
    return this.one('Reshape', [x, this.constantInt64(shape)], { dtype: x.dtype, shape: out });
  }

  /** Reshape to another tensor's (possibly symbolic) shape, read at run time when not static. */
  reshapeLike(x: Tensor, like: Tensor): Tensor {
    this.own(x, 'Reshape');
    if (shapeEq(x.shape, like.shape)) return x;
    if (!dimEq(shapeProduct(x.shape), shapeProduct(like.shape))) {
      throw new RangeError(`Reshape: ${x} cannot take the shape of ${like}`);
    }
    return this.one('Reshape', [x, this.shapeOf(like)], { dtype: x.dtype, shape: like.shape });
  }

  unsqueeze(x: Tensor, axes: readonly number[]): Tensor {
    this.own(x, 'Unsqueeze');
    const rank = x.rank + axes.length;
    const ax = [...new Set(axes.map((a) => normAxis(a, rank, 'Unsqueeze')))].sort((a, b) => a - b);
    if (ax.length !== axes.length) throw new RangeError(`Unsqueeze: repeated axes [${axes.join(', ')}]`);
    const shape: Dim[] = [];
    let j = 0;
    for (let i = 0; i < rank; i++) shape.push(ax.includes(i) ? 1 : (x.shape[j++] as Dim));
    return this.one('Unsqueeze', [x, this.axesInput(ax)], { dtype: x.dtype, shape }, {}, { axes: ax });
  }

  squeeze(x: Tensor, axes: readonly number[]): Tensor {
    this.own(x, 'Squeeze');
    const ax = [...new Set(axes.map((a) => normAxis(a, x.rank, 'Squeeze')))].sort((a, b) => a - b);
    for (const a of ax) {
      if (x.shape[a] !== 1) throw new RangeError(`Squeeze: axis ${a} of ${x} is not 1`);
    }
    const shape = x.shape.filter((_, i) => !ax.includes(i));
    return this.one('Squeeze', [x, this.axesInput(ax)], { dtype: x.dtype, shape }, {}, { axes: ax });
  }

  /** Broadcast to a static shape (numpy rules). */
  expand(x: Tensor, shape: readonly number[]): Tensor {
    this.own(x, 'Expand');
    const out = broadcastShapes([x.shape, shape], 'Expand');
    if (shapeEq(out, x.shape)) return x;
    return this.one('Expand', [x, this.constantInt64(shape)], { dtype: x.dtype, shape: out });
  }

  /** Broadcast to `like`'s shape, read at run time when it is symbolic. */
  expandAs(x: Tensor, like: Tensor): Tensor {
    this.own(x, 'Expand');
    const out = broadcastShapes([x.shape, like.shape], 'Expand');
    if (!shapeEq(out, like.shape)) throw new RangeError(`Expand: ${x} does not broadcast to ${like}`);
    if (shapeEq(out, x.shape)) return x;
    return this.one('Expand', [x, this.shapeOf(like)], { dtype: x.dtype, shape: out });
  }

  concat(ts: readonly Tensor[], axis: number): Tensor {
    const first = ts[0];
    if (!first) throw new RangeError('Concat: no tensors');
    const ax = normAxis(axis, first.rank, 'Concat');
    let size = 0;
    for (const t of ts) {
      this.own(t, 'Concat');
      const ok =
        t.dtype === first.dtype &&
        t.rank === first.rank &&
        t.shape.every((d, i) => i === ax || dimEq(d, first.shape[i] ?? -1));
      const d = t.shape[ax];
      if (!ok || typeof d !== 'number') {
        throw new RangeError(`Concat(axis ${ax}): incompatible ${ts.join(', ')} (the axis must be static)`);
      }
      size += d;
    }
    if (ts.length === 1) return first;
    const shape = first.shape.map((d, i) => (i === ax ? size : d));
    const sizes = ts.map((t) => t.shape[ax] as number);
    return this.one('Concat', ts, { dtype: first.dtype, shape }, { axis: ax }, { axis: ax, sizes });
  }

  /** Splits a static axis into pieces of the given sizes (one node, several outputs). */
  split(x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
    this.own(x, 'Split');
    const ax = normAxis(axis, x.rank, 'Split');
    const total = sizes.reduce((a, b) => a + b, 0);
    if (x.shape[ax] !== total || sizes.some((s) => !Number.isInteger(s) || s <= 0)) {
      throw new RangeError(`Split: sizes [${sizes.join(', ')}] do not fill axis ${ax} of ${x}`);
    }
    if (sizes.length === 1) return [x];
    const outs = sizes.map((s) => ({ dtype: x.dtype, shape: x.shape.map((d, i) => (i === ax ? s : d)) }));
    return this.addNode(
      'Split',
      [x, this.constantInt64(sizes)],
      outs,
      { axis: ax },
      { meta: { axis: ax, sizes } },
    );
  }

  /**
   * Splits a static axis into its slices and removes that axis: `[batch, T, F]` → T tensors
   * `[batch, F]` (axis 1). The way to unroll over time: its gradient is one Concat, whereas T
   * separate `slice` calls would each pad their gradient back to the full size.
   */
  unstack(x: Tensor, axis: number): Tensor[] {
    const ax = normAxis(axis, x.rank, 'unstack');
    const n = x.shape[ax];
    if (typeof n !== 'number') throw new RangeError(`unstack: axis ${ax} of ${x} is symbolic`);
    return this.split(x, new Array<number>(n).fill(1), ax).map((t) => this.squeeze(t, [ax]));
  }

  /** Static slice with step 1 (numpy `x[..., start:end, ...]`); sliced axes must be static. */
  slice(x: Tensor, spec: SliceSpec): Tensor {
    this.own(x, 'Slice');
    const axes = (spec.axes ?? spec.starts.map((_, i) => i)).map((a) => normAxis(a, x.rank, 'Slice'));
    if (
      spec.starts.length !== axes.length ||
      spec.ends.length !== axes.length ||
      new Set(axes).size !== axes.length
    ) {
      throw new RangeError('Slice: starts, ends and axes must have the same length and distinct axes');
    }
    const starts: number[] = [];
    const ends: number[] = [];
    const shape = [...x.shape];
    axes.forEach((a, k) => {
      const n = x.shape[a];
      if (typeof n !== 'number')
        throw new RangeError(`Slice: axis ${a} of ${x} is symbolic; only static axes can be sliced`);
      const clamp = (v: number): number => Math.min(n, Math.max(0, v < 0 ? v + n : v));
      const s = clamp(spec.starts[k] ?? 0);
      const e = Math.max(s, clamp(spec.ends[k] ?? n));
      starts.push(s);
      ends.push(e);
      shape[a] = e - s;
    });
    const inputs = [x, this.constantInt64(starts), this.constantInt64(ends), this.constantInt64(axes)];
    return this.one('Slice', inputs, { dtype: x.dtype, shape }, {}, { axes, starts, ends });
  }

  /** Rows of `data` picked by int64 `indices` along `axis` (embeddings: axis 0, indices in [0, V)). */
  gather(data: Tensor, indices: Tensor, axis = 0): Tensor {
    this.own(data, 'Gather');
    this.own(indices, 'Gather');
    if (indices.dtype !== 'int64') throw new TypeError(`Gather: indices must be int64, got ${indices}`);
    const ax = normAxis(axis, data.rank, 'Gather');
    const shape = [...data.shape.slice(0, ax), ...indices.shape, ...data.shape.slice(ax + 1)];
    return this.one('Gather', [data, indices], { dtype: data.dtype, shape }, { axis: ax }, { axis: ax });
  }

  // ---- helpers used by gradients (public: layers may need them too) ------------------------

  /** The shape of `x` as an int64 vector: a constant when static, else a Shape node. */
  shapeOf(x: Tensor): Tensor {
    if (isStatic(x.shape)) return this.constantInt64([...x.shape]);
    return this.one('Shape', [x], { dtype: 'int64', shape: [x.rank] });
  }

  /** Zeros of the graph's float type with `like`'s shape. */
  zerosLike(like: Tensor): Tensor {
    const value = {
      kind: 'tensor' as const,
      value: { name: 'zero', type: this.dtype, dims: [1], data: [0] },
    };
    return this.one(
      'ConstantOfShape',
      [this.shapeOf(like)],
      { dtype: this.dtype, shape: like.shape },
      { value },
    );
  }

  /** Zero padding: `begins[i]`/`ends[i]` elements added before/after axis i. */
  pad(x: Tensor, begins: readonly number[], ends: readonly number[]): Tensor {
    this.own(x, 'Pad');
    if (begins.length !== x.rank || ends.length !== x.rank)
      throw new RangeError(`Pad: need ${x.rank} begins and ends`);
    const shape = x.shape.map((d, i) => {
      const extra = (begins[i] ?? 0) + (ends[i] ?? 0);
      if (extra === 0) return d;
      if (typeof d !== 'number') throw new RangeError(`Pad: axis ${i} of ${x} is symbolic`);
      return d + extra;
    });
    if ([...begins, ...ends].every((v) => v === 0)) return x;
    return this.one('Pad', [x, this.constantInt64([...begins, ...ends])], { dtype: x.dtype, shape });
  }

  /** `data` with `updates` added at rows `indices` (int64 [..., 1]); repeated rows accumulate. */
  scatterAddRows(data: Tensor, indices: Tensor, updates: Tensor): Tensor {
    this.own(data, 'ScatterND');
    this.own(indices, 'ScatterND');
    this.own(updates, 'ScatterND');
    return this.one(
      'ScatterND',
      [data, indices, updates],
      { dtype: data.dtype, shape: data.shape },
      { reduction: 'add' },
    );
  }

  /** size(a) / size(b) as a float scalar, computed at run time (for symbolic means). */
  sizeRatio(a: Tensor, b: Tensor): Tensor {
    const sa = this.one('Size', [a], { dtype: 'int64', shape: [] });
    const sb = this.one('Size', [b], { dtype: 'int64', shape: [] });
    const q = this.one('Div', [sa, sb], { dtype: 'int64', shape: [] });
    return this.cast(q, this.dtype);
  }
}
