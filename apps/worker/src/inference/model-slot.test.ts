import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createInferenceMetrics } from './inference-metrics.ts';
import { createSession, f32, servingSignature } from './ml.ts';
import { type BatchingOptions, ModelSlot } from './model-slot.ts';
import {
  affineModel,
  affineReference,
  FEATURES,
  featureRows,
  recorded,
  type SessionLog,
} from './test-models.ts';

const log = createLogger('silent');
const model = (k: number) => ({
  id: `id-${k}`,
  name: 'affine',
  version: k,
  kind: 'ONNX' as const,
  sha256: 'x',
});

async function slotFor(k: number, batching: BatchingOptions, dtype: 'float32' | 'float64' = 'float32') {
  const raw = await createSession(affineModel(k, dtype));
  const sessionLog: SessionLog = { events: [], runs: 0 };
  const session = recorded(raw, sessionLog);
  const sig = servingSignature(session);
  if (!sig.ok) throw new Error(sig.reason);
  const registry = new Registry();
  const slot = new ModelSlot(
    model(k),
    session,
    sig.signature,
    batching,
    createInferenceMetrics(registry),
    log,
  );
  return { slot, raw, sessionLog, registry };
}

async function histogram(registry: Registry, metric: string): Promise<{ count: number; sum: number }> {
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === metric);
  const values = (m?.values ?? []) as { metricName?: string; value: number }[];
  const pick = (suffix: string) =>
    values.filter((v) => v.metricName === `${metric}_${suffix}`).reduce((a, v) => a + v.value, 0);
  return { count: pick('count'), sum: pick('sum') };
}

describe('ModelSlot batching', () => {
  it('100 concurrent requests → one ORT run; each answer equals its own single-row run', async () => {
    const { slot, raw, sessionLog, registry } = await slotFor(3, { maxBatchSize: 256, batchWindowMs: 0 });
    const rows = featureRows(100, 7);
    const answers = await Promise.all(rows.map((x) => slot.predict(x)));
    expect(sessionLog.events).toEqual(['run:100']);

    for (const [i, x] of rows.entries()) {
      const single = await raw.run({ x: f32(x, [1, FEATURES]) });
      const a = answers[i];
      expect(a?.model.version).toBe(3);
      // Same session, one row: MLAS may sum in another order for other batch shapes, so allow
      // a couple of float32 ulps at |y| ≈ 3000 (ulp ≈ 2.4e-4) rather than demand bit equality.
      const alone = single.y ? (single.y.data as Float32Array)[0] : undefined;
      expect(a?.output[0]).toBeCloseTo(alone ?? Number.NaN, 3);
      // Independent float64 reference y = x·w + b: float32 rounding of inputs and sum only.
      expect(Math.abs((a?.output[0] ?? 0) - affineReference(3, x))).toBeLessThan(3e-3);
      // z = 2x is exact in float32 (2·fround(x)).
      expect(a?.outputs.z).toEqual(x.map((v) => 2 * Math.fround(v)));
    }
    expect(await histogram(registry, 'zomma_worker_inference_batch_size')).toEqual({ count: 1, sum: 100 });
  });

  it('maxBatchSize splits a burst: 100 requests at 16 per run → 7 runs (6 × 16 + 4)', async () => {
    const { slot, sessionLog } = await slotFor(1, { maxBatchSize: 16, batchWindowMs: 0 });
    const rows = featureRows(100, 9);
    const answers = await Promise.all(rows.map((x) => slot.predict(x)));
    expect(sessionLog.events).toEqual([...Array(6).fill('run:16'), 'run:4']);
    answers.forEach((a, i) => {
      expect(Math.abs((a.output[0] ?? 0) - affineReference(1, rows[i] ?? []))).toBeLessThan(1e-3);
    });
  });

  it('a window gathers requests from separate event-loop turns; window 0 does not', async () => {
    const rows = featureRows(2, 11);
    const windowed = await slotFor(2, { maxBatchSize: 256, batchWindowMs: 50 });
    const first = windowed.slot.predict(rows[0] ?? []);
    await new Promise((r) => setTimeout(r, 5));
    const second = windowed.slot.predict(rows[1] ?? []);
    await Promise.all([first, second]);
    expect(windowed.sessionLog.events).toEqual(['run:2']);

    const immediate = await slotFor(2, { maxBatchSize: 256, batchWindowMs: 0 });
    const a = immediate.slot.predict(rows[0] ?? []);
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all([a, immediate.slot.predict(rows[1] ?? [])]);
    expect(immediate.sessionLog.events).toEqual(['run:1', 'run:1']);
  });

  it('a float64 model is fed float64 and answers to float64 precision', async () => {
    const { slot } = await slotFor(5, { maxBatchSize: 8, batchWindowMs: 0 }, 'float64');
    const x = [0.1, -0.2, 1 / 3, 7.25];
    const a = await slot.predict(Float64Array.from(x));
    expect(Math.abs((a.output[0] ?? 0) - affineReference(5, x))).toBeLessThan(1e-9);
  });
});

describe('ModelSlot validation and lifetime', () => {
  it('refuses a wrong width or a non-finite value with BAD_INPUT, without running', async () => {
    const { slot, sessionLog } = await slotFor(1, { maxBatchSize: 8, batchWindowMs: 0 });
    await expect(slot.predict([1, 2, 3])).rejects.toMatchObject({
      code: 'BAD_INPUT',
      details: { name: 'affine', version: 1, width: FEATURES },
    });
    await expect(slot.predict([1, 2, Number.NaN, 4])).rejects.toMatchObject({
      code: 'BAD_INPUT',
      details: { index: 2 },
    });
    await expect(slot.predict([1, 2, 3, 1e39])).rejects.toMatchObject({
      code: 'BAD_INPUT',
      details: { index: 3 },
    });
    expect(sessionLog.runs).toBe(0);
  });

  it('retire: queued requests finish on this session, then it is released; later requests are refused', async () => {
    const { slot, sessionLog } = await slotFor(4, { maxBatchSize: 4, batchWindowMs: 5 });
    const rows = featureRows(10, 3);
    const pending = rows.map((x) => slot.predict(x));
    expect(sessionLog.events).toEqual(['run:4', 'run:4']); // full batches go at once; 2 wait for the window
    const released = slot.retire(); // …which retiring cuts short
    expect(sessionLog.events).toEqual(['run:4', 'run:4', 'run:2']);
    await expect(slot.predict(rows[0] ?? [])).rejects.toMatchObject({ code: 'INTERNAL' });
    const answers = await Promise.all(pending);
    await released;
    expect(answers.map((a) => Math.round((a.output[0] ?? 0) / 1000))).toEqual(Array(10).fill(4));
    expect(sessionLog.events).toEqual(['run:4', 'run:4', 'run:2', 'release']);
    expect(slot.inFlight).toBe(0);
  });

  it('a failing run rejects every request of its batch with INTERNAL', async () => {
    const { slot, raw } = await slotFor(1, { maxBatchSize: 8, batchWindowMs: 0 });
    await raw.release(); // the native session is gone: the real run throws
    const results = await Promise.allSettled(featureRows(3).map((x) => slot.predict(x)));
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect(r.status === 'rejected' && r.reason).toMatchObject({ code: 'INTERNAL' });
    }
  });
});
