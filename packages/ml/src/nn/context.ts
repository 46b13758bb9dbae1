/**
 * How layers get their weights and dropout masks while adding nodes to a `Graph`.
 *
 * A `Layer` declares its weights (`ParamSpec`s) when constructed; `apply(ctx, ...)` asks the
 * `BuildContext` for the tensor of each weight. The context decides what that tensor is:
 *  - 'fed':   a graph param named like the weight (gradient checks, tests, custom graphs);
 *  - 'flat':  a slice of one flat vector input (the trainer: weights, m and v are three vectors);
 *  - 'baked': an initializer holding the trained values (a self-contained served ONNX model).
 * The same `forward` code therefore builds the training graph and the served graph: no export gap.
 *
 * Dropout: in training graphs `dropoutMask` declares a fed input `dropout.<name>` of the masked
 * tensor's shape; the trainer fills it each step from its seeded RNG with 0 or 1/(1 − rate)
 * (inverted dropout, so inference is the identity and needs no rescaling).
 */
import type { Graph, Shape, Tensor } from '../graph/index.ts';
import type { ParamLayout, ParamSpec, ParamStore } from './params.ts';

export interface DropoutSpec {
  /** The fed input's name: `dropout.<layer name>`. */
  readonly input: string;
  /** Its shape: the symbol 'batch' and static dims. */
  readonly shape: Shape;
  /** Probability of zeroing an element, in [0, 1). */
  readonly rate: number;
}

export interface BuildContext {
  readonly g: Graph;
  /** True in the training graph: dropout is active. */
  readonly training: boolean;
  /** The tensor holding a weight; the same tensor every time within one graph (shared weights). */
  weight(spec: ParamSpec): Tensor;
  /** Training: a fed mask of `shape` (0 or 1/(1 − rate)); inference or rate 0: undefined. */
  dropoutMask(name: string, shape: Shape, rate: number): Tensor | undefined;
}

export type WeightSource =
  | { readonly kind: 'fed' }
  | { readonly kind: 'flat'; readonly layout: ParamLayout; readonly input: Tensor }
  | { readonly kind: 'baked'; readonly params: ParamStore };

export class GraphContext implements BuildContext {
  /** Weight tensors created so far, by weight name. */
  readonly weights = new Map<string, Tensor>();
  /** Dropout masks the trainer must feed. */
  readonly masks: DropoutSpec[] = [];
  private readonly specs = new Map<string, ParamSpec>();

  constructor(
    readonly g: Graph,
    readonly training: boolean,
    readonly source: WeightSource,
  ) {}

  weight(spec: ParamSpec): Tensor {
    const known = this.specs.get(spec.name);
    if (known && known.shape.join() !== spec.shape.join()) {
      throw new Error(
        `weight '${spec.name}' requested as [${spec.shape.join(', ')}] and [${known.shape.join(', ')}]`,
      );
    }
    const seen = this.weights.get(spec.name);
    if (seen) return seen;
    this.specs.set(spec.name, spec);
    const t = this.create(spec);
    this.weights.set(spec.name, t);
    return t;
  }

  private create(spec: ParamSpec): Tensor {
    const { g, source } = this;
    switch (source.kind) {
      case 'fed':
        return g.param(spec.name, spec.shape);
      case 'baked': {
        const e = source.params.get(spec.name);
        if (e.shape.join() !== spec.shape.join()) {
          throw new RangeError(
            `weight '${spec.name}': stored [${e.shape.join(', ')}], the layer wants [${spec.shape.join(', ')}]`,
          );
        }
        return g.constant(e.values, spec.shape);
      }
      case 'flat': {
        const l = source.layout.entries.find((e) => e.name === spec.name);
        if (!l) throw new Error(`weight '${spec.name}' is not in the model's parameter layout`);
        const piece = g.slice(source.input, { starts: [l.offset], ends: [l.offset + l.size] });
        return g.reshape(piece, spec.shape);
      }
    }
  }

  dropoutMask(name: string, shape: Shape, rate: number): Tensor | undefined {
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout '${name}': rate ${rate} not in [0, 1)`);
    if (!this.training || rate === 0) return undefined;
    const input = `dropout.${name}`;
    if (this.masks.some((m) => m.input === input)) throw new Error(`dropout '${name}' applied twice`);
    for (const d of shape) {
      if (typeof d !== 'number' && d !== 'batch') {
        throw new RangeError(`dropout '${name}': shape dims must be static or 'batch', got ${d}`);
      }
    }
    this.masks.push({ input, shape: [...shape], rate });
    return this.g.input(input, shape);
  }
}

/**
 * A building block that owns weights. Subclasses declare weights in their constructor with
 * `param()` (names become `<layer name>.<local>`) and sub-layers with `child()`, and add nodes in
 * their own `apply` method (signatures differ by layer). Applying a layer twice shares weights.
 */
export abstract class Layer {
  private readonly own: ParamSpec[] = [];
  private readonly kids: Layer[] = [];

  constructor(readonly name: string) {
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new TypeError(`layer name '${name}': use [A-Za-z0-9_.-]`);
  }

  protected param(
    local: string,
    shape: readonly number[],
    init: ParamSpec['init'],
    opts: { decay?: boolean } = {},
  ): ParamSpec {
    const spec: ParamSpec = {
      name: `${this.name}.${local}`,
      shape: [...shape],
      init,
      decay: opts.decay ?? true,
    };
    this.own.push(spec);
    return spec;
  }

  protected child<L extends Layer>(layer: L): L {
    this.kids.push(layer);
    return layer;
  }

  /** All weights of this layer and its sub-layers, in declaration order (each weight once). */
  get params(): ParamSpec[] {
    const out = new Map<string, ParamSpec>();
    const visit = (l: Layer): void => {
      for (const p of l.own) {
        const seen = out.get(p.name);
        // The same layer reached twice shares its weights; two layers with one name are a mistake.
        if (seen && seen !== p)
          throw new Error(`two different weights named '${p.name}': give the layers distinct names`);
        out.set(p.name, p);
      }
      for (const k of l.kids) visit(k);
    };
    visit(this);
    return [...out.values()];
  }
}
