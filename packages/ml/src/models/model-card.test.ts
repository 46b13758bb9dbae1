/**
 * toModelCard: for every zoo model the card's ONNX, opened with createSession (the serving path),
 * gives the same outputs as the in-graph forward with the weights FED as graph inputs (the
 * training-side graph: no baked constants), and the card carries architecture, inputs, outputs,
 * feature names and the training window in the registry's shape.
 */
import { createRng } from '@zomma/engine/rng';
import { describe, expect, it } from 'vitest';
import { compileGraph, createRunner, Graph } from '../graph/index.ts';
import { buildModel } from '../nn/model.ts';
import { ParamStore } from '../nn/params.ts';
import { createSession, ort } from '../onnx/session.ts';
import type { ZooModel } from './base.ts';
import { HybridLstmMlp } from './hybrid.ts';
import { LstmClassifier, LstmRegressor } from './lstm.ts';
import { Mlp } from './mlp.ts';
import { toModelCard, ZOO_CARD_FORMAT } from './model-card.ts';
import { MultiTaskOptionNet } from './option-net.ts';
import { RegimeClassifier } from './regime.ts';
import { TransformerEncoderModel } from './transformer.ts';

const FROM = new Date('2026-01-02T00:00:00Z');
const TO = new Date('2026-06-30T00:00:00Z');

const models: ZooModel[] = [
  new Mlp({ inputs: 7, hidden: [16, 8], outputs: 2, dropout: 0.1 }),
  new Mlp({ inputs: 5, hidden: [8], outputs: 3, task: 'classification' }),
  new LstmRegressor({ steps: 9, features: 4, hidden: 8, outputs: 1, layers: 2, dropout: 0.2 }),
  new LstmClassifier({ steps: 6, features: 3, hidden: 5, classes: 3 }),
  new TransformerEncoderModel({ steps: 8, features: 5, dModel: 16, heads: 4, blocks: 2, outputs: 2 }),
  new TransformerEncoderModel(
    {
      steps: 6,
      features: 3,
      dModel: 8,
      heads: 2,
      blocks: 1,
      outputs: 4,
      positions: 'sinusoidal',
      pooling: 'last',
      task: 'classification',
    },
    'transformer-cls',
  ),
  new HybridLstmMlp({ steps: 7, seqFeatures: 3, staticFeatures: 4, hidden: 6, outputs: 1 }),
  new MultiTaskOptionNet({ hidden: [16, 16], gamma: true, vega: true }),
  new RegimeClassifier({ steps: 10, hidden: 8 }),
];

describe('toModelCard', () => {
  it('served ONNX (createSession) = in-graph forward with fed weights, for every zoo model', async () => {
    const rng = createRng(1);
    for (const [i, model] of models.entries()) {
      const params = ParamStore.init(model.params, 10 + i);
      const card = toModelCard({
        name: `zoo-${model.name}`,
        model,
        params,
        description: 'test',
        metrics: { mse: 0.5 },
        trainedFrom: FROM,
        trainedTo: TO,
        training: { seed: 10 + i },
      });
      const batch = 3;
      const feeds: Record<string, Float32Array> = {};
      for (const s of model.inputs) {
        const n = batch * s.shape.slice(1).reduce<number>((a, d) => a * Number(d), 1);
        feeds[s.name] = Float32Array.from({ length: n }, () => rng.normal());
      }
      // In-graph forward, weights as fed graph inputs.
      const g = new Graph({ dtype: 'float32' });
      const built = buildModel(g, model, { training: false, weights: 'fed' });
      const ref = await createRunner(compileGraph(g, { outputs: built.outputs }));
      const weightFeeds = Object.fromEntries(params.entries.map((e) => [e.name, e.values]));
      const want = await ref.run({ ...feeds, ...weightFeeds });
      await ref.release();
      // Served: the card's bytes through the serving session.
      const session = await createSession(card.onnx);
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const s of model.inputs) {
        const dims = [batch, ...s.shape.slice(1).map(Number)];
        ortFeeds[s.name] = new ort.Tensor('float32', feeds[s.name] ?? new Float32Array(0), dims);
      }
      const got = await session.run(ortFeeds);
      await session.release();
      expect(Object.keys(got).sort(), model.name).toEqual(Object.keys(built.outputs).sort());
      for (const name of Object.keys(built.outputs)) {
        const a = got[name]?.data as Float32Array;
        const b = want[name]?.data as Float32Array;
        expect(a.length, `${model.name}.${name}`).toBe(b.length);
        let maxErr = 0;
        let scale = 0;
        for (let k = 0; k < a.length; k++) {
          maxErr = Math.max(maxErr, Math.abs((a[k] ?? 0) - (b[k] ?? 0)));
          scale = Math.max(scale, Math.abs(b[k] ?? 0));
        }
        expect(maxErr, `${model.name}.${name}`).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
      }
      // Card fields.
      expect(card.hyperparameters).toMatchObject({
        format: ZOO_CARD_FORMAT,
        architecture: JSON.parse(JSON.stringify(model.describe())),
        outputs: Object.keys(built.outputs),
        parameterCount: params.size,
        training: { seed: 10 + i },
      });
      expect(card.hyperparameters.featureNames).toEqual(
        JSON.parse(JSON.stringify(model.inputFeatureNames())),
      );
      expect(card).toMatchObject({
        name: `zoo-${model.name}`,
        trainedFrom: FROM,
        trainedTo: TO,
        parentId: null,
      });
    }
  }, 30_000);

  it('serves a subset of outputs; refuses non-finite metrics and an inverted window', () => {
    const model = models[7] as MultiTaskOptionNet;
    const params = ParamStore.init(model.params, 1);
    const base = {
      name: 'opt',
      model,
      params,
      description: 'd',
      metrics: { a: 1 },
      trainedFrom: FROM,
      trainedTo: TO,
    };
    expect(toModelCard({ ...base, outputs: ['price', 'delta'] }).hyperparameters.outputs).toEqual([
      'price',
      'delta',
    ]);
    expect(() => toModelCard({ ...base, metrics: { a: Number.NaN } })).toThrow(/metric 'a'/);
    expect(() => toModelCard({ ...base, trainedFrom: TO, trainedTo: FROM })).toThrow(/trainedFrom/);
    expect(toModelCard(base).hyperparameters.featureNames).toEqual({
      x: ['moneyness', 'sqrtT', 'vol', 'rate'],
    });
  });
});
