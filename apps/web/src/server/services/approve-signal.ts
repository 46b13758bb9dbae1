import { type ApproveSignalOutput, ExecuteOrderJob, enqueueJob } from '@zomma/contracts';
import { actorOf, type Context, type SessionUser } from '../context.ts';
import { evaluateSignal } from './risk-evaluation.ts';

/**
 * Approves a pending signal: the repository re-runs the pre-trade check inside its transaction
 * and records the order; only AFTER the commit is the execution job enqueued. If the enqueue
 * fails the order stays NEW and the worker's reconcile job picks it up, so the approval stands.
 * The web app never talks to the broker itself.
 */
export async function approveSignal(
  ctx: Pick<Context, 'repos' | 'queue' | 'now' | 'log' | 'config'>,
  user: SessionUser,
  signalId: string,
): Promise<ApproveSignalOutput> {
  const result = await ctx.repos.signals.approve({
    signalId,
    actor: actorOf(user),
    now: ctx.now(),
    broker: ctx.config.brokerName,
    evaluate: evaluateSignal,
  });
  try {
    await enqueueJob((name) => ctx.queue.queueFor(name), ExecuteOrderJob, { orderId: result.order.id });
  } catch (err) {
    ctx.log.warn(
      { err, signalId, orderId: result.order.id },
      'approved, but could not enqueue the execution job; the reconcile job will pick the order up',
    );
  }
  return {
    signalId: result.signal.id,
    orderId: result.order.id,
    clientOrderId: result.order.clientOrderId,
    verdict: result.verdict,
  };
}
