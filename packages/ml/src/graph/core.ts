/**
 * The graph core: tensors, nodes, inputs, parameters and constants. Op methods live in
 * builder.ts (`Graph`), gradients in autodiff.ts, ONNX emission in compile.ts.
 *
 * Nodes are kept in creation order, which is a topological order (a node can only consume
 * tensors that already exist). Identical nodes (same op, inputs, attributes) are created once
 * (common-subexpression elimination), so e.g. the transpose of a weight used at 32 time steps,
 * or a constant, is emitted once.
 */
import type { AttrValue } from '../onnx/model.ts';
import { checkDim, type Dim, isStatic, type Shape, shapeStr } from './dims.ts';

export type FloatType = 'float32' | 'float64';
export type DType = FloatType | 'int64' | 'bool';
/** input: data fed per run; param: a weight fed per run; constant: an initializer; node: computed. */
export type TensorKind = 'input' | 'param' | 'constant' | 'node';

/** Facts a gradient needs that are not convenient to read back from ONNX attributes/inputs. */
export type NodeMeta = Readonly<Record<string, number | boolean | readonly number[]>>;

export interface Node {
  readonly id: number;
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly meta: NodeMeta;
  /** True for `stopGradient`: no gradient flows through this node. */
  readonly stopGradient: boolean;
}

export class Tensor {
  constructor(
    readonly graphId: number,
    readonly name: string,
    readonly dtype: DType,
    readonly shape: readonly Dim[],
    readonly kind: TensorKind,
    readonly producer: Node | undefined,
    /** Output index within the producer. */
    readonly index: number = 0,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `'${this.name}' ${this.dtype}${shapeStr(this.shape)}`;
  }
}

/** Initializer data: float constants in float64 (narrowed on emission for float32 graphs). */
export interface ConstantValue {
  readonly tensor: Tensor;
  readonly data: Float64Array | readonly number[];
}

export interface OutputSpec {
  dtype: DType;
  shape: readonly Dim[];
}

export interface AddNodeOptions {
  /** Facts the op's gradient reads (see NodeMeta). */
  meta?: NodeMeta;
  /** No gradient flows through this node. */
  stopGradient?: boolean;
  /** Never merge with an identical node (for ops with side effects or randomness). */
  unique?: boolean;
}

const NON_DETERMINISTIC = new Set([
  'RandomUniform',
  'RandomUniformLike',
  'RandomNormal',
  'RandomNormalLike',
  'Bernoulli',
  'Multinomial',
  'Dropout',
]);

let nextGraphId = 1;

export class GraphCore {
  readonly id = nextGraphId++;
  readonly dtype: FloatType;
  private readonly nodeList: Node[] = [];
  private readonly names = new Set<string>();
  private readonly cse = new Map<string, Node>();
  private readonly constCache = new Map<string, Tensor>();
  private readonly constants = new Map<string, ConstantValue>();
  private readonly declared: Tensor[] = [];

  constructor(opts: { dtype: FloatType }) {
    this.dtype = opts.dtype;
  }

  get nodes(): readonly Node[] {
    return this.nodeList;
  }

  /** Inputs and parameters in declaration order. */
  get inputs(): readonly Tensor[] {
    return this.declared;
  }

  get params(): readonly Tensor[] {
    return this.declared.filter((t) => t.kind === 'param');
  }

  /** A data input, e.g. `g.input('x', ['batch', 32])`; dtype defaults to the graph's float type. */
  input(name: string, shape: Shape, dtype: DType = this.dtype): Tensor {
    return this.declare(name, shape.map(checkDim), dtype, 'input');
  }

  /** A named weight with a static shape, fed each run (not an initializer) so a trainer can update it. */
  param(name: string, shape: readonly number[]): Tensor {
    if (!isStatic(shape)) throw new TypeError(`param '${name}': shape must be static`);
    return this.declare(name, shape.map(checkDim), this.dtype, 'param');
  }

