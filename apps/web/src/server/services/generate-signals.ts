import { enqueueJob, GenerateSignalsJob } from '@zomma/contracts';
import { actorOf, type Context, type SessionUser } from '../context.ts';

/**
 * Asks the worker to run the champion of `modelName` on the latest quote now, and audits the
 * request (`model.generate_requested`). The job id is only known once enqueued, so the event is
 * written right after the enqueue; a failed enqueue writes nothing.
 */
export async function requestSignalGeneration(
  ctx: Pick<Context, 'queue' | 'config' | 'repos'>,
  user: SessionUser,
  modelName: string | undefined,
): Promise<{ jobId: string; modelName: string; symbol: string }> {
  const payload = {
    symbol: ctx.config.signalSymbol,
    modelName: modelName ?? ctx.config.signalModelName,
    requestedBy: user.id,
  };
  const jobId = await enqueueJob((name) => ctx.queue.queueFor(name), GenerateSignalsJob, payload);
  const result = { jobId, modelName: payload.modelName, symbol: payload.symbol };
  await ctx.repos.audit.record(actorOf(user), {
    action: 'model.generate_requested',
    entityType: 'Model',
    entityId: payload.modelName,
    data: result,
  });
  return result;
}
