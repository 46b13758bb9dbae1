import { isAppError, Signal, type SignalExplanation } from '@zomma/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, signalDraft, type TestDatabase } from '../testing.ts';

let t: TestDatabase;
let modelId: string;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  modelId = (await t.repos.models.champion('signal-rule')).id;
});
afterAll(() => t.drop());

function explanationFor(output: number): SignalExplanation {
  return {
    model: {
      id: modelId,
      name: 'signal-rule',
      version: 1,
      kind: 'ONNX',
      sha256: 'a'.repeat(64),
    },
    method: 'tree-shap',
    output,
    baseline: 0.25,
    attributions: [
      { feature: 'iv_rank_30d', value: 0.8, contribution: 0.3 },
      { feature: 'rv_yz_20d', value: 0.18, contribution: output - 0.25 - 0.3 },
    ],
  };
}

describe('signals carry the model confidence and explanation', () => {
  it('round-trips confidence and explanation through Postgres, DTO-valid', async () => {
    const explanation = explanationFor(0.62);
    const s = await t.repos.signals.create(signalDraft(modelId, { confidence: 0.62, explanation }));
    expect(Signal.parse(s)).toEqual(s);
    expect(s.confidence).toBe(0.62);
    expect(s.explanation).toEqual(explanation);
    const again = await t.repos.signals.get(s.id);
    expect(again.explanation).toEqual(explanation);
    expect(again.confidence).toBe(0.62);
  });

  it('a signal without them reads back null (rules state none)', async () => {
    const s = await t.repos.signals.create(signalDraft(modelId));
    expect(s.confidence).toBeNull();
    expect(s.explanation).toBeNull();
  });

  it('refuses a confidence outside [0, 1] or a malformed explanation with BAD_INPUT, storing nothing', async () => {
    for (const confidence of [1.5, -0.1, Number.NaN]) {
      const e = await t.repos.signals.create(signalDraft(modelId, { confidence })).catch((x: unknown) => x);
      expect(isAppError(e) && e.code).toBe('BAD_INPUT');
    }
    const bad = { ...explanationFor(0.5), output: Number.POSITIVE_INFINITY };
    const e = await t.repos.signals
      .create(signalDraft(modelId, { explanation: bad }))
      .catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('BAD_INPUT');
  });

  it('the database itself refuses an out-of-range confidence written around the repository', async () => {
    const s = await t.repos.signals.create(signalDraft(modelId));
    await expect(
      t.db.prisma.$executeRawUnsafe(`UPDATE "Signal" SET confidence = 2 WHERE id = '${s.id}'::uuid`),
    ).rejects.toThrow(/Signal_confidence_range/);
  });
});
