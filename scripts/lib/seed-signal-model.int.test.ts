import { createHash } from 'node:crypto';
import { DEMO_MODEL_NAME } from '@zomma/db';
import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { readSignalArtifact, trainSignalModel } from '@zomma/ml/signal-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNAL_MODEL_SEED, seedSignalModel } from './seed-signal-model.ts';

describe('seedSignalModel', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('registers v3 (ONNX, parent v2, no alias) once; the rules keep their aliases', async () => {
    const first = await seedSignalModel(t.db);
    expect(first.created).toBe(true);
    if (first.created) console.log(`signal model trained at seed time in ${first.trainMs.toFixed(0)} ms`);
    expect(await seedSignalModel(t.db)).toEqual({ created: false, reason: 'exists' });

    const versions = await t.repos.models.versions(DEMO_MODEL_NAME);
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    const [v3, v2, v1] = versions;
    expect(v3?.kind).toBe('ONNX');
    expect(v3?.parentId).toBe(v2?.id);
    expect(v3?.aliases).toEqual([]);
    expect(v1?.aliases).toEqual(['champion']);
    expect(v2?.aliases).toEqual(['challenger']);
    expect(v3?.trainedFrom).toBeInstanceOf(Date);
    expect(v3?.metrics.accuracy).toBeGreaterThan(v3?.metrics.baselineAccuracy ?? 1);

    // The stored bytes are the seeded training's, and they are a readable signal model.
    const artifact = await t.repos.models.onnxArtifact(v3?.id ?? '');
    const again = trainSignalModel({ seed: SIGNAL_MODEL_SEED });
    expect(artifact.sha256).toBe(createHash('sha256').update(again.onnx).digest('hex'));
    expect(readSignalArtifact(artifact.onnx).ok).toBe(true);
  });

  it('does nothing without the seeded v2 to descend from', async () => {
    const empty = await createTestDatabase();
    try {
      expect(await seedSignalModel(empty.db)).toEqual({ created: false, reason: 'no parent' });
      expect(await empty.repos.models.versions(DEMO_MODEL_NAME)).toEqual([]);
    } finally {
      await empty.drop();
    }
  });
});
