/**
 * Grows one tree on binned data. Every node owns a contiguous segment of `rows` (row ids in
 * ascending order, kept by a stable partition). A split builds the histogram of the smaller child
 * only and gets the larger one by subtracting it from the parent's (sibling subtraction), so each
 * level reads at most half of its parent's rows. lossguide splits the candidate leaf of largest
 * gain next; depthwise splits the shallowest candidate (then lowest id), i.e. level by level.
 */
import type { GbdtParams } from './gbdt.schema.ts';
import {
  buildHistogram,
  emptySplit,
  findBestSplit,
  type HistLayout,
  type SplitInfo,
  subtractHistogram,
} from './histogram.ts';
import type { GbdtTree } from './types.ts';

export interface GrowContext {
  layout: HistLayout;
  thresholds: readonly Float32Array[];
  params: GbdtParams;
  /** Row ids; the tree's rows are rows[0..nRows) on entry (permuted on exit). Length ≥ nRows. */
  rows: Uint32Array;
  /** Scratch, same length as rows. */
  tmp: Uint32Array;
  /** Scratch for gathered (g, h) pairs, length ≥ 2 × rows. */
  gh: Float64Array;
  /** Free histogram buffers, reused across nodes and trees. */
  pool: Float64Array[];
  /** Every hessian is 1 (squared error): histograms skip Σh (it equals the count). */
  unitHessian: boolean;
}

export interface GrownTree {
  tree: GbdtTree;
  /** Bin code of each split (left = bins ≤ splitBin); −1 on leaves. */
  splitBin: Int32Array;
  /** Each node's segment of ctx.rows (valid until the next tree is grown). */
  start: Int32Array;
  end: Int32Array;
}

/**
 * @param nRows rows of this tree (in ctx.rows[0..nRows))
 * @param features the features drawn for this tree
 */
