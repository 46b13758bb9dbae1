/**
 * TransformerEncoderModel learns a retrieval task that needs attention and both channels: each
 * step carries a key k_t ~ U(−1, 1) and a value v_t ~ N(0, 1); the target is the value at the
 * step with the largest key. No per-step computation can solve it (which step wins depends on
 * all the others); softmax attention with a large query·key scale is a soft argmax. Baselines
 * with the same architecture: values only (keys zeroed; best MSE = 1 − 1/T = 0.9375, predicting
 * the mean value) and keys only (values zeroed; best MSE = 1).
 * Measured (seed 1, T = 16, d 16, 2 heads, 1 block, 4,000 sequences, 30 epochs ≈ 4 s):
 * validation MSE 0.041; values-only 0.98, keys-only 1.03 (10 epochs each).
 */
import { createRng } from '@zomma/engine/rng';
import { describe, expect, it } from 'vitest';
import { createRunner } from '../graph/index.ts';
import { mse } from '../nn/losses.ts';
import { exportModel, input } from '../nn/model.ts';
import { ParamStore } from '../nn/params.ts';
import type { Dataset, LossSpec } from '../train/index.ts';
import { trainModel, warmupCosine } from '../train/index.ts';
import { sinusoidalPositions, TransformerEncoderModel } from './transformer.ts';

const T = 16;

function makeData(n: number, seed: number, keep: 'both' | 'keys' | 'values' = 'both'): Dataset {
  const rng = createRng(seed);
  const x = new Float32Array(n * T * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -2;
    for (let t = 0; t < T; t++) {
      const k = 2 * rng.next() - 1;
      const v = rng.normal();
      x[(i * T + t) * 2] = keep === 'values' ? 0 : k;
      x[(i * T + t) * 2 + 1] = keep === 'keys' ? 0 : v;
      if (k > best) {
        best = k;
        y[i] = v;
      }
    }
  }
  return { size: n, columns: { x, y } };
}

const loss: LossSpec = {
  targets: [{ name: 'y', shape: ['batch', 1] }],
  build: (g, out, t) => mse(g, input(out, 'pred'), input(t, 'y')),
};

const config = { steps: T, features: 2, dModel: 16, heads: 2, blocks: 1, dff: 32, outputs: 1 } as const;

async function fitMse(keep: 'both' | 'keys' | 'values', epochs: number): Promise<number> {
  const r = await trainModel({
    model: new TransformerEncoderModel(config),
    loss,
    optimizer: { kind: 'adam', lr: 3e-3, clipNorm: 1 },
    train: makeData(4000, 1, keep),
    validation: makeData(1000, 2, keep),
    epochs,
    batchSize: 64,
    seed: 3,
    lrSchedule: warmupCosine({ warmupSteps: 100, minFactor: 0.05 }),
  });
  return r.bestLoss;
}

describe('TransformerEncoderModel', () => {
  it('learns arg-max retrieval (needs attention); key-only and value-only baselines cannot', async () => {
    const full = await fitMse('both', 30);
    const valuesOnly = await fitMse('values', 10);
    const keysOnly = await fitMse('keys', 10);
    console.log('retrieval task validation MSE:', { full, valuesOnly, keysOnly });
    expect(full).toBeLessThan(0.2);
    expect(valuesOnly).toBeGreaterThan(0.85);
    expect(keysOnly).toBeGreaterThan(0.9);
    expect(full).toBeLessThan(0.25 * Math.min(valuesOnly, keysOnly));
  }, 60_000);

  it('positions: learned table is a weight; sinusoidal is the Vaswani table; pooling last vs mean', async () => {
    const learned = new TransformerEncoderModel({ ...config, positions: 'learned' });
    expect(learned.params.find((p) => p.name === 'transformer.pos.table')?.shape).toEqual([T, 16]);
    const sin = new TransformerEncoderModel({ ...config, positions: 'sinusoidal', pooling: 'last' });
    expect(sin.params.some((p) => p.name.includes('.pos.'))).toBe(false);
    const pe = sinusoidalPositions(4, 6);
    expect(pe[1 * 6 + 0]).toBeCloseTo(Math.sin(1), 15); // t = 1, i = 0
    expect(pe[2 * 6 + 3]).toBeCloseTo(Math.cos(2 / 10000 ** (2 / 6)), 15); // t = 2, pair 1, cos
    expect(pe[0 * 6 + 5]).toBe(1); // cos(0)

    // Order matters with positions: permuting the steps changes the output (attention alone is
    // permutation-equivariant, and mean pooling would make it invariant).
    const params = ParamStore.init(learned.params, 3);
    const runner = await createRunner(exportModel(learned, params));
    const x = makeData(1, 5).columns.x as Float32Array;
    const rev = new Float32Array(x.length);
    for (let t = 0; t < T; t++) rev.set(x.subarray((T - 1 - t) * 2, (T - t) * 2), t * 2);
    const a = (await runner.run({ x })).pred?.data[0];
    const b = (await runner.run({ x: rev })).pred?.data[0];
    await runner.release();
    expect(Math.abs(Number(a) - Number(b))).toBeGreaterThan(1e-4);
    expect(sin.describe()).toMatchObject({
      kind: 'transformer-encoder',
      positions: 'sinusoidal',
      pooling: 'last',
    });
  });
});
