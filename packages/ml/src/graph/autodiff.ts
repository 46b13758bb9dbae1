/**
 * Reverse-mode differentiation on a `Graph`: appends backward nodes to the same graph.
 *
 * 1. Marks the float tensors that depend on some `wrt` tensor (forward sweep) and those the loss
 *    depends on (backward sweep); only nodes on both are differentiated, so branches that do not
 *    reach the loss, or do not start from a wrt tensor, cost nothing. `stopGradient` cuts paths.
 * 2. Walks those nodes in reverse creation order (a reverse topological order), calling each op's
 *    registered gradient with the output gradients. A tensor used by several nodes (a weight shared
 *    across 32 unrolled time steps) collects one contribution per use; they are summed with a single
 *    ONNX `Sum` node when the tensor's producer is reached (all consumers come later in the order).
 * 3. An op on the path without a registered gradient is an error naming the op and its outputs.
 */
import type { Graph } from './builder.ts';
import type { Node, Tensor } from './core.ts';
import { isStatic, shapeEq, shapeStr } from './dims.ts';
import { gradientOf } from './gradients/index.ts';

export interface GradientOptions {
  /** Return zeros (instead of throwing) for a wrt tensor the loss does not depend on. */
  allowUnused?: boolean;
}

const isFloat = (t: Tensor): boolean => t.dtype === 'float32' || t.dtype === 'float64';

/** d loss / d t for each t in `wrt`, as new tensors of the same graph (same shapes as `wrt`). */
export function gradients(
  g: Graph,
  loss: Tensor,
  wrt: readonly Tensor[],
  opts: GradientOptions = {},
): Tensor[] {
  g.own(loss, 'gradients');
  for (const w of wrt) {
    g.own(w, 'gradients');
    if (!isFloat(w)) throw new TypeError(`gradients: cannot differentiate with respect to ${w} (not float)`);
  }
  if (!isFloat(loss) || !isStatic(loss.shape) || loss.shape.some((d) => d !== 1)) {
    throw new TypeError(`gradients: the loss must be a float scalar, got ${loss}`);
  }

  const nodes = g.nodes.slice(); // backward nodes get appended; iterate the forward ones only
  const fromWrt = new Set(wrt.map((t) => t.name));
  for (const node of nodes) {
    if (node.stopGradient || !node.inputs.some((t) => fromWrt.has(t.name))) continue;
    for (const o of node.outputs) if (isFloat(o)) fromWrt.add(o.name);
  }
  const toLoss = new Set([loss.name]);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i] as Node;
    if (node.stopGradient || !node.outputs.some((t) => toLoss.has(t.name))) continue;
    for (const t of node.inputs) if (isFloat(t)) toLoss.add(t.name);
  }
  const onPath = (t: Tensor): boolean => fromWrt.has(t.name) && toLoss.has(t.name);

  const pending = new Map<string, Tensor[]>();
  pending.set(loss.name, [g.constant([1], loss.shape.map(Number))]);
  const total = (t: Tensor): Tensor | undefined => {
    const raw = pending.get(t.name);
    if (!raw || raw.length === 0) return undefined;
    const list = raw.length > 1 ? mergePads(g, raw) : raw;
    if (list.length === 1) return list[0];
    const sum = g.addN(list);
    pending.set(t.name, [sum]);
    return sum;
  };

  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i] as Node;
    if (node.stopGradient || !node.outputs.some(onPath)) continue;
    const needs = node.inputs.map(onPath);
    if (!needs.some(Boolean)) continue;
    const dy = node.outputs.map((o) => (onPath(o) ? total(o) : undefined));
    if (dy.every((d) => d === undefined)) continue;
    const fn = gradientOf(node.op);
    if (!fn) {
      throw new Error(
        `gradients: no gradient registered for op '${node.op}' (node ${node.id}, output ${node.outputs.join(', ')}), ` +
          `which lies between the loss ${loss} and [${wrt.map((w) => w.name).join(', ')}]. ` +
          `Register one with registerGradient('${node.op}', fn) or cut the path with g.stopGradient().`,
      );
    }
    const grads = fn({ g, node, dy, needs });
    node.inputs.forEach((t, k) => {
      const d = grads[k];
      if (!needs[k] || !d) return;
      if (!shapeEq(d.shape, t.shape)) {
        throw new Error(
          `gradients: '${node.op}' gave ${shapeStr(d.shape)} for input ${t} (a bug in its gradient)`,
        );
      }
      const list = pending.get(t.name);
      if (list) list.push(d);
      else pending.set(t.name, [d]);
    });
  }

  return wrt.map((w) => {
    const d = total(w);
    if (d) return d;
    if (opts.allowUnused) return g.zerosLike(w);
    throw new Error(`gradients: the loss ${loss} does not depend on ${w} (pass allowUnused to get zeros)`);
  });
}

/** The single padded axis and its [begin, end) extent, for a zero Pad that pads one axis only. */
function padExtent(
  g: Graph,
  t: Tensor,
): { axis: number; start: number; end: number; size: number } | undefined {
  const node = t.producer;
  const padsInput = node?.inputs[1];
  if (node?.op !== 'Pad' || !padsInput || node.inputs.length !== 2) return undefined;
  const pads = g.constantValue(padsInput)?.data;
  if (!pads) return undefined;
  const rank = t.rank;
  const axes = t.shape.map((_, i) => i).filter((i) => (pads[i] ?? 0) !== 0 || (pads[rank + i] ?? 0) !== 0);
  const axis = axes[0];
  const size = axis === undefined ? undefined : t.shape[axis];
  if (axes.length !== 1 || axis === undefined || typeof size !== 'number') return undefined;
  const start = pads[axis] ?? 0;
  return { axis, start, end: size - (pads[rank + axis] ?? 0), size };
}

/**
 * Contributions that are zero-padded pieces of the same tensor along one axis (the gradients of
 * slices) are merged: a contiguous run becomes one Concat (plus one Pad for the rest) instead of a
 * Sum of full-size padded tensors, which would cost O(T²) for T per-step slices.
 */
function mergePads(g: Graph, list: readonly Tensor[]): Tensor[] {
  const rest: Tensor[] = [];
  const byAxis = new Map<number, { t: Tensor; start: number; end: number; size: number }[]>();
  for (const t of list) {
    const e = padExtent(g, t);
    if (!e) rest.push(t);
    else byAxis.set(e.axis, [...(byAxis.get(e.axis) ?? []), { t, ...e }]);
  }
  for (const [axis, group] of byAxis) {
    group.sort((a, b) => a.start - b.start);
    let i = 0;
    while (i < group.length) {
      let j = i + 1;
      while (j < group.length && group[j]?.start === group[j - 1]?.end) j++;
      const run = group.slice(i, j);
      const first = run[0];
      const last = run[run.length - 1];
      if (run.length === 1 || !first || !last) rest.push(...run.map((r) => r.t));
      else {
        const pieces = run.map((r) => r.t.producer?.inputs[0] as Tensor);
        const begins = first.t.shape.map((_, k) => (k === axis ? first.start : 0));
        const ends = first.t.shape.map((_, k) => (k === axis ? last.size - last.end : 0));
        rest.push(g.pad(g.concat(pieces, axis), begins, ends));
      }
      i = j;
    }
  }
  return rest;
}