export function growTree(
  ctx: GrowContext,
  grad: Float64Array,
  hess: Float64Array,
  nRows: number,
  features: Int32Array,
): GrownTree {
  const { layout, params: p, rows, tmp, gh, pool } = ctx;
  const histSize = 3 * layout.totalSlots;
  const acquire = (): Float64Array => pool.pop() ?? new Float64Array(histSize);
  // Per node (ids in creation order, so children come after their parent).
  const G: number[] = [];
  const H: number[] = [];
  const C: number[] = [];
  const depth: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const hist: (Float64Array | null)[] = [];
  const split: SplitInfo[] = [];
  const newNode = (g: number, h: number, c: number, d: number, s: number, e: number): number => {
    G.push(g);
    H.push(h);
    C.push(c);
    depth.push(d);
    start.push(s);
    end.push(e);
    left.push(-1);
    right.push(-1);
    hist.push(null);
    split.push(emptySplit());
    return G.length - 1;
  };
  /** Gathers (g, h) of rows[s..e) into gh; returns [Σg, Σh]. */
  const gather = (s: number, e: number): [number, number] => {
    let sg = 0;
    let sh = 0;
    for (let k = s, j = 0; k < e; k++, j += 2) {
      const r = rows[k] as number;
      const g = grad[r] as number;
      const h = hess[r] as number;
      gh[j] = g;
      gh[j + 1] = h;
      sg += g;
      sh += h;
    }
    return [sg, sh];
  };
  const maxDepth = p.maxDepth === 0 ? Number.POSITIVE_INFINITY : p.maxDepth;
  const canSplit = (id: number): boolean =>
    (depth[id] as number) < maxDepth && (C[id] as number) >= 2 * p.minSamplesLeaf;
  const candidates: number[] = [];
  /** Finds the node's best split; keeps its histogram only while it is a candidate. */
  const evaluate = (id: number): void => {
    const h = hist[id] as Float64Array;
    const s = split[id] as SplitInfo;
    if (canSplit(id))
      findBestSplit(h, layout, features, G[id] as number, H[id] as number, C[id] as number, p, s);
    if (s.feature >= 0 && s.gain > p.minSplitGain) candidates.push(id);
    else {
      s.feature = -1;
      pool.push(h);
      hist[id] = null;
    }
  };

  const [g0, h0] = gather(0, nRows);
  const root = newNode(g0, h0, nRows, 0, 0, nRows);
  if (canSplit(root)) {
    const h = acquire();
    buildHistogram(h, layout, features, rows, 0, nRows, gh, ctx.unitHessian);
    hist[root] = h;
    evaluate(root);
  }
  let leaves = 1;
  while (leaves < p.maxLeaves && candidates.length > 0) {
    let pick = 0;
    for (let c = 1; c < candidates.length; c++) {
      const a = candidates[c] as number;
      const b = candidates[pick] as number;
      const better =
        p.growPolicy === 'lossguide'
          ? (split[a] as SplitInfo).gain > (split[b] as SplitInfo).gain ||
            ((split[a] as SplitInfo).gain === (split[b] as SplitInfo).gain && a < b)
          : (depth[a] as number) < (depth[b] as number) || (depth[a] === depth[b] && a < b);
      if (better) pick = c;
    }
    const id = candidates.splice(pick, 1)[0] as number;
    const s = split[id] as SplitInfo;
    // Stable partition of the node's segment: left rows stay in place, right rows go via tmp.
    const col = layout.bins[s.feature] as Uint8Array;
    const missing = layout.nBins[s.feature] as number;
    const s0 = start[id] as number;
    const e0 = end[id] as number;
    let l = s0;
    let r = 0;
    for (let k = s0; k < e0; k++) {
      const row = rows[k] as number;
      const b = col[row] as number;
      if (b <= s.bin || (b === missing && s.defaultLeft === 1)) rows[l++] = row;
      else tmp[r++] = row;
    }
    rows.set(tmp.subarray(0, r), l);
    if (l - s0 !== s.cl) throw new Error(`partition (${l - s0} rows) disagrees with histogram (${s.cl})`);
    const d = (depth[id] as number) + 1;
    const L = newNode(s.gl, s.hl, s.cl, d, s0, l);
    const R = newNode((G[id] as number) - s.gl, (H[id] as number) - s.hl, (C[id] as number) - s.cl, d, l, e0);
    left[id] = L;
    right[id] = R;
    leaves++;
    const parentHist = hist[id] as Float64Array;
    hist[id] = null;
    if (canSplit(L) || canSplit(R)) {
      const small = (C[L] as number) <= (C[R] as number) ? L : R;
      const large = small === L ? R : L;
      const hs = acquire();
      gather(start[small] as number, end[small] as number);
      buildHistogram(
        hs,
        layout,
        features,
        rows,
        start[small] as number,
        end[small] as number,
        gh,
        ctx.unitHessian,
      );
      subtractHistogram(parentHist, hs, layout, features);
      hist[small] = hs;
      hist[large] = parentHist;
      evaluate(small);
      evaluate(large);
    } else pool.push(parentHist);
  }
  for (const id of candidates) {
    const h = hist[id];
    if (h) pool.push(h);
    (split[id] as SplitInfo).feature = -1;
  }

  const n = G.length;
  const tree: GbdtTree = {
    feature: new Int32Array(n),
    threshold: new Float32Array(n),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    defaultLeft: new Uint8Array(n),
    value: new Float32Array(n),
    cover: Float64Array.from(C),
    gain: new Float64Array(n),
  };
  const splitBin = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    tree.value[j] = (-(G[j] as number) / ((H[j] as number) + p.lambda)) * p.learningRate;
    const s = split[j] as SplitInfo;
    const isSplit = (left[j] as number) >= 0;
    tree.feature[j] = isSplit ? s.feature : -1;
    if (isSplit) {
      tree.threshold[j] = (ctx.thresholds[s.feature] as Float32Array)[s.bin] as number;
      tree.defaultLeft[j] = s.defaultLeft;
      tree.gain[j] = s.gain;
      splitBin[j] = s.bin;
    }
  }
  return { tree, splitBin, start: Int32Array.from(start), end: Int32Array.from(end) };
}
