/**
 * In-memory types of the GBDT. Feature matrices are ROW-MAJOR: row i, feature j at x[i·nFeatures + j]
 * (the layout of an ONNX [batch, features] input). NaN marks a missing value.
 */
import type { GbdtObjective, GbdtParams } from './gbdt.schema.ts';

export type FeatureMatrix = Float64Array | Float32Array;

/** A labelled data set: y is the target (regression), 0/1 (binary) or 0..K−1 (multiclass). */
export interface GbdtData {
  x: FeatureMatrix;
  y: ArrayLike<number>;
  nRows: number;
  nFeatures: number;
}

/**
 * One tree, parallel arrays indexed by node id (root 0, children after their parent). A row goes
 * left when Math.fround(x) < threshold (float32 comparison, as ONNX BRANCH_LT on float32 input)
 * or, when x is NaN, when defaultLeft is 1.
 */
export interface GbdtTree {
  /** Split feature; −1 on leaves. */
  feature: Int32Array;
  /** float32 thresholds (0 on leaves). */
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  defaultLeft: Uint8Array;
  /** float32 values: leaf outputs (learning rate applied); on internal nodes the would-be leaf value. */
  value: Float32Array;
  /** Training rows of the round's sample that reached the node (TreeSHAP's cover weights). */
  cover: Float64Array;
  /** Split gain, ½·[GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ)]; 0 on leaves. */
  gain: Float64Array;
}

export interface GbdtModel {
  objective: GbdtObjective;
  nFeatures: number;
  /** Margins per row: 1 for regression and binary, K for multiclass. */
  nOutputs: number;
  /** float32 initial margin per output. */
  baseScore: Float64Array;
  /** Round-major: tree r·nOutputs + k adds to output k. */
  trees: GbdtTree[];
  params: GbdtParams;
  featureNames?: string[];
}

/** Index of the leaf a row reaches (row-major x, row offset `off`). */
export function leafIndex(tree: GbdtTree, x: ArrayLike<number>, off: number): number {
  const { feature, threshold, left, right, defaultLeft } = tree;
  let node = 0;
  let f = feature[0] as number;
  while (f >= 0) {
    const v = x[off + f] as number;
    const goLeft = Number.isNaN(v) ? defaultLeft[node] === 1 : Math.fround(v) < (threshold[node] as number);
    node = (goLeft ? left[node] : right[node]) as number;
    f = feature[node] as number;
  }
  return node;
}

/** Number of edges on the longest root-to-leaf path. */
export function treeDepth(tree: GbdtTree): number {
  const depth = new Int32Array(tree.feature.length);
  let max = 0;
  for (let j = 0; j < tree.feature.length; j++) {
    const d = depth[j] as number;
    if (d > max) max = d;
    if ((tree.feature[j] as number) >= 0) {
      depth[tree.left[j] as number] = d + 1;
      depth[tree.right[j] as number] = d + 1;
    }
  }
  return max;
}
