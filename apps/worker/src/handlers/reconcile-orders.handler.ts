import { ExecuteOrderJob, type JobPayload } from '@zomma/contracts';
import type { HandlerContext } from '../handler-context.ts';

export interface ReconcileResult {
  stale: number;
  enqueued: number;
  retried: number;
  /** Stale orders whose job failed as unrecoverable: not retried, logged, counted in a gauge. */
  needingAttention: number;
}

/**
 * Finds orders stuck before a final status (an enqueue lost after the commit, a job that ran
 * out of attempts, a worker killed mid-execution) and makes sure their execution job runs.
 * The job id derives from the order id, so a job still waiting or running is not doubled. A
 * job that failed as unrecoverable (corrupt broker data, a conflict) is not retried: the order
 * is logged as an error and counted in `zomma_worker_orders_needing_attention`.
 */
export async function reconcileOrders(
  ctx: HandlerContext,
  _payload: JobPayload<'orders.reconcile'>,
): Promise<ReconcileResult> {
  const olderThan = new Date(ctx.now().getTime() - ctx.env.ORDER_STALE_AFTER_MS);
  const ids = await ctx.repos.orders.listStale({ olderThan });
  let enqueued = 0;
  let retried = 0;
  const attention: string[] = [];
  for (const orderId of ids) {
    const action = await ctx.jobs.ensureQueued(ExecuteOrderJob, { orderId });
    if (action === 'enqueued') enqueued += 1;
    if (action === 'retried') retried += 1;
    if (action === 'needs-attention') attention.push(orderId);
  }
  ctx.metrics.setOrdersNeedingAttention(attention.length);
  if (attention.length > 0) {
    ctx.log.error(
      { orderIds: attention },
      'orders stuck on an execution job that failed as unrecoverable; not retried, needs a human',
    );
  }
  if (ids.length > 0) ctx.log.info({ stale: ids.length, enqueued, retried }, 'stale orders reconciled');
  return { stale: ids.length, enqueued, retried, needingAttention: attention.length };
}
