import { AppError, type ModelVersionDetail } from '@zomma/contracts';
import { SYSTEM_ACTOR } from '@zomma/db';
import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { createRng } from '@zomma/engine/rng';
import { DEFAULT_SIM_PARAMS, stepUnderlying } from '@zomma/engine/sim';
import { exportOnnx } from '@zomma/ml/gbdt';
import {
  SIGNAL_CLASSES,
  SIGNAL_FEATURE_NAMES,
  type TrainedSignalModel,
  trainSignalModel,
} from '@zomma/ml/signal-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, f32 } from '../inference/ml.ts';
import { computeFeatures } from '../signal-model.ts';
import { toDecimal6 } from '../sim-market.ts';
import { testContext, testEnv } from '../testing/test-context.ts';
import { generateSignals } from './generate-signals.handler.ts';

const T0 = Date.UTC(2026, 2, 2, 15, 0, 0);
const TICK_MS = 2000;
const NAME = 'signal-rule';
const payload = { symbol: 'ZMA', modelName: NAME, requestedBy: null };

/**
 * 61 quotes TICK_MS apart from the simulator, with implied vol `premium` × the path's true vol (the
 * synthetic data's vol premium: options rich when > 1). Returns the last quote time.
 */
async function insertPath(t: TestDatabase, opts: { startMs: number; seed: number; premium: number }) {
  const rng = createRng(opts.seed);
  let s = { price: 100, vol: 0.2 };
  let at = new Date(opts.startMs);
  for (let k = 0; k <= 60; k++) {
    if (k > 0) s = stepUnderlying(s, TICK_MS / (365 * 86_400_000), rng, DEFAULT_SIM_PARAMS);
    at = new Date(opts.startMs + k * TICK_MS);
    await t.repos.market.insertQuote({
      symbol: 'ZMA',
      at,
      price: toDecimal6(s.price),
      vol: toDecimal6(opts.premium * s.vol),
    });
  }
  return at;
}

