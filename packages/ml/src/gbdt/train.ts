/**
 * The boosting loop. Per round: gradients from the current margins, a Bernoulli row sample
 * (subsample), then per output k a tree on a fresh column draw (colsample) fitted to (g_k, h_k);
 * training margins are updated through the bins (in-bag rows by their leaf segment, out-of-bag rows
 * by walking the tree on bin codes, which routes exactly like the float32 thresholds) and validation
 * margins through the thresholds. Early stopping keeps the rounds up to the best validation loss.
 * All randomness comes from one seeded generator: equal inputs and seed give an identical model.
 */
import { createRng } from '@zomma/engine/rng';
import { type BinnedMatrix, binMatrix } from './binning.ts';
import { GbdtParams, type GbdtParamsInput } from './gbdt.schema.ts';
import { type GrowContext, growTree } from './grow-tree.ts';
import { histLayout } from './histogram.ts';
import { checkLabels, createObjective } from './objective.ts';
import { type GbdtData, type GbdtModel, type GbdtTree, leafIndex } from './types.ts';

export interface TrainOptions {
  /** Validation set: its loss is recorded every round and drives early stopping. */
  valid?: GbdtData;
  /** Pre-binned training features (from binMatrix on train.x), e.g. to time binning apart. */
  binned?: BinnedMatrix;
  featureNames?: string[];
}

export interface TrainResult {
  model: GbdtModel;
  /** Mean loss per round run (MSE, log loss or multiclass log loss), training and validation. */
  history: { train: number[]; valid: number[] };
  /** 0-based index of the last round kept: the best validation round with early stopping, else the last round. */
  bestIteration: number;
  roundsRun: number;
  stoppedEarly: boolean;
}

function checkData(d: GbdtData, name: string): void {
  if (d.nRows < 1 || d.nFeatures < 1) throw new RangeError(`${name}: empty data`);
  if (d.x.length !== d.nRows * d.nFeatures) throw new RangeError(`${name}: x is not nRows × nFeatures`);
  if (d.y.length !== d.nRows) throw new RangeError(`${name}: y has ${d.y.length} labels for ${d.nRows} rows`);
}

/** Walks a tree on bin codes (left when code ≤ splitBin, or NaN code with defaultLeft). */
function leafByBins(tree: GbdtTree, splitBin: Int32Array, b: BinnedMatrix, i: number): number {
  let node = 0;
  let f = tree.feature[0] as number;
  while (f >= 0) {
    const code = (b.bins[f] as Uint8Array)[i] as number;
    const goLeft =
      code === (b.nBins[f] as number) ? tree.defaultLeft[node] === 1 : code <= (splitBin[node] as number);
    node = (goLeft ? tree.left[node] : tree.right[node]) as number;
    f = tree.feature[node] as number;
  }
  return node;
}

