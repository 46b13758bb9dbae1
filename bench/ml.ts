/**
 * `npm run bench:ml` — the ML runtime's figures, printed as the parts run, last line one JSON
 * object (keys prefixed by part):
 * - gbdt_*: histogram GBDT training on 100,000 × 120 features, ONNX single-sample latency (bench/ml-gbdt.ts);
 * - train_*: LSTM training epoch (50,000 × 32 steps × 32 features, hidden 64) against tfjs-wasm on
 *   the same model and data in the same run (bench/ml-train.ts), when present.
 * Run with ORT_DISABLE_TELEMETRY=1 (the npm script sets it). Figures only; nothing is asserted.
 */
import { existsSync } from 'node:fs';
import { benchGbdt } from './ml-gbdt.ts';

type Figures = Record<string, number>;

function prefixed(prefix: string, f: Figures): Figures {
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [`${prefix}_${k}`, v]));
}

const all: Figures = {};
console.log('== GBDT (bench/ml-gbdt.ts)');
Object.assign(all, prefixed('gbdt', await benchGbdt()));

const trainBench = new URL('./ml-train.ts', import.meta.url);
if (existsSync(trainBench)) {
  console.log('\n== LSTM training vs tfjs-wasm (bench/ml-train.ts)');
  const mod = (await import(trainBench.href)) as { benchTraining: () => Promise<Figures> };
  Object.assign(all, prefixed('train', await mod.benchTraining()));
}
console.log(JSON.stringify(all));
