/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2), a transcription of the reference implementation
 * (EXTEND / UNWIND / unwound path sum). The conditional expectation E[f(x) | x_S] it explains
 * follows x at splits on features in S and otherwise averages both children weighted by their
 * training cover (rows of the round's sample). Attributions are of the margin: per output k,
 * Σ_j φ_kj = margin_k(x) − expectedValue_k (local accuracy), in double precision.
 */
import { type FeatureMatrix, type GbdtModel, type GbdtTree, treeDepth } from './types.ts';

export interface ShapResult {
  /** Row-major nRows × nOutputs × nFeatures: φ for row i, output k, feature j at ((i·K + k)·d + j). */
  values: Float64Array;
  /** Per output: base score + Σ over the output's trees of the cover-weighted mean leaf value. */
  expectedValue: Float64Array;
}

/** The path of unique features above a node, stored in stacked frames (one per recursion depth). */
interface Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  w: Float64Array;
}

function extendPath(p: Path, o: number, depth: number, zero: number, one: number, feature: number): void {
  const { w } = p;
  p.feature[o + depth] = feature;
  p.zero[o + depth] = zero;
  p.one[o + depth] = one;
  w[o + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    w[o + i + 1] = (w[o + i + 1] as number) + (one * (w[o + i] as number) * (i + 1)) / (depth + 1);
    w[o + i] = (zero * (w[o + i] as number) * (depth - i)) / (depth + 1);
  }
}

function unwindPath(p: Path, o: number, depth: number, at: number): void {
  const { w } = p;
  const one = p.one[o + at] as number;
  const zero = p.zero[o + at] as number;
  let next = w[o + depth] as number;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = w[o + i] as number;
      w[o + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - ((w[o + i] as number) * zero * (depth - i)) / (depth + 1);
    } else {
      w[o + i] = ((w[o + i] as number) * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = at; i < depth; i++) {
    p.feature[o + i] = p.feature[o + i + 1] as number;
    p.zero[o + i] = p.zero[o + i + 1] as number;
    p.one[o + i] = p.one[o + i + 1] as number;
  }
}

/** Σ of the path weights after unwinding element `at`, without modifying the path. */
function unwoundPathSum(p: Path, o: number, depth: number, at: number): number {
  const { w } = p;
  const one = p.one[o + at] as number;
  const zero = p.zero[o + at] as number;
  let next = w[o + depth] as number;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = (w[o + i] as number) - tmp * zero * ((depth - i) / (depth + 1));
    } else {
      total += (w[o + i] as number) / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

/** Adds the tree's attributions for the row at x[off..off+d) into phi[phiOff + j]. */
function shapTree(
  tree: GbdtTree,
  x: FeatureMatrix,
  off: number,
  phi: Float64Array,
  phiOff: number,
  path: Path,
): void {
  const { feature, threshold, left, right, defaultLeft, cover, value } = tree;
  const recurse = (
    node: number,
    parentOff: number,
    depth: number,
    zeroIn: number,
    oneIn: number,
    featureIn: number,
  ): void => {
    const o = parentOff + depth + 1;
    for (let i = 0; i < depth; i++) {
      path.feature[o + i] = path.feature[parentOff + i] as number;
      path.zero[o + i] = path.zero[parentOff + i] as number;
      path.one[o + i] = path.one[parentOff + i] as number;
      path.w[o + i] = path.w[parentOff + i] as number;
    }
    extendPath(path, o, depth, zeroIn, oneIn, featureIn);
    const f = feature[node] as number;
    if (f < 0) {
      const v = value[node] as number;
      for (let i = 1; i <= depth; i++) {
        const wsum = unwoundPathSum(path, o, depth, i);
        const j = path.feature[o + i] as number;
        phi[phiOff + j] =
          (phi[phiOff + j] as number) +
          wsum * ((path.one[o + i] as number) - (path.zero[o + i] as number)) * v;
      }
      return;
    }
    const xv = x[off + f] as number;
    const goLeft = Number.isNaN(xv) ? defaultLeft[node] === 1 : Math.fround(xv) < (threshold[node] as number);
    const hot = (goLeft ? left[node] : right[node]) as number;
    const cold = (goLeft ? right[node] : left[node]) as number;
    const c = cover[node] as number;
    const hotZero = (cover[hot] as number) / c;
    const coldZero = (cover[cold] as number) / c;
    let zero = 1;
    let one = 1;
    let d = depth;
    let at = 0;
    while (at <= d && path.feature[o + at] !== f) at++;
    if (at <= d) {
      zero = path.zero[o + at] as number;
      one = path.one[o + at] as number;
      unwindPath(path, o, d, at);
      d -= 1;
    }
    recurse(hot, o, d + 1, hotZero * zero, one, f);
    recurse(cold, o, d + 1, coldZero * zero, 0, f);
  };
  recurse(0, -1, 0, 1, 1, -1);
}

/** Cover-weighted mean leaf value: E[f] under the path-dependent expectation with S = ∅. */
export function treeExpectation(tree: GbdtTree): number {
  const root = tree.cover[0] as number;
  let e = 0;
  for (let j = 0; j < tree.feature.length; j++) {
    if ((tree.feature[j] as number) < 0) e += ((tree.cover[j] as number) / root) * (tree.value[j] as number);
  }
  return e;
}

/** SHAP values of every row's margins (row-major x, nRows × model.nFeatures). */
export function treeShap(model: GbdtModel, x: FeatureMatrix, nRows: number): ShapResult {
  const K = model.nOutputs;
  const d = model.nFeatures;
  if (x.length !== nRows * d) throw new RangeError(`x has ${x.length} values, not ${nRows}×${d}`);
  const expectedValue = Float64Array.from(model.baseScore);
  let maxDepth = 0;
  model.trees.forEach((tree, t) => {
    const k = t % K;
    expectedValue[k] = (expectedValue[k] as number) + treeExpectation(tree);
    maxDepth = Math.max(maxDepth, treeDepth(tree));
  });
  // Frames at offsets o(depth) = o(parent) + depth + 1 (starting from −1), depth ≤ maxDepth + 1.
  const size = ((maxDepth + 2) * (maxDepth + 3)) / 2 + 1;
  const path: Path = {
    feature: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    w: new Float64Array(size),
  };
  const values = new Float64Array(nRows * K * d);
  for (let i = 0; i < nRows; i++) {
    model.trees.forEach((tree, t) => {
      shapTree(tree, x, i * d, values, (i * K + (t % K)) * d, path);
    });
  }
  return { values, expectedValue };
}
