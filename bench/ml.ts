/**
 * `npm run bench:ml` — the ML runtime's figures, printed as the parts run, last line one JSON
 * object (keys prefixed by part):
 * - gbdt_*: histogram GBDT training on 100,000 × 120 features, ONNX single-sample latency (bench/ml-gbdt.ts);
 * - train_*: LSTM training epoch (50,000 × 32 steps × 32 features, hidden 64) against tfjs-wasm on
 *   the same model and data in the same run (bench/ml-train.ts);
 * - inference_*: single-sample p50/p99 through onnxruntime for every model (bench/ml-inference.ts).
 * Run with ORT_DISABLE_TELEMETRY=1 (the npm script sets it). Figures only; nothing is asserted.
 */
import { benchGbdt } from './ml-gbdt.ts';
import { benchInference } from './ml-inference.ts';
import { benchTraining } from './ml-train.ts';

type Figures = Record<string, number>;

function prefixed(prefix: string, f: Figures): Figures {
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [`${prefix}_${k}`, v]));
}

const all: Figures = {};
console.log('== GBDT (bench/ml-gbdt.ts)');
Object.assign(all, prefixed('gbdt', await benchGbdt()));

console.log('\n== LSTM training vs tfjs-wasm (bench/ml-train.ts)');
Object.assign(all, prefixed('train', await benchTraining()));
console.log('\n== Single-sample inference, every model (bench/ml-inference.ts)');
Object.assign(all, prefixed('inference', await benchInference()));
console.log(JSON.stringify(all));
