import { ExecuteOrderJob, type JobPayload } from '@zomma/contracts';
import type { HandlerContext } from '../handler-context.ts';

/**
 * Finds orders stuck before FILLED/REJECTED (an enqueue lost after the commit, a job that
 * failed for good, a worker killed mid-execution) and makes sure their execution job runs.
 * The job id derives from the order id, so a job still waiting or running is not doubled.
 */
export async function reconcileOrders(
  ctx: HandlerContext,
  _payload: JobPayload<'orders.reconcile'>,
): Promise<{ stale: number; enqueued: number; retried: number }> {
  const olderThan = new Date(ctx.now().getTime() - ctx.env.ORDER_STALE_AFTER_MS);
  const ids = await ctx.repos.orders.listStale({ olderThan });
  let enqueued = 0;
  let retried = 0;
  for (const orderId of ids) {
    const action = await ctx.jobs.ensureQueued(ExecuteOrderJob, { orderId });
    if (action === 'enqueued') enqueued += 1;
    if (action === 'retried') retried += 1;
  }
  if (ids.length > 0) ctx.log.info({ stale: ids.length, enqueued, retried }, 'stale orders reconciled');
  return { stale: ids.length, enqueued, retried };
}