describe('signals.generate with a learned (ONNX) champion', () => {
  let t: TestDatabase;
  let trained: TrainedSignalModel;
  let v3: ModelVersionDetail;
  const now = new Date(T0 + 3_600_000);
  const ctx = () =>
    testContext(t.repos, { now: () => now, env: testEnv({ TICK_INTERVAL_MS: String(TICK_MS) }) });

  beforeAll(async () => {
    t = await createTestDatabase({ seed: true, now });
    trained = trainSignalModel({ seed: 5, count: 3000 });
    const v2 = (await t.repos.models.versions(NAME)).find((v) => v.version === 2);
    v3 = await t.repos.models.createOnnxModelVersion({
      name: NAME,
      description: trained.description,
      onnx: trained.onnx,
      metrics: trained.metrics,
      hyperparameters: trained.hyperparameters,
      trainedFrom: trained.trainedFrom,
      trainedTo: trained.trainedTo,
      parentId: v2?.id ?? null,
    });
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  const promote = (versionId: string) =>
    t.repos.models.promote(SYSTEM_ACTOR, { name: NAME, versionId, reason: 'test' });

  it('proposes with confidence and a TreeSHAP explanation citing the version that answered; once per quote', async () => {
    await promote(v3.id);
    const lastAt = await insertPath(t, { startMs: T0, seed: 1, premium: 1.5 });
    const c = ctx();
    try {
      const first = await generateSignals(c, payload);
      if (!first.created) throw new Error(`expected a signal, got: ${first.reason}`);
      const second = await generateSignals(c, payload);
      if (!second.created) throw new Error('expected the same signal');
      expect(second.signalId).toBe(first.signalId);
      expect(first.dedupeKey).toBe(`${v3.id}:ZMA:${lastAt.toISOString()}`);
      expect(await t.repos.signals.list({ limit: 10 })).toHaveLength(1);

      const s = await t.repos.signals.get(first.signalId);
      expect(s.model).toMatchObject({ id: v3.id, version: 3, kind: 'ONNX' });
      const e = s.explanation;
      if (!e || s.confidence === null) throw new Error('expected confidence and explanation');
      expect(e.model).toEqual({ id: v3.id, name: NAME, version: 3, kind: 'ONNX', sha256: v3.sha256 });
      const sum = e.attributions.reduce((a, x) => a + x.contribution, e.baseline);
      expect(Math.abs(sum - e.output)).toBeLessThan(1e-9);

      // An independent run of the registered bytes on features from the stored quotes.
      const quotes = (await t.repos.market.recentQuotes('ZMA', 61)).map((q) => ({
        at: q.at,
        price: Number(q.price),
        vol: Number(q.vol),
      }));
      const f = computeFeatures(quotes, { asOf: lastAt, intervalYears: TICK_MS / (365 * 86_400_000) });
      if (!f.ok) throw new Error('features');
      const session = await createSession(trained.onnx);
      const out = await session.run({ x: f32(f.values, [1, f.values.length]) });
      await session.release();
      const proba = Array.from(out.probability?.data as Float32Array);
      const margin = Array.from(out.margin?.data as Float32Array);
      const k = proba.indexOf(Math.max(...proba));
      expect(s.strategy).toBe(SIGNAL_CLASSES[k]);
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
      expect(s.confidence).toBeCloseTo(proba[k] as number, 6);
      expect(Math.abs(e.output - (margin[k] as number))).toBeLessThan(1e-4);
      expect(s.legs).toHaveLength(s.strategy === 'IRON_CONDOR' ? 4 : 2);
      expect(s.rationale).toContain(`${NAME} v3`);
      // One attribution per feature, carrying the value the model saw.
      expect(e.attributions.map((a) => a.feature).sort()).toEqual([...SIGNAL_FEATURE_NAMES].sort());
      for (const a of e.attributions) {
        expect(a.value).toBe(f.values[SIGNAL_FEATURE_NAMES.indexOf(a.feature)]);
      }
    } finally {
      await c.inference.close();
    }
  });

  it('keeps the rule path for a RULE champion (no confidence, no explanation), in the same service', async () => {
    const c = ctx();
    try {
      // v3 is still the champion: this quote's signal exists already (same key, same id).
      const onnx = await generateSignals(c, payload);
      if (!onnx.created) throw new Error(onnx.reason);
      const v1 = (await t.repos.models.versions(NAME)).find((v) => v.version === 1);
      if (!v1) throw new Error('seed has v1');
      await promote(v1.id);
      const r = await generateSignals(c, payload);
      if (!r.created) throw new Error(r.reason);
      const s = await t.repos.signals.get(r.signalId);
      expect(s.model).toMatchObject({ id: v1.id, kind: 'RULE' });
      expect(s.confidence).toBeNull();
      expect(s.explanation).toBeNull();
      expect(r.signalId).not.toBe(onnx.signalId);
      // And back to v3 in the same service: its signal for this quote, not a new one.
      await promote(v3.id);
      const again = await generateSignals(c, payload);
      expect(again).toEqual(onnx);
    } finally {
      await c.inference.close();
    }
  });

  it('proposes nothing without 61 quotes of history', async () => {
    const fresh = await createTestDatabase({ seed: true, now });
    const c = testContext(fresh.repos, { now: () => now });
    try {
      const v = await fresh.repos.models.createOnnxModelVersion({
        name: NAME,
        description: 'signal model',
        onnx: trained.onnx,
        metrics: {},
        hyperparameters: {},
        trainedFrom: trained.trainedFrom,
        trainedTo: trained.trainedTo,
      });
      await fresh.repos.models.promote(SYSTEM_ACTOR, { name: NAME, versionId: v.id, reason: 'test' });
      for (let k = 0; k < 10; k++)
        await fresh.repos.market.insertQuote({
          symbol: 'ZMA',
          at: new Date(T0 + k * TICK_MS),
          price: '100',
          vol: '0.25',
        });
      const r = await generateSignals(c, payload);
      expect(r).toEqual({ created: false, reason: 'insufficient history: 10 of 61 quotes' });
    } finally {
      await c.inference.close();
      await fresh.drop();
    }
  });

  it('refuses (non-retryable) an ONNX champion that is not a signal model', async () => {
    const plain = await t.repos.models.createOnnxModelVersion({
      name: NAME,
      description: 'a GBDT without the signal metadata',
      onnx: exportOnnx(trained.model),
      metrics: {},
      hyperparameters: {},
      trainedFrom: trained.trainedFrom,
      trainedTo: trained.trainedTo,
    });
    await promote(plain.id);
    const c = ctx();
    try {
      const error = await generateSignals(c, payload).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('BAD_INPUT');
      expect((error as AppError).retryable).toBe(false);
    } finally {
      await c.inference.close();
    }
  });
});
