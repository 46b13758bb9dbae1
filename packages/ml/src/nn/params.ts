/**
 * The parameter registry: named float32 weights with static shapes, in a fixed order (the order
 * a model declares them). `ParamStore` holds the values and serialises to JSON (readable, exact:
 * float32 → double → JSON round-trips bit for bit) or to bytes (compact):
 *
 *   bytes = "ZMLP" | u32 version (1) | u32 header length | header JSON (UTF-8)
 *           | zero padding to a multiple of 4 | float32 values, little-endian, in header order
 *   header = { "params": [{ "name": "...", "shape": [..] }, ...] }
 *
 * A `ParamLayout` maps the same list onto one flat vector (offsets in declaration order): the
 * trainer feeds weights and Adam moments as three flat vectors and slices them in-graph.
 */
import { createRng } from '@zomma/engine/rng';
import { z } from 'zod';
import type { Initializer } from './init.ts';

/** A weight a layer declares: its full name ('encoder.attn.qkv'), static shape and initialiser. */
export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: Initializer;
  /** Whether weight decay applies (matrices: yes; biases, norms' gain/shift: no). */
  readonly decay: boolean;
}

export interface ParamEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export interface LayoutEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
  readonly decay: boolean;
}

export interface ParamLayout {
  readonly entries: readonly LayoutEntry[];
  /** Total number of scalars. */
  readonly size: number;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function paramLayout(specs: readonly Pick<ParamSpec, 'name' | 'shape' | 'decay'>[]): ParamLayout {
  let offset = 0;
  const entries = specs.map((s) => {
    const e = { name: s.name, shape: [...s.shape], offset, size: sizeOf(s.shape), decay: s.decay };
    offset += e.size;
    return e;
  });
  return { entries, size: offset };
}

export const ParamsJson = z.object({
  format: z.literal('zomma-params'),
  version: z.literal(1),
  params: z.array(
    z.object({
      name: z.string().min(1),
      shape: z.array(z.number().int().nonnegative()),
      values: z.array(z.number()),
    }),
  ),
});
export type ParamsJson = z.infer<typeof ParamsJson>;

const Header = z.object({
  params: z.array(z.object({ name: z.string().min(1), shape: z.array(z.number().int().nonnegative()) })),
});

const MAGIC = [0x5a, 0x4d, 0x4c, 0x50]; // "ZMLP"

export class ParamStore {
  private readonly byName = new Map<string, ParamEntry>();

  constructor(entries: readonly ParamEntry[]) {
    for (const e of entries) {
      if (this.byName.has(e.name)) throw new Error(`ParamStore: duplicate parameter '${e.name}'`);
      if (e.values.length !== sizeOf(e.shape)) {
        throw new RangeError(
          `ParamStore: '${e.name}' has ${e.values.length} values for shape [${e.shape.join(', ')}]`,
        );
      }
      this.byName.set(e.name, { name: e.name, shape: [...e.shape], values: e.values });
    }
  }

  get entries(): readonly ParamEntry[] {
    return [...this.byName.values()];
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** Total number of scalars. */
  get size(): number {
    return this.entries.reduce((a, e) => a + e.values.length, 0);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): ParamEntry {
    const e = this.byName.get(name);
    if (!e) throw new Error(`ParamStore: no parameter '${name}' (have ${this.names.join(', ')})`);
    return e;
  }

  /** A deep copy. */
  clone(): ParamStore {
    return new ParamStore(this.entries.map((e) => ({ ...e, values: e.values.slice() })));
  }

  /** The values laid out by `layout` (names and shapes must match) in one new vector. */
  flatten(layout: ParamLayout, out: Float32Array | Float64Array = new Float32Array(layout.size)) {
    for (const l of layout.entries) {
      const e = this.get(l.name);
      if (e.values.length !== l.size || e.shape.join() !== l.shape.join()) {
        throw new RangeError(
          `ParamStore: '${l.name}' is [${e.shape.join(', ')}], the model wants [${l.shape.join(', ')}]`,
        );
      }
      out.set(e.values, l.offset);
    }
    return out;
  }

  /** A store from a flat vector laid out by `layout` (values are copied, rounded to float32). */
  static fromFlat(layout: ParamLayout, flat: ArrayLike<number>): ParamStore {
    if (flat.length !== layout.size)
      throw new RangeError(`fromFlat: ${flat.length} values, want ${layout.size}`);
    return new ParamStore(
      layout.entries.map((l) => ({
        name: l.name,
        shape: l.shape,
        values: Float32Array.from({ length: l.size }, (_, i) => flat[l.offset + i] ?? 0),
      })),
    );
  }

  /** Fresh values for `specs` from their initialisers; each weight gets its own forked stream. */
  static init(specs: readonly ParamSpec[], seed: number): ParamStore {
    const rng = createRng(seed);
    return new ParamStore(
      specs.map((s) => {
        const values = s.init(s.shape, rng.fork());
        if (values.length !== sizeOf(s.shape)) throw new RangeError(`init of '${s.name}': wrong size`);
        return { name: s.name, shape: s.shape, values };
      }),
    );
  }

  toJSON(): ParamsJson {
    return {
      format: 'zomma-params',
      version: 1,
      params: this.entries.map((e) => ({ name: e.name, shape: [...e.shape], values: Array.from(e.values) })),
    };
  }

  static fromJSON(json: unknown): ParamStore {
    const parsed = ParamsJson.parse(json);
    return new ParamStore(parsed.params.map((p) => ({ ...p, values: Float32Array.from(p.values) })));
  }

  toBytes(): Uint8Array {
    const header = new TextEncoder().encode(
      JSON.stringify({ params: this.entries.map((e) => ({ name: e.name, shape: e.shape })) }),
    );
    const dataStart = Math.ceil((12 + header.length) / 4) * 4;
    const bytes = new Uint8Array(dataStart + 4 * this.size);
    const view = new DataView(bytes.buffer);
    bytes.set(MAGIC, 0);
    view.setUint32(4, 1, true);
    view.setUint32(8, header.length, true);
    bytes.set(header, 12);
    let at = dataStart;
    for (const e of this.entries) {
      for (const v of e.values) {
        view.setFloat32(at, v, true);
        at += 4;
      }
    }
    return bytes;
  }

  static fromBytes(bytes: Uint8Array): ParamStore {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 12 || MAGIC.some((m, i) => bytes[i] !== m))
      throw new Error('fromBytes: not a ZMLP file');
    if (view.getUint32(4, true) !== 1)
      throw new Error(`fromBytes: unsupported version ${view.getUint32(4, true)}`);
    const headerLength = view.getUint32(8, true);
    if (12 + headerLength > bytes.length) throw new Error('fromBytes: truncated header');
    const header = Header.parse(JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))));
    let at = Math.ceil((12 + headerLength) / 4) * 4;
    const total = header.params.reduce((a, p) => a + sizeOf(p.shape), 0);
    if (at + 4 * total !== bytes.length) {
      throw new Error(`fromBytes: ${bytes.length - at} data bytes, the header describes ${4 * total}`);
    }
    return new ParamStore(
      header.params.map((p) => {
        const values = new Float32Array(sizeOf(p.shape));
        for (let i = 0; i < values.length; i++, at += 4) values[i] = view.getFloat32(at, true);
        return { name: p.name, shape: p.shape, values };
      }),
    );
  }
}
