/**
 * Finishing a `Graph` into ONNX bytes: keeps only the nodes the requested outputs need, makes
 * the declared inputs/params they use the graph inputs (never initializers, so weights are fed
 * each run), constants the initializers, and names the outputs (an Identity node renames a tensor
 * whose name differs from the requested output name).
 */
import { encodeModel, type NodeSpec, type TensorSpec, type ValueSpec } from '../onnx/model.ts';
import type { Graph } from './builder.ts';
import type { Node, Tensor } from './core.ts';

export interface CompileSpec {
  /** Output name → tensor, in the order the model lists them. */
  outputs: Readonly<Record<string, Tensor>>;
  /** Graph inputs in order. Default: the declared inputs/params the outputs need, in declaration order. */
  inputs?: readonly Tensor[];
  /** ONNX graph name (default 'zomma-graph'). */
  name?: string;
}

export interface CompiledGraph {
  readonly bytes: Uint8Array;
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly ValueSpec[];
  /** Nodes kept (after pruning), including output renames. */
  readonly nodeCount: number;
}

const valueSpec = (name: string, t: Tensor): ValueSpec => ({ name, type: t.dtype, dims: t.shape });

export function compileGraph(g: Graph, spec: CompileSpec): CompiledGraph {
  const entries = Object.entries(spec.outputs);
  if (entries.length === 0) throw new RangeError('compileGraph: no outputs');
  const needed = new Set<string>();
  for (const [, t] of entries) needed.add(g.own(t, 'compileGraph').name);
  const kept: Node[] = [];
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const node = g.nodes[i] as Node;
    if (!node.outputs.some((o) => needed.has(o.name))) continue;
    kept.push(node);
    for (const t of node.inputs) needed.add(t.name);
  }
  kept.reverse();

  const usedInputs = g.inputs.filter((t) => needed.has(t.name));
  let inputs = usedInputs;
  if (spec.inputs) {
    for (const t of spec.inputs) {
      g.own(t, 'compileGraph');
      if (t.kind !== 'input' && t.kind !== 'param')
        throw new TypeError(`compileGraph: ${t} is not an input or param`);
    }
    const missing = usedInputs.filter((t) => !spec.inputs?.includes(t));
    if (missing.length > 0)
      throw new Error(`compileGraph: the outputs also need inputs ${missing.join(', ')}`);
    inputs = [...spec.inputs];
  }

  const nodes: NodeSpec[] = kept.map((n) => ({
    op: n.op,
    inputs: n.inputs.map((t) => t.name),
    outputs: n.outputs.map((t) => t.name),
    attrs: n.attrs,
  }));
  const taken = new Set([...needed, ...inputs.map((t) => t.name)]);
  const outputs: ValueSpec[] = [];
  const emitted = new Set<string>();
  for (const [name, t] of entries) {
    if (emitted.has(name)) throw new Error(`compileGraph: output '${name}' twice`);
    emitted.add(name);
    if (name === t.name && t.kind === 'node') {
      outputs.push(valueSpec(name, t));
      continue;
    }
    if (taken.has(name)) {
      throw new Error(`compileGraph: output name '${name}' is already a tensor of the graph; choose another`);
    }
    nodes.push({ op: 'Identity', inputs: [t.name], outputs: [name] });
    outputs.push(valueSpec(name, t));
  }

  const constants = new Map<string, Tensor>();
  for (const t of [...kept.flatMap((n) => n.inputs), ...entries.map(([, t]) => t)]) {
    if (t.kind === 'constant') constants.set(t.name, t);
  }
  const initializers: TensorSpec[] = [];
  for (const [name, tensor] of constants) {
    const c = g.constantValue(tensor);
    if (!c) throw new Error(`compileGraph: constant ${tensor} has no value`);
    const dims = tensor.shape.map(Number);
    const data = c.data;
    if (tensor.dtype === 'int64') initializers.push({ name, type: 'int64', dims, data: Array.from(data) });
    else if (tensor.dtype === 'float32')
      initializers.push({ name, type: 'float32', dims, data: Float32Array.from(data) });
    else if (tensor.dtype === 'float64')
      initializers.push({ name, type: 'float64', dims, data: Float64Array.from(data) });
    else throw new TypeError(`compileGraph: constant ${tensor} has an unsupported type`);
  }

  const bytes = encodeModel({
    graphName: spec.name ?? 'zomma-graph',
    nodes,
    inputs: inputs.map((t) => valueSpec(t.name, t)),
    outputs,
    initializers,
  });
  return { bytes, inputs: inputs.map((t) => valueSpec(t.name, t)), outputs, nodeCount: nodes.length };
}
