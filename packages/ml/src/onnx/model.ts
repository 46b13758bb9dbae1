/**
 * Writing ONNX models from TypeScript: a typed description of nodes, inputs, outputs and
 * initializers, encoded with onnx-proto (ONNX 1.10 schema, IR version 8). Default opsets: ai.onnx 17
 * and ai.onnx.ml 3 (TreeEnsemble*); opset 18 moved Reduce* `axes` to an input, so 17 it is.
 * Float attributes are always written with type FLOAT (onnxruntime rejects untyped ones).
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Element types we use (ONNX TensorProto.DataType codes). */
export const ElemType = { float32: 1, int32: 6, int64: 7, string: 8, bool: 9, float64: 11 } as const;
export type ElemTypeName = keyof typeof ElemType;

/** An attribute value: numbers are INT unless wrapped with `float()`; arrays are INTS/FLOATS. */
export type AttrValue =
  | number
  | string
  | { kind: 'float'; value: number }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'strings'; value: readonly string[] }
  | { kind: 'tensor'; value: TensorSpec };

export const float = (value: number): AttrValue => ({ kind: 'float', value });
export const floats = (value: readonly number[]): AttrValue => ({ kind: 'floats', value });
export const ints = (value: readonly number[]): AttrValue => ({ kind: 'ints', value });
export const strings = (value: readonly string[]): AttrValue => ({ kind: 'strings', value });

export interface NodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attrs?: Readonly<Record<string, AttrValue>>;
  /** '' (ai.onnx, default) or 'ai.onnx.ml'. */
  domain?: string;
  name?: string;
}

/** A dimension: a fixed size or a symbolic name (e.g. 'batch'). */
export type Dim = number | string;

export interface ValueSpec {
  name: string;
  type: ElemTypeName;
  dims: readonly Dim[];
}

export interface TensorSpec {
  name: string;
  type: 'float32' | 'float64' | 'int64' | 'int32';
  dims: readonly number[];
  data: Float32Array | Float64Array | BigInt64Array | Int32Array | readonly number[];
}

export interface ModelSpec {
  graphName: string;
  nodes: readonly NodeSpec[];
  inputs: readonly ValueSpec[];
  outputs: readonly ValueSpec[];
  initializers?: readonly TensorSpec[];
  /** Opset per domain; defaults { '': 17 } plus { 'ai.onnx.ml': 3 } when a node uses that domain. */
  opsets?: Readonly<Record<string, number>>;
  producerName?: string;
  docString?: string;
  /** ModelProto metadata_props: what serving needs to read back from the artifact alone. */
  metadata?: Readonly<Record<string, string>>;
}

const utf8 = new TextEncoder();

function tensorProto(t: TensorSpec): onnxProto.onnx.ITensorProto {
  const size = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== size) {
    throw new RangeError(`tensor ${t.name}: ${t.data.length} values for dims [${t.dims.join(', ')}]`);
  }
  const base = { name: t.name, dims: [...t.dims], dataType: ElemType[t.type] };
  switch (t.type) {
    case 'float32':
      return { ...base, floatData: Array.from(t.data as ArrayLike<number>) };
    case 'float64':
      return { ...base, doubleData: Array.from(t.data as ArrayLike<number>) };
    case 'int32':
      return { ...base, int32Data: Array.from(t.data as ArrayLike<number>) };
    case 'int64':
      return {
        ...base,
        int64Data: Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v)),
      };
  }
}

function attribute(name: string, v: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new TypeError(`attribute ${name}: use float() for non-integers`);
    return { name, type: T.INT, i: v };
  }
  if (typeof v === 'string') return { name, type: T.STRING, s: utf8.encode(v) };
  switch (v.kind) {
    case 'float':
      return { name, type: T.FLOAT, f: v.value };
    case 'floats':
      return { name, type: T.FLOATS, floats: [...v.value] };
    case 'ints':
      return { name, type: T.INTS, ints: [...v.value] };
    case 'strings':
      return { name, type: T.STRINGS, strings: v.value.map((s) => utf8.encode(s)) };
    case 'tensor':
      return { name, type: T.TENSOR, t: tensorProto(v.value) };
  }
}

function valueInfo(v: ValueSpec): onnxProto.onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: ElemType[v.type],
        shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Encodes a model to ONNX protobuf bytes. */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const opsets: Record<string, number> = { '': 17, ...(spec.opsets ?? {}) };
  if (spec.nodes.some((n) => n.domain === 'ai.onnx.ml') && opsets['ai.onnx.ml'] === undefined) {
    opsets['ai.onnx.ml'] = 3;
  }
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: spec.producerName ?? 'zomma-ml',
    docString: spec.docString ?? '',
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    opsetImport: Object.entries(opsets).map(([domain, version]) => ({ domain, version })),
    graph: {
      name: spec.graphName,
      node: spec.nodes.map((n, i) => ({
        name: n.name ?? `${n.op}_${i}`,
        opType: n.op,
        domain: n.domain ?? '',
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
      initializer: (spec.initializers ?? []).map(tensorProto),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
