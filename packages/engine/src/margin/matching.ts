/**
 * Maximum-saving bipartite b-matching by min-cost flow (successive shortest paths with
 * Dijkstra on potential-reduced costs: O(n² + E) per augmentation, n = nodes, E ≈ nL·nR). Left node i has capacity `leftCap[i]` units, right node j `rightCap[j]`; pairing
 * one unit of i with one unit of j saves `saving(i, j)` (only positive savings are edges). Units
 * may stay unpaired, so the flow stops at the first augmenting path whose cost is ≥ 0: with
 * successive shortest paths the path costs are non-decreasing (the cost of a min-cost flow is
 * convex in its value), so that flow has the globally minimal cost = maximal total saving.
 *
 * Exact (not greedy): an augmenting path may re-route earlier pairings. Capacities are integer
 * contract units; each augmentation pushes the path's bottleneck, so the work is polynomial in the
 * number of distinct legs, not in the number of contracts.
 */

export interface Pairing {
  left: number;
  right: number;
  /** Units paired. */
  units: number;
}

export interface MatchingResult {
  pairs: Pairing[];
  /** Σ units × saving over the pairs. */
  totalSaving: number;
  /** Deterministic work counter: node scans + edge scans of all Dijkstra passes. */
  work: number;
}

interface Edge {
  to: number;
  cap: number;
  cost: number;
  /** Index of the reverse edge in `adj[to]`. */
  rev: number;
}

/** Savings below this (currency per unit) are treated as no saving, so ties do not pair. */
const SAVING_EPS = 1e-9;

export function maxSavingMatching(
  leftCap: readonly number[],
  rightCap: readonly number[],
  saving: (left: number, right: number) => number,
): MatchingResult {
  const nL = leftCap.length;
  const nR = rightCap.length;
  const source = nL + nR;
  const sink = source + 1;
  const adj: Edge[][] = Array.from({ length: sink + 1 }, () => []);
  const addEdge = (u: number, v: number, cap: number, cost: number): void => {
    const au = adj[u];
    const av = adj[v];
    if (au === undefined || av === undefined) throw new Error('maxSavingMatching: bad node');
    au.push({ to: v, cap, cost, rev: av.length });
    av.push({ to: u, cap: 0, cost: -cost, rev: au.length - 1 });
  };
  for (let i = 0; i < nL; i++) addEdge(source, i, leftCap[i] ?? 0, 0);
  for (let j = 0; j < nR; j++) addEdge(nL + j, sink, rightCap[j] ?? 0, 0);
  for (let i = 0; i < nL; i++) {
    for (let j = 0; j < nR; j++) {
      const s = saving(i, j);
      if (s > SAVING_EPS) addEdge(i, nL + j, Number.POSITIVE_INFINITY, -s);
    }
  }

  // Successive shortest paths with Dijkstra on reduced costs (Johnson potentials). The initial
  // residual graph is a DAG (source → left → right → sink), so exact potentials come from one pass.
  const n = sink + 1;
  const pot = new Float64Array(n);
  for (let i = 0; i < nL; i++)
    for (const e of adj[i] ?? []) if (e.cost < (pot[e.to] ?? 0)) pot[e.to] = e.cost;
  for (let j = 0; j < nR; j++)
    if ((rightCap[j] ?? 0) > 0 && (pot[nL + j] ?? 0) < (pot[sink] ?? 0)) pot[sink] = pot[nL + j] ?? 0;
  const dist = new Float64Array(n);
  const done = new Uint8Array(n);
  const prevNode = new Int32Array(n);
  const prevEdge = new Int32Array(n);
  let work = 0;
  for (;;) {
    dist.fill(Number.POSITIVE_INFINITY);
    done.fill(0);
    prevNode.fill(-1);
    dist[source] = 0;
    let maxDist = 0;
    // Dense O(n²) Dijkstra: the graph has ≈ nL·nR edges, so a heap would not pay off.
    for (;;) {
      let u = -1;
      let du = Number.POSITIVE_INFINITY;
      for (let v = 0; v < n; v++) {
        const dv = dist[v] ?? Number.POSITIVE_INFINITY;
        if (done[v] === 0 && dv < du) {
          du = dv;
          u = v;
        }
      }
      work += n;
      if (u < 0) break;
      done[u] = 1;
      maxDist = du;
      const edges = adj[u] ?? [];
      const pu = pot[u] ?? 0;
      work += edges.length;
      for (let k = 0; k < edges.length; k++) {
        const e = edges[k];
        if (e === undefined || e.cap <= 0 || done[e.to] === 1) continue;
        // Reduced costs are ≥ 0 up to rounding; clamp so Dijkstra's invariant holds.
        const nd = du + Math.max(0, e.cost + pu - (pot[e.to] ?? 0));
        if (nd < (dist[e.to] ?? Number.POSITIVE_INFINITY)) {
          dist[e.to] = nd;
          prevNode[e.to] = u;
          prevEdge[e.to] = k;
        }
      }
    }
    if (done[sink] === 0) break;
    for (let v = 0; v < n; v++) pot[v] = (pot[v] ?? 0) + (done[v] === 1 ? (dist[v] ?? 0) : maxDist);
    // pot[source] stays 0, so pot[sink] is the path's true cost (−saving per unit).
    if (!((pot[sink] ?? 0) < -SAVING_EPS)) break;
    let push = Number.POSITIVE_INFINITY;
    for (let v = sink; v !== source; v = prevNode[v] ?? source) {
      const e = adj[prevNode[v] ?? source]?.[prevEdge[v] ?? -1];
      if (e === undefined) throw new Error('maxSavingMatching: broken path');
      push = Math.min(push, e.cap);
    }
    for (let v = sink; v !== source; v = prevNode[v] ?? source) {
      const e = adj[prevNode[v] ?? source]?.[prevEdge[v] ?? -1];
      const back = e === undefined ? undefined : adj[e.to]?.[e.rev];
      if (e === undefined || back === undefined) throw new Error('maxSavingMatching: broken path');
      e.cap -= push;
      back.cap += push;
    }
  }

  // Read the pairing off the flow on left→right edges (flow = capacity of the reverse edge).
  const pairs: Pairing[] = [];
  let totalSaving = 0;
  for (let i = 0; i < nL; i++) {
    for (const e of adj[i] ?? []) {
      if (e.to < nL || e.to >= nL + nR || e.cost >= 0) continue;
      const flow = adj[e.to]?.[e.rev]?.cap ?? 0;
      if (flow > 0) {
        pairs.push({ left: i, right: e.to - nL, units: flow });
        totalSaving += flow * -e.cost;
      }
    }
  }
  return { pairs, totalSaving, work };
}
