/**
 * `Graph`: the op methods. Every method checks dtypes and infers the output shape (broadcasting,
 * symbolic dims) so a mistake fails here with the op's name and the shapes involved, not later
 * inside onnxruntime. Opset 17 conventions: ReduceSum/Squeeze/Unsqueeze/Split/Slice/Pad take axes
 * or sizes as int64 *inputs*; ReduceMean/ReduceMax take `axes` as an *attribute* (until opset 18).
 */
import { float, ints } from '../onnx/model.ts';
import type { NodeMeta, Tensor } from './core.ts';
import { broadcastShapes, type Dim, dimEq, normAxis, shapeEq } from './dims.ts';
import { ShapeOps, type TensorLike } from './shape-ops.ts';

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

export class Graph extends ShapeOps {
  // ---- plumbing ----------------------------------------------------------------------------

  private unary(op: string, x: TensorLike, attrs = {}, meta: NodeMeta = {}): Tensor {
    const a = this.lift(x, op);
    return this.one(op, [a], { dtype: a.dtype, shape: a.shape }, attrs, meta);
  }

  private binary(op: string, x: TensorLike, y: TensorLike): Tensor {
    const a = this.lift(x, op);
    const b = this.lift(y, op);
    return this.one(op, [a, b], { dtype: this.dtype, shape: broadcastShapes([a.shape, b.shape], op) });
  }

  private reduceAxes(x: Tensor, axes: readonly number[] | undefined, op: string): number[] {
    const list = axes ?? x.shape.map((_, i) => i);
    const norm = [...new Set(list.map((a) => normAxis(a, x.rank, op)))].sort((a, b) => a - b);
    return norm;
  }

  // ---- elementwise -------------------------------------------------------------------------

