import type { PortfolioRisk } from '@zomma/contracts';
import type { Db, Tx } from '../client.ts';
import { Decimal } from '../decimal.ts';

/**
 * Aggregate of the position book: delta and unrealized P&L of open positions at their last
 * marks (unmarked positions count 0), realized P&L of every row (flat rows keep theirs).
 */
export async function portfolioRisk(client: Tx | Db['prisma']): Promise<PortfolioRisk> {
  const rows = await client.position.findMany({
    select: { quantity: true, delta: true, unrealizedPnl: true, realizedPnl: true },
  });
  let delta = new Decimal(0);
  let unrealized = new Decimal(0);
  let realized = new Decimal(0);
  let positions = 0;
  for (const r of rows) {
    realized = realized.plus(r.realizedPnl);
    if (r.quantity === 0) continue;
    positions += 1;
    if (r.delta) delta = delta.plus(r.delta);
    if (r.unrealizedPnl) unrealized = unrealized.plus(r.unrealizedPnl);
  }
  return {
    delta: delta.toNumber(),
    positions,
    unrealizedPnl: unrealized.toNumber(),
    realizedPnl: realized.toNumber(),
  };
}
