import { createHash, randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '@zomma/db';
import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { createInferenceService, type InferenceService, type ModelSource } from './inference-service.ts';
import { createSession } from './ml.ts';
import type { Prediction } from './model-slot.ts';
import { affineModel, affineReference, featureRows, recorded, type SessionLog } from './test-models.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const open: InferenceService[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const versionOf = (p: Prediction) => Math.round((p.output[0] ?? 0) / 1000);

async function publish(name: string, onnx: Uint8Array) {
  return t.repos.models.createOnnxModelVersion({
    name,
    description: 'affine test model',
    onnx,
    metrics: {},
    hyperparameters: {},
    trainedFrom: new Date('2026-01-01T00:00:00Z'),
    trainedTo: new Date('2026-02-01T00:00:00Z'),
  });
}
const promote = (name: string, versionId: string) =>
  t.repos.models.promote(SYSTEM_ACTOR, { name, versionId, reason: 'test' });

/** A service over the test database; artifact reads and ORT sessions are recorded (not replaced). */
function harness(
  opts: {
    pollIntervalMs?: number;
    batchWindowMs?: number;
    /** Awaited before a session is created / after it is created (to hold a load midway). */
    gate?: (bytes: Uint8Array) => Promise<void>;
    gateAfterCreate?: (bytes: Uint8Array) => Promise<void>;
  } = {},
) {
  const artifactReads: string[] = [];
  const sessions = new Map<string, SessionLog>(); // by sha256 of the bytes
  const models: ModelSource = {
    championRefs: (names) => t.repos.models.championRefs(names),
    onnxArtifact: (id) => {
      artifactReads.push(id);
      return t.repos.models.onnxArtifact(id);
    },
  };
  const registry = new Registry();
  const service = createInferenceService({
    models,
    log: createLogger('silent'),
    registry,
    pollIntervalMs: opts.pollIntervalMs ?? 0,
    batchWindowMs: opts.batchWindowMs ?? 0,
    loadSession: async (bytes) => {
      await opts.gate?.(bytes);
      const session = await createSession(bytes);
      await opts.gateAfterCreate?.(bytes);
      const log: SessionLog = { events: [], runs: 0 };
      sessions.set(sha(bytes), log);
      return recorded(session, log);
    },
  });
  open.push(service);
  const metric = async (name: string, labels: Record<string, string>) => {
    const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
    const hit = values.find((v) =>
      Object.entries(labels).every(([k, val]) => (v.labels as Record<string, unknown>)[k] === val),
    );
    return hit?.value;
  };
  return { service, artifactReads, sessions, metric };
}

describe('loading and predicting', () => {
  it('loads the champion once for concurrent first calls; answers cite version and sha256', async () => {
    const v1 = await publish('svc-load', affineModel(1));
    await publish('svc-load', affineModel(2));
    await promote('svc-load', v1.id);
    const { service, artifactReads, metric } = harness();
    const rows = featureRows(10, 5);
    const answers = await Promise.all(rows.map((x) => service.predict('svc-load', x)));
    expect(artifactReads).toEqual([v1.id]);
    answers.forEach((a, i) => {
      expect(a.model).toEqual({ id: v1.id, name: 'svc-load', version: 1, kind: 'ONNX', sha256: v1.sha256 });
      expect(Math.abs((a.output[0] ?? 0) - affineReference(1, rows[i] ?? []))).toBeLessThan(1e-3);
    });
    expect(await metric('zomma_worker_inference_model_version', { name: 'svc-load' })).toBe(1);
    expect(service.status()).toEqual([
      { name: 'svc-load', serving: answers[0]?.model, championVersionId: v1.id, lastError: null },
    ]);
  });

  it('no champion → MODEL_NOT_FOUND (retried on the next call); bad features → BAD_INPUT', async () => {
    const { service } = harness();
    await expect(service.predict('svc-none', [1, 2, 3, 4])).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
    expect(service.status()).toEqual([]); // an unknown name is not kept for polling
    const v1 = await publish('svc-none', affineModel(1));
    await promote('svc-none', v1.id);
    expect(versionOf(await service.predict('svc-none', [1, 2, 3, 4]))).toBe(1);
    await expect(service.predict('svc-none', [1, 2, 3])).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(service.predict('svc-none', [1, 2, 3, Number.POSITIVE_INFINITY])).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });

  it('100 concurrent predicts → one ORT run; answers equal one-at-a-time predicts', async () => {
    const v = await publish('svc-burst', affineModel(6));
    await promote('svc-burst', v.id);
    const { service, sessions } = harness();
    const rows = featureRows(100, 42);
    const batched = await Promise.all(rows.map((x) => service.predict('svc-burst', x)));
    const log = sessions.get(v.sha256);
    expect(log?.events).toEqual(['run:100']);
    for (const [i, x] of rows.entries()) {
      const single = await service.predict('svc-burst', x); // alone: a batch of one
      expect(batched[i]?.output[0]).toBeCloseTo(single.output[0] ?? Number.NaN, 3);
      expect(Math.abs((single.output[0] ?? 0) - affineReference(6, x))).toBeLessThan(3e-3);
    }
    expect(log?.runs).toBe(101);
  });
});

describe('hot swap', () => {
  it('alias moved during a burst: every request succeeds, earlier ones on v1, later ones on v2', async () => {
    const name = 'svc-swap';
    const v1 = await publish(name, affineModel(1));
    const v2 = await publish(name, affineModel(2));
    await promote(name, v1.id);
    // v2's session, once created, waits at a gate so the test can queue requests on v1 right
    // before the switch; from the gate to the switch is microtasks only (no ORT run between).
    let openGate: () => void = () => {};
    let reachedGate: () => void = () => {};
    const gate = new Promise<void>((r) => {
      openGate = r;
    });
    const atGate = new Promise<void>((r) => {
      reachedGate = r;
    });
    const { service, sessions, metric } = harness({
      batchWindowMs: 2,
      gateAfterCreate: async (bytes) => {
        if (sha(bytes) !== v2.sha256) return;
        reachedGate();
        await gate;
      },
    });
    await service.predict(name, [0, 0, 0, 0]);

    let clock = 0;
    type Issued = { x: number[]; answer: Promise<Prediction>; resolvedAt?: number };
    const issued: Issued[] = [];
    const rows = featureRows(5000, 99);
    const issue = (): Issued => {
      const x = rows[issued.length] ?? [];
      const entry: Issued = { x, answer: service.predict(name, x) };
      entry.answer.then(() => {
        entry.resolvedAt = ++clock;
      });
      issued.push(entry);
      return entry;
    };
    let stop = false;
    const producer = (async () => {
      while (!stop && issued.length < rows.length) {
        issue();
        await new Promise((r) => setImmediate(r));
      }
    })();
    const turns = async (until: () => boolean) => {
      while (!until()) await new Promise((r) => setImmediate(r));
    };

    await turns(() => issued.length >= 20);
    await promote(name, v2.id);
    const swapping = service.refresh([name]);
    await atGate;
    const straddlers = [issue(), issue(), issue()]; // queued on v1, not yet run
    openGate();
    expect(await swapping).toEqual([{ name, status: 'swapped', versionId: v2.id }]);
    expect(straddlers.map((e) => e.resolvedAt)).toEqual([undefined, undefined, undefined]);
    const issuedBeforeSwap = issued.length;
    await turns(() => issued.length >= issuedBeforeSwap + 50);
    stop = true;
    await producer;

    const settled = await Promise.allSettled(issued.map((e) => e.answer));
    expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
    const answers = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const versions = answers.map(versionOf);
    // One switch point in issue order: everything issued before the switch on v1, after it on v2.
    expect(versions.slice(0, issuedBeforeSwap)).toEqual(Array(issuedBeforeSwap).fill(1));
    expect(versions.slice(issuedBeforeSwap)).toEqual(Array(issued.length - issuedBeforeSwap).fill(2));
    answers.forEach((a, i) => {
      expect(a.model.version).toBe(versions[i]);
      const reference = affineReference(versions[i] ?? 0, issued[i]?.x ?? []);
      expect(Math.abs((a.output[0] ?? 0) - reference)).toBeLessThan(3e-3);
    });
    // The requests queued on v1 at the switch completed on v1 after it, and v1's session was
    // released once, after its last run.
    for (const e of straddlers) expect(versionOf(await e.answer)).toBe(1);
    const v1Log = sessions.get(v1.sha256);
    await vi.waitFor(() => expect(v1Log?.events.at(-1)).toBe('release'));
    expect(v1Log?.events.filter((e) => e === 'release')).toHaveLength(1);
    expect(await metric('zomma_worker_inference_model_version', { name })).toBe(2);
    expect(await metric('zomma_worker_inference_swaps_total', { name })).toBe(1);
  });

  it('a corrupt or unloadable champion does not replace a working one; a good one later does', async () => {
    const name = 'svc-corrupt';
    const v1 = await publish(name, affineModel(1));
    const goodBytes = affineModel(2);
    const v2 = await publish(name, goodBytes);
    await promote(name, v1.id);
    const { service, artifactReads, sessions, metric } = harness();
    expect(versionOf(await service.predict(name, [1, 1, 1, 1]))).toBe(1);

    // v2's stored bytes lose a bit behind the registry's back: its sha256 no longer matches.
    const flipped = new Uint8Array(goodBytes);
    flipped[20] = (flipped[20] ?? 0) ^ 0x10;
    await t.db.prisma.modelVersion.update({ where: { id: v2.id }, data: { onnx: flipped } });
    await promote(name, v2.id);
    const [failed] = await service.refresh();
    expect(failed).toMatchObject({
      name,
      status: 'failed',
      versionId: v2.id,
      error: { code: 'CORRUPT_DATA' },
    });
    expect(versionOf(await service.predict(name, [1, 1, 1, 1]))).toBe(1);
    expect(service.status()[0]).toMatchObject({
      serving: { id: v1.id },
      championVersionId: v2.id,
      lastError: { code: 'CORRUPT_DATA' },
    });
    expect(await metric('zomma_worker_inference_load_failures_total', { name, code: 'CORRUPT_DATA' })).toBe(
      1,
    );
    // It cannot heal: a second refresh does not read the artifact again.
    const reads = artifactReads.length;
    expect((await service.refresh())[0]?.status).toBe('failed');
    expect(artifactReads.length).toBe(reads);

    // v3: intact bytes (sha256 matches) that are not an ONNX model.
    const v3 = await publish(name, new Uint8Array(randomBytes(300)));
    await promote(name, v3.id);
    expect((await service.refresh())[0]).toMatchObject({ status: 'failed', error: { code: 'BAD_INPUT' } });
    expect(versionOf(await service.predict(name, [1, 1, 1, 1]))).toBe(1);

    const v4 = await publish(name, affineModel(4));
    await promote(name, v4.id);
    expect((await service.refresh())[0]).toMatchObject({ status: 'swapped', versionId: v4.id });
    expect(versionOf(await service.predict(name, [1, 1, 1, 1]))).toBe(4);
    expect(service.status()[0]?.lastError).toBeNull();
    await vi.waitFor(() => expect(sessions.get(v1.sha256)?.events.at(-1)).toBe('release'));
  });

  it('polling notices a promotion without refresh()', async () => {
    const name = 'svc-poll';
    const v1 = await publish(name, affineModel(1));
    const v2 = await publish(name, affineModel(2));
    await promote(name, v1.id);
    const { service } = harness({ pollIntervalMs: 20 });
    expect(versionOf(await service.predict(name, [0, 1, 0, 1]))).toBe(1);
    await promote(name, v2.id);
    await vi.waitFor(async () => expect(versionOf(await service.predict(name, [0, 1, 0, 1]))).toBe(2), {
      timeout: 5000,
      interval: 10,
    });
  });

  it('a version loaded after the alias moved on again is dropped, not served', async () => {
    const name = 'svc-race';
    const v1 = await publish(name, affineModel(1));
    const v2bytes = affineModel(2);
    const v2 = await publish(name, v2bytes);
    await promote(name, v1.id);
    let open2: () => void = () => {};
    let reached2: () => void = () => {};
    const gate2 = new Promise<void>((r) => {
      open2 = r;
    });
    const atGate = new Promise<void>((r) => {
      reached2 = r;
    });
    const { service, sessions } = harness({
      gate: async (bytes) => {
        if (sha(bytes) !== v2.sha256) return;
        reached2();
        await gate2;
      },
    });
    expect(versionOf(await service.predict(name, [1, 0, 0, 0]))).toBe(1);

    await promote(name, v2.id);
    const slow = service.refresh(); // starts loading v2, held at the gate
    await atGate;
    await t.repos.models.rollback(SYSTEM_ACTOR, { name, reason: 'changed our mind' });
    expect(await service.refresh()).toEqual([{ name, status: 'unchanged', versionId: v1.id }]);
    open2();
    expect(await slow).toEqual([{ name, status: 'superseded', versionId: v2.id }]);
    expect(versionOf(await service.predict(name, [1, 0, 0, 0]))).toBe(1);
    expect(sessions.get(v2.sha256)?.events).toEqual(['release']);
  });
});

describe('close', () => {
  it('lets queued requests finish, releases every session, then refuses work', async () => {
    const v = await publish('svc-close', affineModel(3));
    await promote('svc-close', v.id);
    const { service, sessions } = harness({ batchWindowMs: 20 });
    await service.predict('svc-close', [0, 0, 0, 0]);
    const queued = featureRows(5).map((x) => service.predict('svc-close', x));
    await service.close();
    expect((await Promise.all(queued)).map(versionOf)).toEqual([3, 3, 3, 3, 3]);
    expect(sessions.get(v.sha256)?.events).toEqual(['run:1', 'run:5', 'release']);
    await expect(service.predict('svc-close', [0, 0, 0, 0])).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await service.refresh()).toEqual([]);
  });
});
