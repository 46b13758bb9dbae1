import type { JobPayload } from '@zomma/contracts';
import type { HandlerContext } from '../handler-context.ts';

/** Marks PENDING signals whose expiry passed as EXPIRED; idempotent by nature. */
export async function expireSignals(
  ctx: HandlerContext,
  _payload: JobPayload<'signals.expire'>,
): Promise<{ expired: number }> {
  const expired = await ctx.repos.signals.expireDue(ctx.now());
  if (expired > 0) ctx.log.info({ expired }, 'signals expired');
  return { expired };
}