  private declare(name: string, shape: Dim[], dtype: DType, kind: TensorKind): Tensor {
    if (this.names.has(name)) throw new Error(`tensor name '${name}' is already used in this graph`);
    this.names.add(name);
    const t = new Tensor(this.id, name, dtype, shape, kind, undefined);
    this.declared.push(t);
    return t;
  }

  /** A float constant (initializer) of the graph's float type; identical constants are shared. */
  constant(data: ArrayLike<number>, shape: readonly number[]): Tensor {
    return this.makeConstant(this.dtype, Float64Array.from(data), shape);
  }

  /** A float scalar constant (shape []). */
  scalar(value: number): Tensor {
    return this.makeConstant(this.dtype, Float64Array.of(value), []);
  }

  /** An int64 constant (indices, axes, shapes). */
  constantInt64(data: readonly number[], shape: readonly number[] = [data.length]): Tensor {
    for (const v of data) {
      if (!Number.isSafeInteger(v)) throw new TypeError(`int64 constant: ${v} is not a safe integer`);
    }
    return this.makeConstant('int64', [...data], shape);
  }

  private makeConstant(dtype: DType, data: Float64Array | number[], shape: readonly number[]): Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new RangeError(`constant: ${data.length} values for shape ${shapeStr(shape)}`);
    }
    const key = `${dtype}|${shape.join(',')}|${Array.from(data).join(',')}`;
    const cached = this.constCache.get(key);
    if (cached) return cached;
    const t = new Tensor(this.id, this.uniqueName('const'), dtype, [...shape], 'constant', undefined);
    this.constCache.set(key, t);
    this.constants.set(t.name, { tensor: t, data });
    return t;
  }

  constantValue(t: Tensor): ConstantValue | undefined {
    return this.constants.get(t.name);
  }

  /** Throws unless `t` was created by this graph. */
  own(t: Tensor, what: string): Tensor {
    if (t.graphId !== this.id) throw new Error(`${what}: tensor ${t} belongs to another graph`);
    return t;
  }

  /** Whether `name` is not yet used by any tensor of this graph. */
  isNameFree(name: string): boolean {
    return !this.names.has(name);
  }

  /** Reserves and returns `base`, or `base_k` if taken (for generated tensor names). */
  uniqueName(base: string): string {
    let name = base;
    for (let k = this.names.size; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }

  /**
   * Appends a node (or returns an identical existing one's outputs). Shapes are the caller's
   * (builder's) inference; they are trusted from here on. Use this for ops the builder has no
   * method for (register their gradient with `registerGradient`). Random ops are never merged.
   */
  addNode(
    op: string,
    inputs: readonly Tensor[],
    outputs: readonly OutputSpec[],
    attrs: Readonly<Record<string, AttrValue>> = {},
    opts: AddNodeOptions = {},
  ): Tensor[] {
    for (const t of inputs) this.own(t, op);
    const meta = opts.meta ?? {};
    const stopGradient = opts.stopGradient ?? false;
    const shareable = !opts.unique && !NON_DETERMINISTIC.has(op);
    const key = `${op}|${inputs.map((t) => t.name).join(',')}|${JSON.stringify(attrs)}|${JSON.stringify(meta)}|${stopGradient}`;
    const seen = shareable ? this.cse.get(key) : undefined;
    if (seen) return [...seen.outputs];
    const outs: Tensor[] = [];
    const node: Node = {
      id: this.nodeList.length,
      op,
      inputs: [...inputs],
      outputs: outs,
      attrs,
      meta,
      stopGradient,
    };
    const base = this.uniqueName(`${op}_${node.id}`);
    outputs.forEach((o, k) => {
      const name = k === 0 ? base : this.uniqueName(`${base}_${k}`);
      outs.push(new Tensor(this.id, name, o.dtype, o.shape.map(checkDim), 'node', node, k));
    });
    this.nodeList.push(node);
    if (shareable) this.cse.set(key, node);
    return outs;
  }
}
