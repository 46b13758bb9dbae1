import type { JobPayload, Position } from '@zomma/contracts';
import type { HandlerContext } from '../handler-context.ts';
import {
  quoteContract,
  toDecimal6,
  toEngineRight,
  toSnapshot,
  type UnderlyingSnapshot,
} from '../sim-market.ts';

export interface PositionMarkDraft {
  symbol: string;
  /** Per share. */
  markPrice: string;
  /**
   * Share-equivalent delta of one long contract (option delta × multiplier); the repository
   * multiplies it by the position's quantity under its row lock.
   */
  deltaPerContract: number;
}

/**
 * Marks one position at a quote: Black–Scholes at the simulator's skewed vol for its strike
 * and expiry (the same number the chain shows as mid); an expired contract is worth its
 * intrinsic value and has no delta.
 */
export function markPosition(position: Position, snapshot: UnderlyingSnapshot): PositionMarkDraft {
  const right = toEngineRight(position.right);
  const strike = Number(position.strike);
  const q = quoteContract(snapshot, { right, strike, expiry: position.expiry });
  if (!q) {
    const intrinsic =
      right === 'call' ? Math.max(snapshot.price - strike, 0) : Math.max(strike - snapshot.price, 0);
    return { symbol: position.symbol, markPrice: toDecimal6(intrinsic), deltaPerContract: 0 };
  }
  return {
    symbol: position.symbol,
    markPrice: toDecimal6(q.mid),
    deltaPerContract: q.delta * position.multiplier,
  };
}

/** Reprices every open position at the latest quote of its underlying. */
export async function markPositions(
  ctx: HandlerContext,
  _payload: JobPayload<'positions.mark'>,
): Promise<{ marked: number; skipped: string[] }> {
  const positions = await ctx.repos.positions.list();
  const byUnderlying = new Map<string, Position[]>();
  for (const p of positions) byUnderlying.set(p.underlying, [...(byUnderlying.get(p.underlying) ?? []), p]);

  let marked = 0;
  const skipped: string[] = [];
  for (const [underlying, group] of byUnderlying) {
    const quote = await ctx.repos.market.latestQuote(underlying);
    if (!quote) {
      skipped.push(underlying);
      ctx.log.warn({ underlying }, 'no quote to mark positions at');
      continue;
    }
    const snapshot = toSnapshot(quote);
    marked += await ctx.repos.positions.applyMarks(
      group.map((p) => markPosition(p, snapshot)),
      quote.at,
    );
  }
  return { marked, skipped };
}
