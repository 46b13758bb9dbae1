import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { createSession, f32 } from '../onnx/session.ts';
import { exportOnnx, ONNX_INPUT, ONNX_MARGIN, ONNX_PROBABILITY } from './onnx-export.ts';
import { predict, predictMargin } from './predict.ts';
import { gaussianBlobs, logisticClassification, sinSquareRegression, sliceRows } from './synthetic.ts';
import { trainGbdt } from './train.ts';
import { type GbdtData, type GbdtModel, leafIndex } from './types.ts';

/** Adds missing values (every 9th value of feature 2) and heavy ties (feature 3 rounded to 0.5). */
function withNaNsAndTies<T extends GbdtData>(data: T): T {
  const d = data.nFeatures;
  for (let i = 0; i < data.nRows; i++) {
    if (i % 9 === 0) data.x[i * d + 2] = Number.NaN;
    data.x[i * d + 3] = Math.round(2 * (data.x[i * d + 3] as number)) / 2;
  }
  return data;
}

const f32bits = new Float32Array(1);
const u32bits = new Uint32Array(f32bits.buffer);
/** The adjacent float32 above or below a finite float32 v. */
function step(v: number, up: boolean): number {
  if (v === 0) return up ? 1.401298464324817e-45 : -1.401298464324817e-45;
  f32bits[0] = v;
  u32bits[0] = (u32bits[0] as number) + (v > 0 === up ? 1 : -1);
  return f32bits[0] as number;
}

async function runOrt(model: GbdtModel, x: Float32Array | Float64Array, n: number) {
  const session = await createSession(exportOnnx(model));
  const out = await session.run({ [ONNX_INPUT]: f32(x, [n, model.nFeatures]) });
  return { margin: out[ONNX_MARGIN], probability: out[ONNX_PROBABILITY] };
}

const cases = [
  {
    name: 'regression',
    data: () => withNaNsAndTies(sinSquareRegression(21, 3000, 6, 0.2)),
    params: { objective: 'regression' as const },
  },
  {
    name: 'binary',
    data: () => withNaNsAndTies(logisticClassification(22, 3000, 6, [1.5, -1, 1, 1])),
    params: { objective: 'binary' as const },
  },
  {
    name: 'multiclass',
    data: () =>
      withNaNsAndTies(
        gaussianBlobs(23, 3000, 6, [
          [0, 0],
          [2, 0],
          [0, 2],
        ]),
      ),
    params: { objective: 'multiclass' as const, numClasses: 3 },
  },
];

describe('exportOnnx + onnxruntime', () => {
  for (const c of cases) {
    it(`${c.name}: ORT margins and probabilities equal the TS prediction on held-out rows (NaNs, ties)`, async () => {
      const data = c.data();
      const train = sliceRows(data, 0, 2000);
      const test = sliceRows(data, 2000, 3000);
      const { model } = trainGbdt(train, { ...c.params, rounds: 40, maxLeaves: 15, subsample: 0.8, seed: 4 });
      const K = model.nOutputs;
      const ort = await runOrt(model, test.x, test.nRows);
      expect(ort.margin?.dims).toEqual([test.nRows, K]);
      const m = predictMargin(model, test.x, test.nRows);
      const om = ort.margin?.data as Float32Array;
      // ORT sums ~40 float32 leaf values in float32: error ≲ 40 · 2⁻²⁴ · Σ|partial sums| ≪ 1e-5.
      for (let i = 0; i < m.length; i++)
        expect(Math.abs((om[i] as number) - (m[i] as number))).toBeLessThan(1e-5);
      if (c.name === 'regression') expect(ort.probability).toBeUndefined();
      else {
        const p = predict(model, test.x, test.nRows);
        const op = ort.probability?.data as Float32Array;
        expect(ort.probability?.dims).toEqual([test.nRows, K]);
        for (let i = 0; i < p.length; i++)
          expect(Math.abs((op[i] as number) - (p[i] as number))).toBeLessThan(1e-6);
      }
    });
  }

  it('routes every row like TS in every tree: at thresholds, float32 and float64 neighbours, NaN', async () => {
    const data = withNaNsAndTies(sinSquareRegression(31, 2000, 6, 0.2));
    // Missing x0 with a shifted target, so that some splits learn to send NaN left.
    const y = data.y as Float64Array;
    for (let i = 0; i < data.nRows; i += 7) {
      data.x[i * data.nFeatures] = Number.NaN;
      y[i] = (y[i] as number) - 2;
    }
    const { model } = trainGbdt(data, { rounds: 12, maxLeaves: 12, minSamplesLeaf: 5 });
    expect(model.trees.some((t) => t.defaultLeft.includes(1))).toBe(true);
    // Probe rows (float64): a base row with one feature set to each split's threshold, the adjacent
    // float32 values, doubles a hair either side (they round to the threshold in float32), NaN.
    const d = model.nFeatures;
    const probes: number[] = [];
    model.trees.forEach((tree, t) => {
      for (let j = 0; j < tree.feature.length; j++) {
        const f = tree.feature[j] as number;
        if (f < 0) continue;
        const thr = tree.threshold[j] as number;
        const hair = Math.max(Math.abs(thr), 1e-30) * 1e-12;
        for (const v of [thr, step(thr, true), step(thr, false), thr - hair, thr + hair, Number.NaN]) {
          const base = ((t * 31 + j) % 500) * d;
          const row = Array.from(data.x.subarray(base, base + d));
          row[f] = v;
          probes.push(...row);
        }
      }
    });
    const n = probes.length / d;
    const x = Float64Array.from(probes);
    // One target per tree, base 0: ORT's output t is the value of the leaf the row reaches in tree t.
    const T = model.trees.length;
    const perTree: GbdtModel = { ...model, nOutputs: T, baseScore: new Float64Array(T) };
    const ort = await runOrt(perTree, x, n);
    const got = ort.margin?.data as Float32Array;
    let mismatches = 0;
    for (let i = 0; i < n; i++) {
      model.trees.forEach((tree, t) => {
        const want = tree.value[leafIndex(tree, x, i * d)] as number;
        if (got[i * T + t] !== want) mismatches++;
      });
    }
    expect(n).toBeGreaterThan(100);
    expect(mismatches).toBe(0);
  });

  it('writes IR 8 with ai.onnx 17 and ai.onnx.ml 3, FLOAT thresholds and BRANCH_LT splits', () => {
    const data = sinSquareRegression(1, 300, 3, 0.1);
    const { model } = trainGbdt(data, { rounds: 2, maxLeaves: 4 });
    const decoded = onnxProto.onnx.ModelProto.decode(exportOnnx(model));
    expect(Number(decoded.irVersion)).toBe(8);
    const opsets = Object.fromEntries(decoded.opsetImport.map((o) => [o.domain, Number(o.version)]));
    expect(opsets).toEqual({ '': 17, 'ai.onnx.ml': 3 });
    const node = decoded.graph?.node?.[0];
    expect(node?.opType).toBe('TreeEnsembleRegressor');
    const attr = (name: string) => node?.attribute?.find((a) => a.name === name);
    expect(attr('nodes_values')?.type).toBe(onnxProto.onnx.AttributeProto.AttributeType.FLOATS);
    const modes = attr('nodes_modes')?.strings?.map((s) => new TextDecoder().decode(s));
    expect(new Set(modes)).toEqual(new Set(['BRANCH_LT', 'LEAF']));
  });
});
