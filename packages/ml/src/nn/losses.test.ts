/**
 * Losses in float64: values against plain-JS formulas (relative error < 1e-13 unless stated) and
 * gradients against central finite differences (checkGradients: relative error < 1e-6, floor
 * 1e-3). Inputs stay away from kinks (|e| = δ for Huber) so finite differences are valid.
 */
import { describe, expect, it } from 'vitest';
import { checkGradients, Graph, type Tensor } from '../graph/index.ts';
import { awayFromZero, createRng, uniform } from '../graph/test-utils.ts';
import { runOnce, values } from '../testing/helpers.ts';
import { binaryCrossEntropyWithLogits, huber, mse, softmaxCrossEntropy, weightedSum } from './losses.ts';

const N = 5;
const C = 4;

async function valueAndCheck(
  g: Graph,
  loss: Tensor,
  wrt: Tensor[],
  feeds: Record<string, Float64Array | BigInt64Array>,
) {
  const v = values(await runOnce(g, { v: loss }, feeds), 'v')[0] ?? Number.NaN;
  const r = await checkGradients(g, loss, wrt, feeds);
  return { value: v, maxError: r.maxError };
}

const close = (a: number, b: number, tol = 1e-13) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

/** JS: −log softmax(z)[k] via a max-shifted log-sum-exp. */
function nll(z: ArrayLike<number>, row: number, k: number): number {
  const zs = Array.from({ length: C }, (_, j) => z[row * C + j] ?? Number.NaN);
  const m = Math.max(...zs);
  return m + Math.log(zs.reduce((s, v) => s + Math.exp(v - m), 0)) - (zs[k] ?? Number.NaN);
}

describe('regression losses', () => {
  it('mse = mean (p − t)²', async () => {
    const rng = createRng(31);
    const g = new Graph({ dtype: 'float64' });
    const p = g.input('p', [N, 2]);
    const t = g.input('t', [N, 2]);
    const feeds = { p: uniform(rng, 2 * N, -2, 2), t: uniform(rng, 2 * N, -2, 2) };
    const r = await valueAndCheck(g, mse(g, p, t), [p, t], feeds);
    close(r.value, feeds.p.reduce((s, v, i) => s + (v - (feeds.t[i] ?? 0)) ** 2, 0) / (2 * N));
    expect(r.maxError).toBeLessThan(1e-6);
  });

  it('huber: quadratic inside δ, linear outside, continuous at δ', async () => {
    const delta = 0.7;
    const g = new Graph({ dtype: 'float64' });
    const p = g.input('p', [8]);
    const t = g.input('t', [8]);
    // Errors on both sides of ±δ, none within 0.05 of the kink.
    const e = [-2.1, -0.9, -0.6, -0.2, 0.15, 0.5, 0.8, 3.3];
    const feeds = {
      p: Float64Array.from(e, (v, i) => v + 0.1 * i),
      t: Float64Array.from(e, (_, i) => 0.1 * i),
    };
    const ref = e.map((v) => (Math.abs(v) <= delta ? 0.5 * v * v : delta * (Math.abs(v) - 0.5 * delta)));
    const r = await valueAndCheck(g, huber(g, p, t, delta), [p], feeds);
    close(r.value, ref.reduce((a, b) => a + b, 0) / 8, 1e-12);
    expect(r.maxError).toBeLessThan(1e-6);
    // At |e| = δ both branches give δ²/2.
    const g2 = new Graph({ dtype: 'float64' });
    const p2 = g2.input('p', [2]);
    const l2 = huber(g2, p2, g2.input('t', [2]), delta);
    const v2 = values(
      await runOnce(g2, { v: l2 }, { p: Float64Array.of(delta, -delta), t: new Float64Array(2) }),
      'v',
    );
    close(v2[0] ?? Number.NaN, 0.5 * delta * delta);
  });
});

