/**
 * `npx tsx bench/ml-gbdt.ts`: the histogram GBDT's speed on 100,000 × 120 features.
 *
 * Data (seeded): x ~ N(0, 1)^120, y = sin(x0) + 0.5·x1² + x2·x3 + 0.5·x4 − 0.25·x5 + N(0, 0.5²);
 * features 6..119 are noise. 20,000 more rows form the validation set. The best achievable
 * validation R² is var(signal)/var(y), printed beside ours.
 *
 * Figures: seconds to bin (binMatrix, once), seconds to train (trainGbdt on the binned matrix with
 * a validation set, 100 rounds, 31 leaves, subsample and colsample 0.8), rounds/s, validation R²
 * and RMSE, max |ORT − TS| on the validation margins, ONNX single-sample inference p50/p99 (ms)
 * through createSession (1000 runs after 200 warm-up runs), TreeSHAP µs per row. The last line
 * printed is one JSON object of the figures; `benchGbdt()` returns them. `--quick` divides the
 * rows by 10 (for trying the harness). Timings are wall clock on whatever else the machine runs.
 */
import { pathToFileURL } from 'node:url';
import { createRng } from '../packages/engine/src/rng.ts';
import {
  binMatrix,
  exportOnnx,
  ONNX_INPUT,
  ONNX_MARGIN,
  predictMargin,
  rSquared,
  trainGbdt,
  treeShap,
} from '../packages/ml/src/gbdt/index.ts';
import { createSession, f32 } from '../packages/ml/src/onnx/session.ts';

const SEED = 20261124;
const N_FEATURES = 120;
const INFERENCE_RUNS = 1000;
const INFERENCE_WARMUP = 200;
const SHAP_ROWS = 200;

const fmt = (x: number, digits = 3): string => x.toPrecision(digits);

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function makeData(n: number, seed: number) {
  const rng = createRng(seed);
  const d = N_FEATURES;
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Float64Array(n);
  const signal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const s =
      Math.sin(x[o] as number) +
      0.5 * (x[o + 1] as number) ** 2 +
      (x[o + 2] as number) * (x[o + 3] as number) +
      0.5 * (x[o + 4] as number) -
      0.25 * (x[o + 5] as number);
    signal[i] = s;
    y[i] = s + 0.5 * rng.normal();
  }
  return { x, y, signal, nRows: n, nFeatures: d };
}

export async function benchGbdt(opts: { quick?: boolean } = {}): Promise<Record<string, number>> {
  const scale = opts.quick ? 10 : 1;
  const nTrain = 100_000 / scale;
  const nValid = 20_000 / scale;
  const params = {
    objective: 'regression' as const,
    rounds: 100,
    learningRate: 0.2,
    maxLeaves: 31,
    maxDepth: 0,
    minSamplesLeaf: 20,
    lambda: 1,
    subsample: 0.8,
    colsample: 0.8,
    seed: 7,
  };
  console.log(`\n== GBDT: ${nTrain} × ${N_FEATURES} features, regression, Node ${process.versions.node}`);
  console.log(
    `settings: ${params.rounds} rounds, ${params.maxLeaves} leaves (lossguide), lr ${params.learningRate}, ` +
      `subsample ${params.subsample}, colsample ${params.colsample}, 255 bins`,
  );
  const train = makeData(nTrain, SEED);
  const valid = makeData(nValid, SEED + 1);

  let t0 = performance.now();
  const binned = binMatrix(train.x, nTrain, N_FEATURES, {
    maxBins: 255,
    sampleRows: 100_000,
    seed: params.seed,
  });
  const binSeconds = (performance.now() - t0) / 1000;

  t0 = performance.now();
  const res = trainGbdt(train, params, { binned, valid });
  const trainSeconds = (performance.now() - t0) / 1000;
  const { model } = res;
  const roundsPerSecond = res.roundsRun / trainSeconds;

  const margin = predictMargin(model, valid.x, nValid);
  const r2 = rSquared(valid.y, margin);
  let sse = 0;
  for (let i = 0; i < nValid; i++) sse += ((margin[i] as number) - (valid.y[i] as number)) ** 2;
  const rmse = Math.sqrt(sse / nValid);
  const bayesR2 = rSquared(valid.y, valid.signal);

  console.log(`bin:   ${fmt(binSeconds)} s (quantile edges + codes, once)`);
  console.log(
    `train: ${fmt(trainSeconds)} s, ${fmt(roundsPerSecond)} rounds/s (validation loss tracked each round)`,
  );
  console.log(
    `validation: R² ${fmt(r2, 4)} (best achievable ${fmt(bayesR2, 4)}), RMSE ${fmt(rmse, 4)} (noise sd 0.5)`,
  );

  // ONNX: export, one batched run to compare with TS, then single-sample latency.
  const bytes = exportOnnx(model);
  const session = await createSession(bytes);
  const batch = await session.run({ [ONNX_INPUT]: f32(valid.x, [nValid, N_FEATURES]) });
  const ortMargin = batch[ONNX_MARGIN]?.data as Float32Array;
  let maxDiff = 0;
  for (let i = 0; i < nValid; i++)
    maxDiff = Math.max(maxDiff, Math.abs((ortMargin[i] as number) - (margin[i] as number)));
  const one = (i: number) => ({
    [ONNX_INPUT]: f32(valid.x.subarray(i * N_FEATURES, (i + 1) * N_FEATURES), [1, N_FEATURES]),
  });
  for (let k = 0; k < INFERENCE_WARMUP; k++) await session.run(one(k % nValid));
  const ms: number[] = [];
  for (let k = 0; k < INFERENCE_RUNS; k++) {
    const feeds = one(k % nValid);
    const s = performance.now();
    await session.run(feeds);
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  const p50 = quantile(ms, 0.5);
  const p99 = quantile(ms, 0.99);
  console.log(
    `ONNX (${(bytes.length / 1024).toFixed(0)} KiB, ${model.trees.length} trees): max |ORT − TS| margin ` +
      `${fmt(maxDiff)}; single-sample p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms (${INFERENCE_RUNS} runs, ` +
      'session.run incl. tensor wrap)',
  );

  t0 = performance.now();
  treeShap(model, valid.x.subarray(0, SHAP_ROWS * N_FEATURES), SHAP_ROWS);
  const shapMicrosPerRow = ((performance.now() - t0) * 1000) / SHAP_ROWS;
  console.log(`TreeSHAP: ${fmt(shapMicrosPerRow)} µs per row (${model.trees.length} trees, 120 features)`);

  return {
    rows: nTrain,
    features: N_FEATURES,
    rounds: res.roundsRun,
    binSeconds,
    trainSeconds,
    roundsPerSecond,
    validR2: r2,
    validBayesR2: bayesR2,
    validRmse: rmse,
    onnxMaxAbsDiff: maxDiff,
    onnxP50Ms: p50,
    onnxP99Ms: p99,
    shapMicrosPerRow,
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const figures = await benchGbdt({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(figures));
}
