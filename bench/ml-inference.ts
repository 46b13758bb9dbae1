/**
 * `npx tsx bench/ml-inference.ts` (ORT_DISABLE_TELEMETRY=1): single-sample inference latency of
 * every served model through the serving path — the exported ONNX opened with createSession
 * (cpu, 1 intra-op thread) — p50 and p99 over RUNS runs after WARMUP runs (goal p99 ≤ 1 ms).
 *
 * Models at realistic sizes (weights from their seeded initialisers: latency does not depend on
 * the values):
 *   mlp          64 features → [128, 128] gelu → 1
 *   lstm         32 steps × 32 features, hidden 64 → 1
 *   transformer  32 steps × 32 features, d 64, 4 heads, 2 blocks (dff 256) → 1
 *   hybrid       32 × 32 sequence + 16 static, LSTM 64, static 16, fused 32 → 1
 *   optionNet    MultiTaskOptionNet default trunk [64, 64, 64], price/delta/gamma/vega heads
 *   regime       RegimeClassifier, 32 days × 4 features, hidden 32 → 7 probabilities
 *   signalGbdt   the GBDT trading-signal model from trainSignalModel (seed 1, trained here)
 *   gbdt100      a 100-tree regression GBDT (depth ≤ 6, 32 features) from trainGbdt
 * Each timed run is `session.run` on a fresh ort.Tensor over one row (cycling through 256
 * random rows), as the serving code does. Also timed: integrated gradients for one sample
 * (32 Gauss–Legendre nodes, float64, one batched run; `ig_*` p50 over 50 runs) for the networks
 * that serve explanations. Wall-clock figures on whatever else the machine runs; nothing is
 * asserted (tests never assert timings). `benchInference()` returns the figures; run directly,
 * the last line printed is them as one JSON object.
 */
import { pathToFileURL } from 'node:url';
import { createRng } from '../packages/engine/src/rng.ts';
import { exportOnnx, trainGbdt } from '../packages/ml/src/gbdt/index.ts';
import type { ZooModel } from '../packages/ml/src/models/base.ts';
import { HybridLstmMlp } from '../packages/ml/src/models/hybrid.ts';
import { IntegratedGradients } from '../packages/ml/src/models/integrated-gradients.ts';
import { LstmRegressor } from '../packages/ml/src/models/lstm.ts';
import { Mlp } from '../packages/ml/src/models/mlp.ts';
import { toModelCard } from '../packages/ml/src/models/model-card.ts';
import { MultiTaskOptionNet } from '../packages/ml/src/models/option-net.ts';
import { RegimeClassifier } from '../packages/ml/src/models/regime.ts';
import { TransformerEncoderModel } from '../packages/ml/src/models/transformer.ts';
import { ParamStore } from '../packages/ml/src/nn/params.ts';
import { createSession, ort } from '../packages/ml/src/onnx/session.ts';
import { trainSignalModel } from '../packages/ml/src/signal-model/index.ts';

const RUNS = 2000;
const WARMUP = 200;
const ROWS = 256;
const IG_RUNS = 50;