describe('softmaxCrossEntropy', () => {
  const labels = [2, 0, 3, 3, 1];

  it('int64 labels: mean −log softmax[label]; gradients w.r.t. logits', async () => {
    const rng = createRng(32);
    const g = new Graph({ dtype: 'float64' });
    const z = g.input('z', [N, C]);
    const y = g.input('y', [N], 'int64');
    const feeds = { z: uniform(rng, N * C, -3, 3), y: BigInt64Array.from(labels.map(BigInt)) };
    const r = await valueAndCheck(g, softmaxCrossEntropy(g, z, y), [z], feeds);
    close(r.value, labels.reduce((s, k, i) => s + nll(feeds.z, i, k), 0) / N);
    expect(r.maxError).toBeLessThan(1e-6);
  });

  it('float targets (one-hot or soft) = Σ −p·log softmax; one-hot equals the int64 form', async () => {
    const rng = createRng(33);
    const g = new Graph({ dtype: 'float64' });
    const z = g.input('z', [N, C]);
    const p = g.input('p', [N, C]);
    const raw = uniform(rng, N * C, 0.1, 1);
    const soft = raw.map(
      (v, i) =>
        v / Array.from({ length: C }, (_, j) => raw[Math.floor(i / C) * C + j] ?? 0).reduce((a, b) => a + b),
    );
    const feeds = { z: uniform(rng, N * C, -3, 3), p: soft };
    let ref = 0;
    for (let i = 0; i < N; i++)
      for (let k = 0; k < C; k++) ref += (soft[i * C + k] ?? 0) * nll(feeds.z, i, k);
    const r = await valueAndCheck(g, softmaxCrossEntropy(g, z, p), [z, p], feeds);
    close(r.value, ref / N);
    expect(r.maxError).toBeLessThan(1e-6);
    const oneHot = Float64Array.from({ length: N * C }, (_, i) =>
      labels[Math.floor(i / C)] === i % C ? 1 : 0,
    );
    const v =
      values(await runOnce(g, { v: softmaxCrossEntropy(g, z, p) }, { ...feeds, p: oneHot }), 'v')[0] ?? 0;
    close(v, labels.reduce((s, k, i) => s + nll(feeds.z, i, k), 0) / N);
  });

  it('class weights: Σ w[yᵢ]·ℓᵢ / Σ w[yᵢ]', async () => {
    const rng = createRng(34);
    const w = [0.5, 2, 1, 3];
    const g = new Graph({ dtype: 'float64' });
    const z = g.input('z', [N, C]);
    const y = g.input('y', [N], 'int64');
    const feeds = { z: uniform(rng, N * C, -3, 3), y: BigInt64Array.from(labels.map(BigInt)) };
    const r = await valueAndCheck(g, softmaxCrossEntropy(g, z, y, { classWeights: w }), [z], feeds);
    const num = labels.reduce((s, k, i) => s + (w[k] ?? 0) * nll(feeds.z, i, k), 0);
    close(r.value, num / labels.reduce((s, k) => s + (w[k] ?? 0), 0));
    expect(r.maxError).toBeLessThan(1e-6);
  });

  it('stays finite for logits of ±1000 (no overflow)', async () => {
    const g = new Graph({ dtype: 'float32' });
    const z = g.input('z', [1, C]);
    const y = g.input('y', [1], 'int64');
    const out = await runOnce(
      g,
      { v: softmaxCrossEntropy(g, z, y) },
      { z: Float32Array.of(1000, -1000, 990, 0), y: BigInt64Array.of(2n) },
    );
    close(values(out, 'v')[0] ?? Number.NaN, 10 + Math.log1p(Math.exp(-10)), 1e-6);
  });
});

describe('binaryCrossEntropyWithLogits', () => {
  it('= mean −y·log σ(z) − (1−y)·log(1−σ(z)); finite at |z| = 60 in float32', async () => {
    const rng = createRng(35);
    const g = new Graph({ dtype: 'float64' });
    const z = g.input('z', [N, 2]);
    const y = g.input('y', [N, 2]);
    const feeds = { z: awayFromZero(rng, 2 * N, 0.2, 4), y: uniform(rng, 2 * N, 0, 1) };
    const ref = Array.from(feeds.z, (v, i) => {
      const t = feeds.y[i] ?? 0;
      const s = 1 / (1 + Math.exp(-v));
      return -t * Math.log(s) - (1 - t) * Math.log(1 - s);
    });
    const r = await valueAndCheck(g, binaryCrossEntropyWithLogits(g, z, y), [z, y], feeds);
    close(r.value, ref.reduce((a, b) => a + b, 0) / (2 * N), 1e-12);
    expect(r.maxError).toBeLessThan(1e-6);

    const g32 = new Graph({ dtype: 'float32' });
    const z32 = g32.input('z', [4]);
    const l32 = binaryCrossEntropyWithLogits(g32, z32, g32.input('y', [4]));
    const v = values(
      await runOnce(
        g32,
        { v: l32 },
        { z: Float32Array.of(60, -60, 60, -60), y: Float32Array.of(1, 0, 0, 1) },
      ),
      'v',
    );
    // Rows 1, 2 cost ≈ e^−60, rows 3, 4 cost 60 each (+ e^−60): mean 30.
    close(v[0] ?? Number.NaN, 30, 1e-6);
  });
});

describe('weightedSum (multi-task)', () => {
  it('Σ wₖ·lossₖ with gradients through every task', async () => {
    const rng = createRng(36);
    const g = new Graph({ dtype: 'float64' });
    const p = g.input('p', [N, 1]);
    const t = g.input('t', [N, 1]);
    const z = g.input('z', [N, C]);
    const y = g.input('y', [N], 'int64');
    const feeds = {
      p: uniform(rng, N),
      t: uniform(rng, N),
      z: uniform(rng, N * C, -2, 2),
      y: BigInt64Array.from([0, 1, 2, 3, 0].map(BigInt)),
    };
    const a = mse(g, p, t);
    const b = softmaxCrossEntropy(g, z, y);
    const partA = values(await runOnce(g, { a }, feeds), 'a')[0] ?? 0;
    const partB = values(await runOnce(g, { b }, feeds), 'b')[0] ?? 0;
    const r = await valueAndCheck(
      g,
      weightedSum(g, [
        { loss: a, weight: 0.25 },
        { loss: b, weight: 2 },
      ]),
      [p, z],
      feeds,
    );
    close(r.value, 0.25 * partA + 2 * partB);
    expect(r.maxError).toBeLessThan(1e-6);
  });
});
