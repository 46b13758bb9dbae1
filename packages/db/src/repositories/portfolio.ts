import type { OrderStatus, PortfolioRisk } from '@zomma/contracts';
import type { Db, Tx } from '../client.ts';
import { Decimal } from '../decimal.ts';

/**
 * Orders the broker may still fill: their exposure is not in the position book yet. A FILLED
 * order's fills were booked into positions in the same transaction that made it FILLED, so it
 * counts through positions only.
 */
export const IN_FLIGHT_ORDER_STATUSES = [
  'NEW',
  'SUBMITTING',
  'ACCEPTED',
] as const satisfies readonly OrderStatus[];

type Sum = Decimal | string | number | null;

interface Row {
  delta: Sum;
  unrealized: Sum;
  realized: Sum;
  positions: number;
  pending: Sum;
  openOrders: number;
}

const toNumber = (v: Sum): number => new Decimal(v ?? 0).toNumber();

/**
 * Aggregate of the book: delta and unrealized P&L of open positions at their last marks
 * (unmarked positions count 0), realized P&L of every row (flat rows keep theirs); and the
 * orders in flight: their count and pending delta = Σ signal delta per unit × order quantity.
 *
 * One statement, so one snapshot: an order filling concurrently is seen either as in flight
 * or through its positions, never in both and never in neither.
 */
export async function portfolioRisk(client: Tx | Db['prisma']): Promise<PortfolioRisk> {
  const statuses: string[] = [...IN_FLIGHT_ORDER_STATUSES];
  const rows = await client.$queryRaw<Row[]>`
    SELECT
      (SELECT SUM(delta) FROM "Position" WHERE quantity <> 0) AS delta,
      (SELECT SUM("unrealizedPnl") FROM "Position" WHERE quantity <> 0) AS unrealized,
      (SELECT SUM("realizedPnl") FROM "Position") AS realized,
      (SELECT COUNT(*) FROM "Position" WHERE quantity <> 0)::int AS positions,
      (SELECT SUM(s.delta * o.quantity) FROM "Order" o JOIN "Signal" s ON s.id = o."signalId"
        WHERE o.status::text = ANY(${statuses})) AS pending,
      (SELECT COUNT(*) FROM "Order" WHERE status::text = ANY(${statuses}))::int AS "openOrders"`;
  const r = rows[0];
  if (!r) throw new Error('portfolioRisk: aggregate query returned no row');
  return {
    delta: toNumber(r.delta),
    pendingDelta: toNumber(r.pending),
    openOrders: r.openOrders,
    positions: r.positions,
    unrealizedPnl: toNumber(r.unrealized),
    realizedPnl: toNumber(r.realized),
  };
}