interface Served {
  key: string;
  label: string;
  bytes: Uint8Array;
  /** Input name → per-row static dims. */
  inputs: { name: string; dims: number[] }[];
  params: number;
  nn?: { model: ZooModel; store: ParamStore; output: string; index?: number };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function zoo(key: string, label: string, model: ZooModel, output: string, index?: number): Served {
  const store = ParamStore.init(model.params, 1);
  const card = toModelCard({
    name: key,
    model,
    params: store,
    description: label,
    metrics: {},
    trainedFrom: new Date(0),
    trainedTo: new Date(0),
  });
  return {
    key,
    label,
    bytes: card.onnx,
    inputs: model.inputs.map((s) => ({ name: s.name, dims: s.shape.slice(1).map(Number) })),
    params: store.size,
    nn: { model, store, output, index },
  };
}

function gbdt100(): Served {
  const rng = createRng(7);
  const n = 20_000;
  const d = 32;
  const x = Float64Array.from({ length: n * d }, () => rng.normal());
  const y = Float64Array.from(
    { length: n },
    (_, i) => Math.sin(x[i * d] ?? 0) + (x[i * d + 1] ?? 0) * (x[i * d + 2] ?? 0),
  );
  const { model } = trainGbdt(
    { x, y, nRows: n, nFeatures: d },
    {
      objective: 'regression',
      rounds: 100,
      learningRate: 0.1,
      maxDepth: 6,
      maxLeaves: 64,
      minSamplesLeaf: 20,
      seed: 1,
    },
  );
  return {
    key: 'gbdt100',
    label: `GBDT ${model.trees.length} trees, depth ≤ 6, ${d} features`,
    bytes: exportOnnx(model),
    inputs: [{ name: 'x', dims: [d] }],
    params: model.trees.length,
  };
}

function signalGbdt(): Served {
  const t = trainSignalModel({ seed: 1 });
  return {
    key: 'signalGbdt',
    label: `signal model GBDT (${t.model.trees.length} trees, ${t.model.nFeatures} features)`,
    bytes: t.onnx,
    inputs: [{ name: 'x', dims: [t.model.nFeatures] }],
    params: t.model.trees.length,
  };
}

async function latency(s: Served): Promise<{ p50: number; p99: number; igMs?: number }> {
  const session = await createSession(s.bytes);
  const rng = createRng(3);
  const pools = s.inputs.map((i) => {
    const size = i.dims.reduce((a, b) => a * b, 1);
    return { ...i, size, data: Float32Array.from({ length: ROWS * size }, () => rng.normal()) };
  });
  const feeds = (r: number): Record<string, ort.Tensor> => {
    const f: Record<string, ort.Tensor> = {};
    for (const p of pools)
      f[p.name] = new ort.Tensor('float32', p.data.subarray(r * p.size, (r + 1) * p.size), [1, ...p.dims]);
    return f;
  };
  for (let k = 0; k < WARMUP; k++) await session.run(feeds(k % ROWS));
  const ms: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const f = feeds(k % ROWS);
    const t0 = performance.now();
    await session.run(f);
    ms.push(performance.now() - t0);
  }
  await session.release();
  ms.sort((a, b) => a - b);
  const out: { p50: number; p99: number; igMs?: number } = {
    p50: quantile(ms, 0.5),
    p99: quantile(ms, 0.99),
  };
  if (s.nn) {
    const ig = await IntegratedGradients.create(s.nn.model, s.nn.store, {
      output: s.nn.output,
      index: s.nn.index,
      steps: 32,
    });
    const sample = Object.fromEntries(pools.map((p) => [p.name, p.data.subarray(0, p.size)]));
    await ig.explain(sample);
    const igMs: number[] = [];
    for (let k = 0; k < IG_RUNS; k++) {
      const t0 = performance.now();
      await ig.explain(sample);
      igMs.push(performance.now() - t0);
    }
    await ig.release();
    igMs.sort((a, b) => a - b);
    out.igMs = quantile(igMs, 0.5);
  }
  return out;
}

export async function benchInference(): Promise<Record<string, number>> {
  console.log(`\n== Single-sample inference through createSession (1 thread), Node ${process.versions.node}`);
  console.log(`${WARMUP} warm-up runs, then ${RUNS} timed runs per model; goal p99 ≤ 1 ms`);
  const served: Served[] = [
    zoo('mlp', 'MLP 64 → [128, 128] → 1', new Mlp({ inputs: 64, hidden: [128, 128], outputs: 1 }), 'pred'),
    zoo(
      'lstm',
      'LSTM 32 × 32, hidden 64',
      new LstmRegressor({ steps: 32, features: 32, hidden: 64, outputs: 1 }),
      'pred',
    ),
    zoo(
      'transformer',
      'Transformer 32 × 32, d 64, 4 heads, 2 blocks',
      new TransformerEncoderModel({ steps: 32, features: 32, dModel: 64, heads: 4, blocks: 2, outputs: 1 }),
      'pred',
    ),
    zoo(
      'hybrid',
      'Hybrid LSTM 32 × 32 (64) + 16 static',
      new HybridLstmMlp({ steps: 32, seqFeatures: 32, staticFeatures: 16, hidden: 64, outputs: 1 }),
      'pred',
    ),
    zoo(
      'optionNet',
      'Multi-task option net [64, 64, 64], 4 heads',
      new MultiTaskOptionNet({ gamma: true, vega: true }),
      'price',
    ),
    zoo('regime', 'Regime classifier 32 × 4, hidden 32, 7 classes', new RegimeClassifier(), 'logits', 0),
  ];
  const t0 = performance.now();
  served.push(signalGbdt());
  const signalTrainSeconds = (performance.now() - t0) / 1000;
  served.push(gbdt100());

  const figures: Record<string, number> = { runs: RUNS, signalTrainSeconds };
  const rows: string[][] = [
    ['model', 'KiB', 'params/trees', 'p50 ms', 'p99 ms', 'p99 ≤ 1 ms', 'IG ms (p50)'],
  ];
  for (const s of served) {
    const r = await latency(s);
    figures[`${s.key}_p50Ms`] = r.p50;
    figures[`${s.key}_p99Ms`] = r.p99;
    if (r.igMs !== undefined) figures[`ig_${s.key}_ms`] = r.igMs;
    rows.push([
      s.label,
      (s.bytes.length / 1024).toFixed(0),
      String(s.params),
      r.p50.toFixed(3),
      r.p99.toFixed(3),
      r.p99 <= 1 ? 'yes' : 'NO',
      r.igMs === undefined ? '' : r.igMs.toFixed(2),
    ]);
  }
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const r of rows)
    console.log(
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '),
    );
  figures.worstP99Ms = Math.max(...served.map((s) => figures[`${s.key}_p99Ms`] ?? Number.NaN));
  return figures;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const figures = await benchInference();
  console.log(JSON.stringify(figures));
}
