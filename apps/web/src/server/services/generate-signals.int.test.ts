/**
 * models.generateNow audits before it enqueues: a job never runs unaudited. Both failure
 * orders against the real Postgres and Redis: the audit insert fails (a database that does
 * not exist) → nothing enqueued; the enqueue fails (a queue client whose Redis connection is
 * closed) → QUEUE_UNAVAILABLE, and the audit event stays as the record of the attempt.
 */
import { randomUUID } from 'node:crypto';
import { AppError, GenerateSignalsJob } from '@zomma/contracts';
import { createDb, createRepositories } from '@zomma/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueClient } from '../queue.ts';
import { expectTrpcError } from '../testing/expect-error.ts';
import { createWebHarness, type WebHarness } from '../testing/web-harness.ts';
import { requestSignalGeneration } from './generate-signals.ts';

let h: WebHarness;
beforeAll(async () => {
  h = await createWebHarness();
});
afterAll(async () => {
  await h?.close();
});

async function auditedJobIds(): Promise<string[]> {
  const events = await h.repos.audit.list({ action: 'model.generate_requested', limit: 100 });
  return events.map((e) => String((e.data as { jobId?: unknown }).jobId));
}

describe('requestSignalGeneration', () => {
  it('derives the job id from a fresh requestId, audits it, then enqueues exactly that job', async () => {
    const result = await h.caller('ADMIN').models.generateNow({});
    const [event] = await h.repos.audit.list({ action: 'model.generate_requested', limit: 1 });
    const data = event?.data as { jobId: string; requestId: string };
    expect(data.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.jobId).toBe(`signals.generate--${data.requestId}`);
    expect(result.jobId).toBe(data.jobId);
    const job = await h.inspect('signals').getJob(result.jobId);
    expect(job?.data).toMatchObject({ requestId: data.requestId, requestedBy: h.users.ADMIN.id });
    // Two requests are two jobs (no accidental dedupe by model and symbol).
    const second = await h.caller('ADMIN').models.generateNow({});
    expect(second.jobId).not.toBe(result.jobId);
  });

  it('audit insert fails → the call fails and nothing is enqueued', async () => {
    const broken = createDb({
      url: 'postgresql://127.0.0.1:5432/zomma_web_no_such_database_5150',
      poolMax: 1,
    });
    try {
      const requestId = randomUUID();
      const jobId = GenerateSignalsJob.jobId({
        symbol: 'ZMA',
        modelName: 'test-model',
        requestedBy: null,
        requestId,
      });
      const jobsBefore = await h.inspect('signals').count();
      const ctx = { ...h.context('ADMIN'), repos: createRepositories(broken) };
      await expect(requestSignalGeneration(ctx, h.users.ADMIN, undefined, requestId)).rejects.toThrow();
      expect(await h.inspect('signals').getJob(jobId)).toBeUndefined();
      expect(await h.inspect('signals').count()).toBe(jobsBefore);
      // Through the procedure too: an error, and still no new job.
      await expect(
        h.caller('ADMIN', { repos: createRepositories(broken) }).models.generateNow({}),
      ).rejects.toThrow();
      expect(await h.inspect('signals').count()).toBe(jobsBefore);
    } finally {
      await broken.close();
    }
  });

  it('enqueue fails → QUEUE_UNAVAILABLE, and the audit event stands as the record of the attempt', async () => {
    const dead = createQueueClient({ redisUrl: h.redisUrl, prefix: h.prefix });
    await dead.close();
    const jobsBefore = await h.inspect('signals').count();
    const auditBefore = await h.prisma.auditEvent.count();

    const requestId = randomUUID();
    const error = await requestSignalGeneration(
      { ...h.context('ADMIN'), queue: dead },
      h.users.ADMIN,
      undefined,
      requestId,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('QUEUE_UNAVAILABLE');
    const jobId = `signals.generate--${requestId}`;
    expect(await auditedJobIds()).toContain(jobId);
    expect(await h.inspect('signals').getJob(jobId)).toBeUndefined();

    // Over the procedure: SERVICE_UNAVAILABLE (retryable), one audit event, no job.
    const trpcError = await expectTrpcError(
      h.caller('ADMIN', { queue: dead }).models.generateNow({}),
      'SERVICE_UNAVAILABLE',
    );
    expect((trpcError.cause as AppError).code).toBe('QUEUE_UNAVAILABLE');
    expect(await h.prisma.auditEvent.count()).toBe(auditBefore + 2);
    expect(await h.inspect('signals').count()).toBe(jobsBefore);
    expect((await h.repos.audit.verify()).intact).toBe(true);
  });
});
