import { randomUUID } from 'node:crypto';
import { enqueueJob, GenerateSignalsJob } from '@zomma/contracts';
import { actorOf, type Context, type SessionUser } from '../context.ts';

/**
 * Asks the worker to run the champion of `modelName` on the latest quote now.
 *
 * Audit first, then enqueue: the request gets a fresh `requestId`, from which the job id
 * (`signals.generate--<requestId>`) is known before anything is written. The audit event
 * `model.generate_requested` (jobId, requestId, model, symbol) is recorded first; only then
 * is the job enqueued. So a job never runs unaudited:
 * - the audit insert fails → nothing is enqueued, the call fails;
 * - the enqueue fails → the call fails with QUEUE_UNAVAILABLE and the audit event stays as the
 *   record of the attempt (its jobId names a job that does not exist; the caller may retry,
 *   which is a new request with a new requestId).
 */
export async function requestSignalGeneration(
  ctx: Pick<Context, 'queue' | 'config' | 'repos'>,
  user: SessionUser,
  modelName: string | undefined,
  requestId: string = randomUUID(),
): Promise<{ jobId: string; modelName: string; symbol: string }> {
  // Validates the payload (INVALID_JOB_PAYLOAD) before anything is written.
  const payload = GenerateSignalsJob.parse({
    symbol: ctx.config.signalSymbol,
    modelName: modelName ?? ctx.config.signalModelName,
    requestedBy: user.id,
    requestId,
  });
  const jobId = GenerateSignalsJob.jobId(payload);
  const result = { jobId, modelName: payload.modelName, symbol: payload.symbol };
  await ctx.repos.audit.record(actorOf(user), {
    action: 'model.generate_requested',
    entityType: 'Model',
    entityId: payload.modelName,
    data: { ...result, requestId },
  });
  await enqueueJob((name) => ctx.queue.queueFor(name), GenerateSignalsJob, payload);
  return result;
}
