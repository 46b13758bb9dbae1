import { enqueueJob, GenerateSignalsJob } from '@zomma/contracts';
import type { Context, SessionUser } from '../context.ts';

/** Asks the worker to run the champion of `modelName` on the latest quote now. */
export async function requestSignalGeneration(
  ctx: Pick<Context, 'queue' | 'config'>,
  user: SessionUser,
  modelName: string | undefined,
): Promise<{ jobId: string; modelName: string; symbol: string }> {
  const payload = {
    symbol: ctx.config.signalSymbol,
    modelName: modelName ?? ctx.config.signalModelName,
    requestedBy: user.id,
  };
  const jobId = await enqueueJob((name) => ctx.queue.queueFor(name), GenerateSignalsJob, payload);
  return { jobId, modelName: payload.modelName, symbol: payload.symbol };
}