  add(a: TensorLike, b: TensorLike): Tensor {
    return this.binary('Add', a, b);
  }
  sub(a: TensorLike, b: TensorLike): Tensor {
    return this.binary('Sub', a, b);
  }
  mul(a: TensorLike, b: TensorLike): Tensor {
    return this.binary('Mul', a, b);
  }
  div(a: TensorLike, b: TensorLike): Tensor {
    return this.binary('Div', a, b);
  }
  /** Elementwise maximum; the gradient goes to `a` on ties. */
  max(a: TensorLike, b: TensorLike): Tensor {
    return this.binary('Max', a, b);
  }
  /** Elementwise minimum; the gradient goes to `a` on ties. */
  min(a: TensorLike, b: TensorLike): Tensor {
    return this.binary('Min', a, b);
  }
  /** Sum of any number of tensors (ONNX Sum, broadcasting). */
  addN(ts: readonly Tensor[]): Tensor {
    if (ts.length === 0) throw new RangeError('addN: no tensors');
    const xs = ts.map((t) => this.lift(t, 'Sum'));
    if (xs.length === 1 && xs[0]) return xs[0];
    return this.one('Sum', xs, {
      dtype: this.dtype,
      shape: broadcastShapes(
        xs.map((t) => t.shape),
        'Sum',
      ),
    });
  }
  neg(x: TensorLike): Tensor {
    return this.unary('Neg', x);
  }
  exp(x: TensorLike): Tensor {
    return this.unary('Exp', x);
  }
  log(x: TensorLike): Tensor {
    return this.unary('Log', x);
  }
  sqrt(x: TensorLike): Tensor {
    return this.unary('Sqrt', x);
  }
  abs(x: TensorLike): Tensor {
    return this.unary('Abs', x);
  }
  /** -1, 0 or 1 elementwise (zero gradient almost everywhere; none is registered). */
  sign(x: TensorLike): Tensor {
    return this.unary('Sign', x);
  }
  tanh(x: TensorLike): Tensor {
    return this.unary('Tanh', x);
  }
  sigmoid(x: TensorLike): Tensor {
    return this.unary('Sigmoid', x);
  }
  relu(x: TensorLike): Tensor {
    return this.unary('Relu', x);
  }
  leakyRelu(x: TensorLike, alpha = 0.01): Tensor {
    return this.unary('LeakyRelu', x, { alpha: float(alpha) }, { alpha });
  }
  identity(x: TensorLike): Tensor {
    return this.unary('Identity', x);
  }
  /** The same values, but no gradient flows back through it. */
  stopGradient(x: Tensor): Tensor {
    this.own(x, 'stopGradient');
    const [t] = this.addNode(
      'Identity',
      [x],
      [{ dtype: x.dtype, shape: x.shape }],
      {},
      { stopGradient: true },
    );
    if (!t) throw new Error('stopGradient: no output');
    return t;
  }
  /** x ** exponent for a constant exponent (x > 0 unless the exponent is an integer). */
  pow(x: TensorLike, exponent: number): Tensor {
    const a = this.lift(x, 'Pow');
    return this.one('Pow', [a, this.scalar(exponent)], { dtype: a.dtype, shape: a.shape }, {}, { exponent });
  }
  /** Elementwise select: cond (bool) ? a : b. */
  where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
    this.own(cond, 'Where');
    if (cond.dtype !== 'bool') throw new TypeError(`Where: condition must be bool, got ${cond}`);
    const x = this.lift(a, 'Where');
    const y = this.lift(b, 'Where');
    const shape = broadcastShapes([cond.shape, x.shape, y.shape], 'Where');
    return this.one('Where', [cond, x, y], { dtype: this.dtype, shape });
  }
  private compare(op: string, a: TensorLike, b: TensorLike): Tensor {
    const x = typeof a === 'number' ? this.scalar(a) : this.own(a, op);
    const y = typeof b === 'number' ? this.scalar(b) : this.own(b, op);
    if (x.dtype !== y.dtype || x.dtype === 'bool')
      throw new TypeError(`${op}: cannot compare ${x} with ${y}`);
    return this.one(op, [x, y], { dtype: 'bool', shape: broadcastShapes([x.shape, y.shape], op) });
  }
  greater(a: TensorLike, b: TensorLike): Tensor {
    return this.compare('Greater', a, b);
  }
  less(a: TensorLike, b: TensorLike): Tensor {
    return this.compare('Less', a, b);
  }
  equal(a: TensorLike, b: TensorLike): Tensor {
    return this.compare('Equal', a, b);
  }
  // ---- linear algebra ----------------------------------------------------------------------

  /** Batched matrix product (numpy semantics; both operands rank >= 2, batch dims broadcast). */
  matmul(a: Tensor, b: Tensor): Tensor {
    const x = this.lift(a, 'MatMul');
    const y = this.lift(b, 'MatMul');
    if (x.rank < 2 || y.rank < 2)
      throw new RangeError(`MatMul: operands must have rank >= 2, got ${x} and ${y}`);
    const [m, k1] = x.shape.slice(-2) as [Dim, Dim];
    const [k2, n] = y.shape.slice(-2) as [Dim, Dim];
    if (!dimEq(k1, k2)) throw new RangeError(`MatMul: inner dims differ: ${x} @ ${y}`);
    const batch = broadcastShapes([x.shape.slice(0, -2), y.shape.slice(0, -2)], 'MatMul');
    return this.one('MatMul', [x, y], { dtype: this.dtype, shape: [...batch, m, n] });
  }

  /** alpha·op(a)·op(b) + beta·c for 2-D a, b; c broadcasts to the result [M, N]. */
  gemm(a: Tensor, b: Tensor, c?: Tensor, opts: GemmOptions = {}): Tensor {
    const x = this.lift(a, 'Gemm');
    const y = this.lift(b, 'Gemm');
    if (x.rank !== 2 || y.rank !== 2) throw new RangeError(`Gemm: operands must be 2-D, got ${x} and ${y}`);
    const { transA = false, transB = false, alpha = 1, beta = 1 } = opts;
    const [m, k1] = (transA ? [x.shape[1], x.shape[0]] : x.shape) as [Dim, Dim];
    const [k2, n] = (transB ? [y.shape[1], y.shape[0]] : y.shape) as [Dim, Dim];
    if (!dimEq(k1, k2))
      throw new RangeError(`Gemm: inner dims differ: ${x} and ${y} (transA=${transA}, transB=${transB})`);
    const inputs = [x, y];
    if (c) {
      const z = this.lift(c, 'Gemm');
      if (!shapeEq(broadcastShapes([z.shape, [m, n]], 'Gemm'), [m, n])) {
        throw new RangeError(`Gemm: C ${z} does not broadcast to [${m}, ${n}]`);
      }
      inputs.push(z);
    }
    const attrs = { transA: transA ? 1 : 0, transB: transB ? 1 : 0, alpha: float(alpha), beta: float(beta) };
    return this.one('Gemm', inputs, { dtype: this.dtype, shape: [m, n] }, attrs, {
      transA,
      transB,
      alpha,
      beta,
    });
  }

  // ---- normalisation-style ops -------------------------------------------------------------

  softmax(x: Tensor, axis = -1): Tensor {
    const a = this.lift(x, 'Softmax');
    const ax = normAxis(axis, a.rank, 'Softmax');
    return this.one('Softmax', [a], { dtype: a.dtype, shape: a.shape }, { axis: ax }, { axis: ax });
  }
  logSoftmax(x: Tensor, axis = -1): Tensor {
    const a = this.lift(x, 'LogSoftmax');
    const ax = normAxis(axis, a.rank, 'LogSoftmax');
    return this.one('LogSoftmax', [a], { dtype: a.dtype, shape: a.shape }, { axis: ax }, { axis: ax });
  }

  // ---- reductions --------------------------------------------------------------------------

  private reduce(op: string, x: Tensor, axes: readonly number[] | undefined, keepdims: boolean): Tensor {
    const a = this.lift(x, op);
    const ax = this.reduceAxes(a, axes, op);
    if (ax.length === 0) return a;
    const shape = keepdims
      ? a.shape.map((d, i) => (ax.includes(i) ? 1 : d))
      : a.shape.filter((_, i) => !ax.includes(i));
    const meta = { axes: ax, keepdims };
    const kd = keepdims ? 1 : 0;
    if (op === 'ReduceSum') {
      return this.one(op, [a, this.axesInput(ax)], { dtype: a.dtype, shape }, { keepdims: kd }, meta);
    }
    return this.one(op, [a], { dtype: a.dtype, shape }, { axes: ints(ax), keepdims: kd }, meta);
  }
  /** Sum over `axes` (default: all). */
  reduceSum(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
    return this.reduce('ReduceSum', x, axes, keepdims);
  }
  /** Mean over `axes` (default: all); symbolic reduced dims are allowed. */
  reduceMean(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
    return this.reduce('ReduceMean', x, axes, keepdims);
  }
  /** Max over `axes`; no gradient is registered (wrap in stopGradient, e.g. for stable exp). */
  reduceMax(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
    return this.reduce('ReduceMax', x, axes, keepdims);
  }
}

export { Tensor } from './core.ts';
export type { SliceSpec, TensorLike } from './shape-ops.ts';
