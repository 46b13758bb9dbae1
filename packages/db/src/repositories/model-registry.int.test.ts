import { createHash, randomBytes } from 'node:crypto';
import type { AuditActor } from '@zomma/contracts';
// Not yet re-exported from @zomma/contracts' index (see the ML runtime report): imported by path
// so the repository's DTOs are checked against the published schema now.
import { ModelVersionDetail } from '@zomma/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.ts';
import type { CreateOnnxModelVersionInput } from './models-repository.ts';

let t: TestDatabase;
let admin: AuditActor;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  const a = await t.repos.users.findForSignIn('admin@zomma.dev');
  if (!a) throw new Error('seed lacks users');
  admin = { id: a.id, email: a.email, role: a.role };
});
afterAll(() => t.drop());

const FROM = new Date('2026-01-02T14:30:00.123Z');
const TO = new Date('2026-06-30T20:00:00.000Z');

function card(
  name: string,
  overrides: Partial<CreateOnnxModelVersionInput> = {},
): CreateOnnxModelVersionInput {
  return {
    name,
    description: 'test model',
    onnx: new Uint8Array(randomBytes(257)),
    metrics: { mse: 0.0125, hitRate: 0.55 },
    hyperparameters: { lr: 0.001, layers: [16, 8] },
    trainedFrom: FROM,
    trainedTo: TO,
    ...overrides,
  };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('createOnnxModelVersion / versions / version', () => {
  it('stores bytes, card and window; sha256 is the bytes’ digest; versions are newest first', async () => {
    const c1 = card('reg-a');
    const v1 = await t.repos.models.createOnnxModelVersion(c1);
    const v2 = await t.repos.models.createOnnxModelVersion(
      card('reg-a', { parentId: v1.id, metrics: { mse: 0.01 } }),
    );
    expect(ModelVersionDetail.parse(v1)).toEqual(v1);
    expect(v1).toMatchObject({
      name: 'reg-a',
      version: 1,
      kind: 'ONNX',
      metrics: { mse: 0.0125, hitRate: 0.55 },
      hyperparameters: { lr: 0.001, layers: [16, 8] },
      parentId: null,
      trainedFrom: FROM,
      trainedTo: TO,
      aliases: [],
    });
    expect(v1.sha256).toBe(sha(c1.onnx));
    expect(v2).toMatchObject({ version: 2, parentId: v1.id });

    const listed = await t.repos.models.versions('reg-a');
    expect(listed.map((v) => [v.version, v.metrics])).toEqual([
      [2, { mse: 0.01 }],
      [1, { mse: 0.0125, hitRate: 0.55 }],
    ]);
    for (const v of listed) expect(ModelVersionDetail.parse(v)).toEqual(v);
    expect(await t.repos.models.versions('no-such-model')).toEqual([]);
    expect(await t.repos.models.version(v1.id)).toEqual(v1);
    await expect(t.repos.models.version('not-a-uuid')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('RULE versions made by createVersion keep a null window', async () => {
    const [rule] = await t.repos.models.versions('signal-rule');
    expect(rule).toMatchObject({ kind: 'RULE', trainedFrom: null, trainedTo: null });
  });

  it('refuses empty bytes, non-finite metrics, a reversed or half window, an unknown parent', async () => {
    const bad: [Partial<CreateOnnxModelVersionInput>, string][] = [
      [{ onnx: new Uint8Array(0) }, 'BAD_INPUT'],
      [{ metrics: { mse: Number.NaN } }, 'BAD_INPUT'],
      [{ metrics: { mse: Number.POSITIVE_INFINITY } }, 'BAD_INPUT'],
      [{ trainedFrom: TO, trainedTo: FROM }, 'BAD_INPUT'],
      [{ trainedFrom: new Date(Number.NaN) }, 'BAD_INPUT'],
      [{ parentId: '00000000-0000-4000-8000-000000000000' }, 'MODEL_NOT_FOUND'],
    ];
    for (const [overrides, code] of bad) {
      await expect(t.repos.models.createOnnxModelVersion(card('reg-bad', overrides))).rejects.toMatchObject({
        code,
      });
    }
    await expect(
      t.repos.models.createVersion({
        name: 'reg-bad',
        kind: 'RULE',
        description: 'half a window',
        metrics: {},
        hyperparameters: {},
        trainedFrom: FROM,
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await t.repos.models.versions('reg-bad')).toEqual([]);
  });

  it('the migration’s CHECK refuses a reversed window written around the repository', async () => {
    const v = await t.repos.models.createOnnxModelVersion(card('reg-check'));
    await expect(
      t.db.prisma.modelVersion.update({
        where: { id: v.id },
        data: { trainedFrom: new Date(TO.getTime() + 1) },
      }),
    ).rejects.toThrow(/ModelVersion_training_window_check/);
    await expect(
      t.db.prisma.modelVersion.update({ where: { id: v.id }, data: { trainedTo: null } }),
    ).rejects.toThrow(/ModelVersion_training_window_check/);
  });
});

describe('onnxArtifact', () => {
  it('returns the stored bytes verified; corrupt bytes are CORRUPT_DATA naming both digests', async () => {
    const c = card('reg-art');
    const v = await t.repos.models.createOnnxModelVersion(c);
    const art = await t.repos.models.onnxArtifact(v.id);
    expect(art).toMatchObject({ id: v.id, name: 'reg-art', version: 1, sha256: sha(c.onnx) });
    expect(Buffer.from(art.onnx).equals(Buffer.from(c.onnx))).toBe(true);

    // Flip one bit of the stored bytes behind the repository's back.
    const flipped = new Uint8Array(c.onnx);
    flipped[100] = (flipped[100] ?? 0) ^ 1;
    await t.db.prisma.modelVersion.update({ where: { id: v.id }, data: { onnx: flipped } });
    const err = await t.repos.models.onnxArtifact(v.id).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'CORRUPT_DATA',
      details: { id: v.id, expected: sha(c.onnx), actual: sha(flipped) },
    });

    await t.db.prisma.modelVersion.update({ where: { id: v.id }, data: { onnx: null } });
    await expect(t.repos.models.onnxArtifact(v.id)).rejects.toMatchObject({ code: 'CORRUPT_DATA' });
  });

  it('a RULE version or an unknown id is MODEL_NOT_FOUND', async () => {
    const rule = await t.repos.models.champion('signal-rule');
    await expect(t.repos.models.onnxArtifact(rule.id)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(t.repos.models.onnxArtifact('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
    await expect(t.repos.models.onnxArtifact('x')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});

describe('lineage', () => {
  it('follows parents child first, across names', async () => {
    const root = await t.repos.models.createOnnxModelVersion(card('reg-lin-base'));
    const a = await t.repos.models.createOnnxModelVersion(card('reg-lin', { parentId: root.id }));
    const b = await t.repos.models.createOnnxModelVersion(card('reg-lin', { parentId: a.id }));
    const c = await t.repos.models.createOnnxModelVersion(card('reg-lin', { parentId: b.id }));
    expect((await t.repos.models.lineage(c.id)).map((v) => v.id)).toEqual([c.id, b.id, a.id, root.id]);
    expect((await t.repos.models.lineage(root.id)).map((v) => v.id)).toEqual([root.id]);
    await expect(t.repos.models.lineage('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
  });
});

describe('championRefs', () => {
  it('one lookup for many names; follows promotions; names without a champion are absent', async () => {
    const v1 = await t.repos.models.createOnnxModelVersion(card('reg-champ'));
    const v2 = await t.repos.models.createOnnxModelVersion(card('reg-champ'));
    expect(await t.repos.models.championRefs(['reg-champ'])).toEqual(new Map());
    await t.repos.models.promote(admin, { name: 'reg-champ', versionId: v1.id, reason: 'first' });
    const seeded = await t.repos.models.champion('signal-rule');
    let refs = await t.repos.models.championRefs(['reg-champ', 'signal-rule', 'none']);
    expect(refs).toEqual(
      new Map([
        ['reg-champ', { versionId: v1.id, version: 1 }],
        ['signal-rule', { versionId: seeded.id, version: seeded.version }],
      ]),
    );
    await t.repos.models.promote(admin, { name: 'reg-champ', versionId: v2.id, reason: 'better' });
    refs = await t.repos.models.championRefs(['reg-champ']);
    expect(refs.get('reg-champ')).toEqual({ versionId: v2.id, version: 2 });
    expect(await t.repos.models.championRefs([])).toEqual(new Map());
  });
});
