import { describe, expect, it } from 'vitest';
import { GbdtModelJson, GbdtParams } from './gbdt.schema.ts';
import { exportOnnx } from './onnx-export.ts';
import { predictMargin } from './predict.ts';
import { modelFromJson, modelToJson } from './serialize.ts';
import { gaussianBlobs, sinSquareRegression } from './synthetic.ts';
import { trainGbdt } from './train.ts';
import { treeShap } from './tree-shap.ts';

describe('model JSON', () => {
  const data = gaussianBlobs(51, 1200, 4, [
    [0, 0],
    [2, 0],
    [0, 2],
  ]);
  for (let i = 0; i < data.nRows; i += 6) data.x[i * 4 + 2] = Number.NaN;
  const { model } = trainGbdt(
    data,
    { objective: 'multiclass', numClasses: 3, rounds: 10, subsample: 0.8, seed: 3 },
    { featureNames: ['a', 'b', 'c', 'd'] },
  );

  it('round-trips exactly through JSON text: same ONNX bytes, margins and SHAP values', () => {
    const text = JSON.stringify(modelToJson(model));
    const back = modelFromJson(JSON.parse(text));
    expect(exportOnnx(back)).toEqual(exportOnnx(model));
    expect(predictMargin(back, data.x, data.nRows)).toEqual(predictMargin(model, data.x, data.nRows));
    const x = data.x.subarray(0, 40);
    expect(treeShap(back, x, 10)).toEqual(treeShap(model, x, 10));
    expect(back.featureNames).toEqual(['a', 'b', 'c', 'd']);
    expect(back.params).toEqual(model.params);
    expect(JSON.stringify(modelToJson(back))).toBe(text);
  });

  it('rejects malformed models', () => {
    const good = modelToJson(model);
    const tree0 = good.trees[0];
    if (!tree0) throw new Error('no tree');
    const withTree = (patch: Partial<typeof tree0>) => ({
      ...good,
      trees: [{ ...tree0, ...patch }, ...good.trees.slice(1)],
    });
    expect(GbdtModelJson.safeParse(good).success).toBe(true);
    expect(GbdtModelJson.safeParse({ ...good, format: 'other/1' }).success).toBe(false);
    expect(GbdtModelJson.safeParse({ ...good, baseScore: [0] }).success).toBe(false);
    expect(GbdtModelJson.safeParse({ ...good, trees: good.trees.slice(1) }).success).toBe(false); // not K per round
    expect(GbdtModelJson.safeParse(withTree({ left: tree0.left.map((l) => Math.min(l, 0)) })).success).toBe(
      false,
    );
    expect(GbdtModelJson.safeParse(withTree({ value: tree0.value.slice(1) })).success).toBe(false);
    expect(
      GbdtModelJson.safeParse(withTree({ threshold: tree0.threshold.map(() => Number.NaN) })).success,
    ).toBe(false);
    expect(
      GbdtModelJson.safeParse(withTree({ feature: tree0.feature.map((f) => (f >= 0 ? 9 : f)) })).success,
    ).toBe(false);
    expect(() => modelFromJson({ ...good, nOutputs: 2 })).toThrow();
  });
});

describe('GbdtParams', () => {
  it('fills defaults and rejects out-of-range values', () => {
    const p = GbdtParams.parse({});
    expect(p).toMatchObject({
      objective: 'regression',
      rounds: 100,
      learningRate: 0.1,
      maxBins: 255,
      seed: 0,
    });
    expect(GbdtParams.safeParse({ maxBins: 256 }).success).toBe(false);
    expect(GbdtParams.safeParse({ subsample: 0 }).success).toBe(false);
    expect(GbdtParams.safeParse({ unknown: 1 }).success).toBe(false);
    const data = sinSquareRegression(1, 50, 2, 0.1);
    expect(() => trainGbdt(data, { rounds: 0 })).toThrow();
  });
});
