import { createRng } from '@zomma/engine/rng';
import { describe, expect, it } from 'vitest';
import { gainImportance } from './importance.ts';
import { accuracy, meanSquaredError, rocAuc, rSquared } from './metrics.ts';
import { exportOnnx } from './onnx-export.ts';
import { predict, predictMargin } from './predict.ts';
import { modelToJson } from './serialize.ts';
import { gaussianBlobs, logisticClassification, sinSquareRegression, sliceRows } from './synthetic.ts';
import { trainGbdt } from './train.ts';
import { type GbdtData, treeDepth } from './types.ts';

describe('trainGbdt learns known answers', () => {
  it('regression y = sin(x0) + 0.5·x1² + noise: held-out R² > 0.95, importance ranks x0, x1 above noise', () => {
    const data = sinSquareRegression(7, 6000, 6, 0.1);
    const train = sliceRows(data, 0, 4000);
    const test = sliceRows(data, 4000, 6000);
    const { model } = trainGbdt(train, {
      rounds: 150,
      learningRate: 0.1,
      maxLeaves: 15,
      subsample: 0.8,
      seed: 1,
    });
    const r2 = rSquared(test.y, predict(model, test.x, test.nRows));
    expect(r2).toBeGreaterThan(0.95);
    const imp = gainImportance(model);
    const noise = Math.max(...Array.from(imp.total.subarray(2)));
    expect(imp.total[0]).toBeGreaterThan(5 * noise);
    expect(imp.total[1]).toBeGreaterThan(5 * noise);
    expect(imp.normalised.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('binary, logistic truth: held-out AUC within 0.015 of the Bayes AUC of the true probabilities', () => {
    const data = logisticClassification(8, 9000, 6, [2, -1.5, 1]);
    const train = sliceRows(data, 0, 6000);
    const test = sliceRows(data, 6000, 9000);
    const { model } = trainGbdt(train, { objective: 'binary', rounds: 120, learningRate: 0.1, maxLeaves: 7 });
    const auc = rocAuc(test.y, predict(model, test.x, test.nRows));
    const bayes = rocAuc(test.y, data.prob.subarray(6000));
    expect(bayes).toBeGreaterThan(0.8);
    expect(auc).toBeGreaterThan(bayes - 0.015);
    expect(auc).toBeLessThan(bayes + 0.01); // beating the Bayes rule by much would mean a broken test
  });

  it('multiclass on 3 Gaussian blobs: accuracy within 0.03 of the Bayes classifier, probabilities sum to 1', () => {
    const centers = [
      [0, 0],
      [2.5, 0],
      [0, 2.5],
    ] as const;
    const data = gaussianBlobs(9, 6000, 5, centers);
    const train = sliceRows(data, 0, 4000);
    const test = sliceRows(data, 4000, 6000);
    const { model } = trainGbdt(train, { objective: 'multiclass', numClasses: 3, rounds: 80, maxLeaves: 7 });
    expect(model.trees.length).toBe(80 * 3);
    const p = predict(model, test.x, test.nRows);
    for (let i = 0; i < test.nRows; i++)
      expect((p[3 * i] ?? 0) + (p[3 * i + 1] ?? 0) + (p[3 * i + 2] ?? 0)).toBeCloseTo(1, 12);
    let bayesHits = 0;
    for (let i = 0; i < test.nRows; i++) if (data.bayes[4000 + i] === test.y[i]) bayesHits++;
    const bayesAcc = bayesHits / test.nRows;
    expect(bayesAcc).toBeGreaterThan(0.8);
    expect(accuracy(test.y, p, 3)).toBeGreaterThan(bayesAcc - 0.03);
  });

  it('learns where missing values go: NaN rows get their own level', () => {
    // y = x0 on [0, 1], but 5 when x0 is missing: NaN must be split off, not lumped with large x0.
    const rng = createRng(12);
    const n = 3000;
    const x = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = rng.next();
      const missing = rng.next() < 0.2;
      x[2 * i] = missing ? Number.NaN : v;
      x[2 * i + 1] = rng.normal();
      y[i] = missing ? 5 : v;
    }
    const { model } = trainGbdt(
      { x, y, nRows: n, nFeatures: 2 },
      { rounds: 100, maxLeaves: 8, minSamplesLeaf: 10 },
    );
    const probe = Float64Array.from([Number.NaN, 0, 0.99, 0, 0.5, 0, 0.02, 0]);
    const pred = predict(model, probe, 4);
    expect(Math.abs((pred[0] as number) - 5)).toBeLessThan(0.05);
    expect(Math.abs((pred[1] as number) - 0.99)).toBeLessThan(0.05);
    expect(Math.abs((pred[2] as number) - 0.5)).toBeLessThan(0.05);
    expect(Math.abs((pred[3] as number) - 0.02)).toBeLessThan(0.05);
  });
});

describe('early stopping', () => {
  it('stops once the validation loss has not improved for `patience` rounds and keeps the best round', () => {
    // An overfitting setting: pure-noise targets beyond x0, large steps, tiny leaves, no λ.
    const data = sinSquareRegression(10, 800, 8, 1);
    const train = sliceRows(data, 0, 400);
    const valid = sliceRows(data, 400, 800);
    const patience = 5;
    const res = trainGbdt(
      train,
      {
        rounds: 300,
        learningRate: 0.2,
        maxLeaves: 32,
        maxDepth: 0,
        minSamplesLeaf: 1,
        lambda: 0,
        earlyStoppingRounds: patience,
      },
      { valid },
    );
    const v = res.history.valid;
    expect(res.stoppedEarly).toBe(true);
    expect(res.roundsRun).toBe(v.length);
    expect(res.roundsRun).toBeLessThan(300);
    const argmin = v.indexOf(Math.min(...v));
    expect(res.bestIteration).toBe(argmin);
    expect(argmin).toBeGreaterThan(0); // the loss fell before it rose
    expect(res.roundsRun).toBe(res.bestIteration + 1 + patience);
    expect(v[v.length - 1]).toBeGreaterThan(v[argmin] as number); // it really overfitted
    expect(res.history.train[res.roundsRun - 1]).toBeLessThan(res.history.train[argmin] as number);
    // The model keeps exactly the best rounds: its validation MSE is the best recorded loss.
    expect(res.model.trees.length).toBe(res.bestIteration + 1);
    const mse = meanSquaredError(valid.y, predictMargin(res.model, valid.x, valid.nRows));
    expect(mse).toBeCloseTo(v[argmin] as number, 12);
  });

  it('refuses early stopping without a validation set', () => {
    const data = sinSquareRegression(1, 100, 2, 0.1);
    expect(() => trainGbdt(data, { earlyStoppingRounds: 3 })).toThrow(/validation/);
  });
});

describe('sampling and determinism', () => {
  const data = sinSquareRegression(13, 3000, 10, 0.3);
  const params = { rounds: 20, maxLeaves: 15, subsample: 0.7, colsample: 0.5 };

  it('same seed → identical model bytes; another seed → a different model', () => {
    const a = trainGbdt(data, { ...params, seed: 5 }).model;
    const b = trainGbdt(data, { ...params, seed: 5 }).model;
    const c = trainGbdt(data, { ...params, seed: 6 }).model;
    expect(exportOnnx(a)).toEqual(exportOnnx(b));
    expect(JSON.stringify(modelToJson(a))).toBe(JSON.stringify(modelToJson(b)));
    expect(exportOnnx(a)).not.toEqual(exportOnnx(c));
  });

  it('draws rows per round and at most colsample·d features per tree', () => {
    const { model } = trainGbdt(data, { ...params, seed: 5 });
    const roots = model.trees.map((t) => t.cover[0] as number);
    for (const r of roots) expect(Math.abs(r - 0.7 * 3000)).toBeLessThan(5 * Math.sqrt(3000 * 0.21));
    expect(new Set(roots).size).toBeGreaterThan(1);
    for (const t of model.trees)
      expect(new Set(Array.from(t.feature).filter((f) => f >= 0)).size).toBeLessThanOrEqual(5);
  });

  it('respects maxDepth (depthwise), maxLeaves and minSamplesLeaf', () => {
    const { model } = trainGbdt(data, {
      rounds: 5,
      growPolicy: 'depthwise',
      maxDepth: 3,
      maxLeaves: 64,
      minSamplesLeaf: 40,
    });
    const leafCounts = model.trees.map((t) => Array.from(t.feature).filter((f) => f < 0).length);
    expect(Math.max(...leafCounts)).toBe(8); // full depth-3 trees occur: plenty of rows and signal
    for (const t of model.trees) {
      expect(treeDepth(t)).toBeLessThanOrEqual(3);
      for (let j = 0; j < t.feature.length; j++)
        if ((t.feature[j] as number) < 0) expect(t.cover[j]).toBeGreaterThanOrEqual(40);
    }
    const lossguide = trainGbdt(data, { rounds: 5, maxDepth: 0, maxLeaves: 11 }).model;
    for (const t of lossguide.trees) expect(Array.from(t.feature).filter((f) => f < 0).length).toBe(11);
  });

  it('rejects bad labels and shapes', () => {
    const bad: GbdtData = { x: new Float64Array(4), y: [0, 2], nRows: 2, nFeatures: 2 };
    expect(() => trainGbdt(bad, { objective: 'binary' })).toThrow(/label 1/);
    expect(() => trainGbdt({ ...bad, y: [0] }, {})).toThrow(RangeError);
    expect(() => trainGbdt(bad, { objective: 'multiclass' })).toThrow(/numClasses/);
  });
});