export function trainGbdt(
  train: GbdtData,
  paramsInput: GbdtParamsInput,
  opts: TrainOptions = {},
): TrainResult {
  const params = GbdtParams.parse(paramsInput);
  checkData(train, 'train');
  const { valid } = opts;
  if (valid) {
    checkData(valid, 'valid');
    if (valid.nFeatures !== train.nFeatures) throw new RangeError('valid: feature count differs from train');
  }
  if (params.earlyStoppingRounds > 0 && !valid) throw new RangeError('early stopping needs a validation set');
  const obj = createObjective(params.objective, params.numClasses);
  checkLabels(obj, train.y);
  if (valid) checkLabels(obj, valid.y);
  const n = train.nRows;
  const d = train.nFeatures;
  const K = obj.nOutputs;
  const binned =
    opts.binned ??
    binMatrix(train.x, n, d, {
      maxBins: params.maxBins,
      sampleRows: params.binSampleRows,
      seed: params.seed,
    });
  if (binned.nRows !== n || binned.nFeatures !== d)
    throw new RangeError('binned matrix does not match train');

  const baseScore = obj.initScore(train.y).map(Math.fround);
  const margin = new Float64Array(n * K);
  for (let i = 0; i < n; i++) margin.set(baseScore, i * K);
  const vMargin = valid ? new Float64Array(valid.nRows * K) : null;
  if (valid && vMargin) for (let i = 0; i < valid.nRows; i++) vMargin.set(baseScore, i * K);
  const grad = Array.from({ length: K }, () => new Float64Array(n));
  const hess = Array.from({ length: K }, () => new Float64Array(n));

  const ctx: GrowContext = {
    layout: histLayout(binned.bins, binned.nBins),
    thresholds: binned.thresholds,
    params,
    rows: new Uint32Array(n),
    tmp: new Uint32Array(n),
    gh: new Float64Array(2 * n),
    pool: [],
    unitHessian: obj.unitHessian,
  };
  const rng = createRng(params.seed);
  const bag = new Uint32Array(n);
  const inBag = new Uint8Array(n);
  const perm = new Int32Array(d);
  const nCols = Math.max(1, Math.round(params.colsample * d));

  const trees: GbdtTree[] = [];
  const history = { train: [] as number[], valid: [] as number[] };
  let best = Number.POSITIVE_INFINITY;
  let bestIteration = -1;
  let round = 0;
  let stoppedEarly = false;
  for (; round < params.rounds; round++) {
    obj.gradients(train.y, margin, grad, hess);
    let nBag = n;
    if (params.subsample < 1) {
      nBag = 0;
      for (let i = 0; i < n; i++) {
        const take = rng.next() < params.subsample;
        inBag[i] = take ? 1 : 0;
        if (take) bag[nBag++] = i;
      }
    }
    if (nBag === 0 || nBag === n) {
      // No sampling, or an empty draw (tiny n × subsample): the round uses every row.
      nBag = n;
      for (let i = 0; i < n; i++) bag[i] = i;
    }
    for (let k = 0; k < K; k++) {
      // Column draw: partial Fisher–Yates from the identity, sorted (deterministic per rng state).
      for (let j = 0; j < d; j++) perm[j] = j;
      for (let j = 0; j < nCols && nCols < d; j++) {
        const t = j + Math.floor(rng.next() * (d - j));
        const v = perm[j] as number;
        perm[j] = perm[t] as number;
        perm[t] = v;
      }
      const features = perm.slice(0, nCols).sort();
      ctx.rows.set(bag.subarray(0, nBag));
      const grown = growTree(ctx, grad[k] as Float64Array, hess[k] as Float64Array, nBag, features);
      const { tree } = grown;
      for (let j = 0; j < tree.feature.length; j++) {
        if ((tree.feature[j] as number) >= 0) continue;
        const v = tree.value[j] as number;
        for (let q = grown.start[j] as number; q < (grown.end[j] as number); q++) {
          const at = (ctx.rows[q] as number) * K + k;
          margin[at] = (margin[at] as number) + v;
        }
      }
      if (nBag < n) {
        for (let i = 0; i < n; i++) {
          if (inBag[i]) continue;
          const at = i * K + k;
          margin[at] =
            (margin[at] as number) + (tree.value[leafByBins(tree, grown.splitBin, binned, i)] as number);
        }
      }
      if (valid && vMargin) {
        for (let i = 0; i < valid.nRows; i++) {
          const at = i * K + k;
          vMargin[at] = (vMargin[at] as number) + (tree.value[leafIndex(tree, valid.x, i * d)] as number);
        }
      }
      trees.push(tree);
    }
    history.train.push(obj.loss(train.y, margin));
    if (valid && vMargin) {
      const loss = obj.loss(valid.y, vMargin);
      history.valid.push(loss);
      if (loss < best) {
        best = loss;
        bestIteration = round;
      } else if (params.earlyStoppingRounds > 0 && round - bestIteration >= params.earlyStoppingRounds) {
        stoppedEarly = true;
        round++;
        break;
      }
    }
  }
  const roundsRun = round;
  if (!valid || params.earlyStoppingRounds === 0) bestIteration = roundsRun - 1;
  trees.length = (bestIteration + 1) * K;
  const model: GbdtModel = {
    objective: params.objective,
    nFeatures: d,
    nOutputs: K,
    baseScore,
    trees,
    params,
    ...(opts.featureNames ? { featureNames: [...opts.featureNames] } : {}),
  };
  if (opts.featureNames && opts.featureNames.length !== d) throw new RangeError('featureNames length');
  return { model, history, bestIteration, roundsRun, stoppedEarly };
}
