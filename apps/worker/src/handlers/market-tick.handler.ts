import { createHash } from 'node:crypto';
import type { JobPayload } from '@zomma/contracts';
import { createRng } from '@zomma/engine/rng';
import { stepUnderlying } from '@zomma/engine/sim';
import type { HandlerContext, JobMeta } from '../handler-context.ts';
import { toDecimal6, toSnapshot } from '../sim-market.ts';

/** Where a symbol with no stored quote starts. */
export const SIM_START = Object.freeze({ price: 100, vol: 0.25 });
/** A step never covers more than this many tick intervals (a worker down for a day does not jump a day). */
export const MAX_STEP_INTERVALS = 30;
const MS_PER_YEAR = 365 * 86_400_000;

/** The tick's slot: the job's scheduled time (creation + delay) truncated to the tick interval. */
export function tickTime(meta: Pick<JobMeta, 'timestamp' | 'delay'>, intervalMs: number): Date {
  const scheduled = meta.timestamp + meta.delay;
  return new Date(Math.floor(scheduled / intervalMs) * intervalMs);
}

/** A 32-bit seed from the simulator seed, symbol and slot: a retried tick draws the same numbers. */
export function tickSeed(simSeed: number, symbol: string, at: Date): number {
  return createHash('sha256').update(`${simSeed}:${symbol}:${at.getTime()}`).digest().readUInt32BE(0);
}

export type MarketTickResult = { written: boolean; at: string; price: string; vol: string };

/**
 * Advances the simulated underlying from the latest stored quote to this tick's slot and
 * stores the new quote. Idempotent: the slot is derived from the job, not the clock, so a
 * retry (or a second tick in the same slot) finds its quote stored and writes nothing.
 */
export async function marketTick(
  ctx: HandlerContext,
  payload: JobPayload<'market.tick'>,
  meta: JobMeta,
): Promise<MarketTickResult> {
  const interval = ctx.env.TICK_INTERVAL_MS;
  const at = tickTime(meta, interval);
  const last = await ctx.repos.market.latestQuote(payload.symbol);
  if (last && last.at.getTime() >= at.getTime()) {
    return { written: false, at: last.at.toISOString(), price: last.price, vol: last.vol };
  }
  const state = last ? toSnapshot(last) : { ...SIM_START };
  const elapsedMs = last ? at.getTime() - last.at.getTime() : interval;
  const dtYears = Math.min(elapsedMs, MAX_STEP_INTERVALS * interval) / MS_PER_YEAR;
  const next = stepUnderlying(
    { price: state.price, vol: state.vol },
    dtYears,
    createRng(tickSeed(ctx.env.SIM_SEED, payload.symbol, at)),
  );
  const stored = await ctx.repos.market.insertQuote({
    symbol: payload.symbol,
    at,
    price: toDecimal6(next.price),
    vol: toDecimal6(next.vol),
  });
  ctx.log.debug(
    { symbol: stored.symbol, at: stored.at, price: stored.price, vol: stored.vol },
    'tick stored',
  );
  return { written: true, at: stored.at.toISOString(), price: stored.price, vol: stored.vol };
}
