/**
 * Timing of one training step's forward + backward for the issue-6 target shape (LSTM, 32 steps ×
 * 32 features, hidden 64, MSE head), float32, one onnxruntime thread. Not a test; run with
 *   ORT_DISABLE_TELEMETRY=1 npx tsx packages/ml/src/graph/lstm-bench.ts [batch ...]
 * Prints ms per batch and the implied time for an epoch of 50,000 sequences.
 */
import { gradients } from './autodiff.ts';
import { Graph } from './builder.ts';
import { compileGraph } from './compile.ts';
import type { Tensor } from './core.ts';
import { createRunner } from './runner.ts';

const [T, F, H] = [32, 32, 64];
const g = new Graph({ dtype: 'float32' });
const x = g.input('x', ['batch', T, F]);
const y = g.input('y', ['batch', 1]);
const wx = g.param('wx', [F, 4 * H]);
const wh = g.param('wh', [H, 4 * H]);
const b = g.param('b', [4 * H]);
const wo = g.param('wo', [H, 1]);
const steps = g.unstack(g.add(g.matmul(x, wx), b), 1);
let h: Tensor | undefined;
let c: Tensor | undefined;
for (const xt of steps) {
  const gates = h ? g.add(xt, g.matmul(h, wh)) : xt;
  const [i, f, gg, o] = g.split(gates, [H, H, H, H], 1) as [Tensor, Tensor, Tensor, Tensor];
  const ig = g.mul(g.sigmoid(i), g.tanh(gg));
  c = c ? g.add(g.mul(g.sigmoid(f), c), ig) : ig;
  h = g.mul(g.sigmoid(o), g.tanh(c));
}
if (!h) throw new Error('no steps');
const err = g.sub(g.matmul(h, wo), y);
const loss = g.reduceMean(g.mul(err, err));
const forwardNodes = g.nodes.length;
const grads = gradients(g, loss, [wx, wh, b, wo]);
const compiled = compileGraph(g, {
  outputs: { loss, ...Object.fromEntries(grads.map((d, k) => [`d${k}`, d])) },
});
console.log(`nodes: forward ${forwardNodes}, compiled ${compiled.nodeCount}`);
const runner = await createRunner(compiled, { checkShapes: false });
let seed = 1;
const rnd = (n: number) =>
  Float32Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed / 2147483648 - 0.5) * 0.2;
  });
const batches = process.argv.slice(2).map(Number);
for (const batch of batches.length > 0 ? batches : [128, 256, 512]) {
  const feeds = {
    x: rnd(batch * T * F),
    y: rnd(batch),
    wx: rnd(F * 4 * H),
    wh: rnd(H * 4 * H),
    b: rnd(4 * H),
    wo: rnd(H),
  };
  for (let k = 0; k < 3; k++) await runner.run(feeds);
  const n = 20;
  const t0 = performance.now();
  for (let k = 0; k < n; k++) await runner.run(feeds);
  const ms = (performance.now() - t0) / n;
  console.log(
    `batch ${batch}: ${ms.toFixed(1)} ms/step, epoch of 50k sequences ≈ ${(((50000 / batch) * ms) / 1000).toFixed(1)} s`,
  );
}
await runner.release();
