import { describe, expect, it } from 'vitest';
import { gainImportance } from './importance.ts';
import { predictMargin } from './predict.ts';
import { gaussianBlobs, logisticClassification, sinSquareRegression } from './synthetic.ts';
import { trainGbdt } from './train.ts';
import { treeShap } from './tree-shap.ts';
import type { GbdtData, GbdtModel, GbdtTree } from './types.ts';

/**
 * Independent reference: path-dependent E[f(x) | x_S] (follow x at splits on features in S,
 * otherwise average the children by cover), then Shapley values by enumerating all subsets.
 */
function condExpectation(
  tree: GbdtTree,
  x: ArrayLike<number>,
  off: number,
  inS: (f: number) => boolean,
): number {
  const walk = (node: number): number => {
    const f = tree.feature[node] as number;
    if (f < 0) return tree.value[node] as number;
    const l = tree.left[node] as number;
    const r = tree.right[node] as number;
    if (inS(f)) {
      const v = x[off + f] as number;
      const goLeft = Number.isNaN(v)
        ? tree.defaultLeft[node] === 1
        : Math.fround(v) < (tree.threshold[node] as number);
      return walk(goLeft ? l : r);
    }
    const c = tree.cover[node] as number;
    return ((tree.cover[l] as number) * walk(l) + (tree.cover[r] as number) * walk(r)) / c;
  };
  return walk(0);
}

function bruteForceShap(model: GbdtModel, x: ArrayLike<number>, row: number, k: number): Float64Array {
  const M = model.nFeatures;
  const fact = [1];
  for (let i = 1; i <= M; i++) fact.push((fact[i - 1] as number) * i);
  const trees = model.trees.filter((_, t) => t % model.nOutputs === k);
  const value = (mask: number): number =>
    trees.reduce((s, tree) => s + condExpectation(tree, x, row * M, (f) => ((mask >> f) & 1) === 1), 0);
  const cache = new Float64Array(1 << M);
  for (let mask = 0; mask < 1 << M; mask++) cache[mask] = value(mask);
  const phi = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    for (let mask = 0; mask < 1 << M; mask++) {
      if ((mask >> j) & 1) continue;
      let size = 0;
      for (let b = mask; b; b >>= 1) size += b & 1;
      const w = ((fact[size] as number) * (fact[M - size - 1] as number)) / (fact[M] as number);
      phi[j] = (phi[j] as number) + w * ((cache[mask | (1 << j)] as number) - (cache[mask] as number));
    }
  }
  return phi;
}

/** NaN in feature 1 every 5th row so default directions take part. */
function withNaNs<T extends GbdtData>(data: T): T {
  for (let i = 0; i < data.nRows; i += 5) data.x[i * data.nFeatures + 1] = Number.NaN;
  return data;
}

describe('treeShap', () => {
  it('equals brute-force Shapley values of the path-dependent expectation (deep trees, repeated features, NaN)', () => {
    const data = withNaNs(sinSquareRegression(41, 600, 6, 0.3));
    const { model } = trainGbdt(data, { rounds: 8, maxDepth: 6, maxLeaves: 24, minSamplesLeaf: 5 });
    // Some path must split twice on one feature, or the UNWIND branch goes untested.
    const repeats = model.trees.some((t) => {
      const seen = (node: number, path: Set<number>): boolean => {
        const f = t.feature[node] as number;
        if (f < 0) return false;
        if (path.has(f)) return true;
        const next = new Set(path).add(f);
        return seen(t.left[node] as number, next) || seen(t.right[node] as number, next);
      };
      return seen(0, new Set());
    });
    expect(repeats).toBe(true);
    const rows = 12;
    const shap = treeShap(model, data.x.subarray(0, rows * 6), rows);
    for (let i = 0; i < rows; i++) {
      const ref = bruteForceShap(model, data.x, i, 0);
      for (let j = 0; j < 6; j++) expect(shap.values[i * 6 + j]).toBeCloseTo(ref[j] as number, 10);
    }
  });

  it('equals brute force per class for multiclass', () => {
    const data = withNaNs(
      gaussianBlobs(42, 600, 5, [
        [0, 0],
        [2, 0],
        [0, 2],
      ]),
    );
    const { model } = trainGbdt(data, { objective: 'multiclass', numClasses: 3, rounds: 4, maxLeaves: 10 });
    const rows = 6;
    const shap = treeShap(model, data.x.subarray(0, rows * 5), rows);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < 3; k++) {
        const ref = bruteForceShap(model, data.x, i, k);
        for (let j = 0; j < 5; j++)
          expect(shap.values[(i * 3 + k) * 5 + j]).toBeCloseTo(ref[j] as number, 10);
      }
    }
  });

  it('is locally accurate: Σφ = margin − expected value, for every objective', () => {
    const cases: [GbdtData, Parameters<typeof trainGbdt>[1]][] = [
      [withNaNs(sinSquareRegression(43, 2000, 8, 0.2)), { rounds: 40, maxLeaves: 31, subsample: 0.8 }],
      [withNaNs(logisticClassification(44, 2000, 8, [1, 1, -1])), { objective: 'binary', rounds: 40 }],
      [
        withNaNs(
          gaussianBlobs(45, 2000, 8, [
            [0, 0],
            [2, 0],
            [0, 2],
            [2, 2],
          ]),
        ),
        { objective: 'multiclass', numClasses: 4, rounds: 20 },
      ],
    ];
    for (const [data, params] of cases) {
      const { model } = trainGbdt(data, params);
      const K = model.nOutputs;
      const d = model.nFeatures;
      const rows = 100;
      const x = data.x.subarray(0, rows * d);
      const { values, expectedValue } = treeShap(model, x, rows);
      const margin = predictMargin(model, x, rows);
      for (let i = 0; i < rows; i++) {
        for (let k = 0; k < K; k++) {
          let s = expectedValue[k] as number;
          for (let j = 0; j < d; j++) s += values[(i * K + k) * d + j] as number;
          expect(s).toBeCloseTo(margin[i * K + k] as number, 9);
        }
      }
    }
  });

  it('expected value = mean training margin when every row is in every tree (cover = row counts)', () => {
    const data = sinSquareRegression(46, 1500, 4, 0.2);
    const { model } = trainGbdt(data, { rounds: 25 });
    const { expectedValue } = treeShap(model, data.x.subarray(0, 4), 1);
    const m = predictMargin(model, data.x, data.nRows);
    expect(expectedValue[0]).toBeCloseTo(m.reduce((a, b) => a + b, 0) / data.nRows, 9);
  });

  it('gives exactly 0 to a feature no tree uses', () => {
    const data = sinSquareRegression(47, 1000, 5, 0.2);
    for (let i = 0; i < data.nRows; i++) data.x[i * 5 + 3] = 1; // constant: can never be split on
    const { model } = trainGbdt(data, { rounds: 30 });
    expect(gainImportance(model).splits[3]).toBe(0);
    const rows = 50;
    const { values } = treeShap(model, data.x.subarray(0, rows * 5), rows);
    for (let i = 0; i < rows; i++) expect(values[i * 5 + 3]).toBe(0);
    // …while the signal features do get attributions.
    let used = 0;
    for (let i = 0; i < rows; i++) used += Math.abs(values[i * 5] as number);
    expect(used).toBeGreaterThan(0);
  });
});
