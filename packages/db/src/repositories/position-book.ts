import type { Tx } from '../client.ts';
import { Decimal, round6 } from '../decimal.ts';
import { applyFill, unrealizedPnl } from '../position-math.ts';
import type { BookFill, OrderWithLegs } from './orders-repository.ts';

/**
 * Moves the net positions touched by `fills`. Rows are created flat if missing (ON CONFLICT
 * DO NOTHING, so concurrent orders on one contract do not collide), locked in symbol order,
 * then updated. A position that goes flat keeps its row (quantity 0, avg 0) and its
 * realized P&L; reopening it resets openedAt. Until the next mark, the last mark is carried:
 * unrealized P&L recomputed at the last mark price, delta scaled by the quantity change
 * (delta per contract unchanged); a position opened from flat has none.
 */
export async function moveBook(tx: Tx, order: OrderWithLegs, fills: BookFill[], now: Date): Promise<void> {
  const legs = new Map(order.legs.map((l) => [l.id, l]));
  const symbols = [...new Set(fills.map((f) => legs.get(f.orderLegId)?.symbol ?? ''))].sort();
  await tx.position.createMany({
    skipDuplicates: true,
    data: symbols.map((symbol) => {
      const leg = order.legs.find((l) => l.symbol === symbol);
      if (!leg) throw new Error(`moveBook: no leg for ${symbol}`);
      return {
        symbol,
        underlying: order.underlying,
        right: leg.right,
        strike: leg.strike,
        expiry: leg.expiry,
        multiplier: order.multiplier,
        quantity: 0,
        avgPrice: '0',
        openedAt: now,
      };
    }),
  });
  await tx.$queryRaw`SELECT id FROM "Position" WHERE symbol = ANY(${symbols}) ORDER BY symbol FOR UPDATE`;
  const rows = await tx.position.findMany({
    where: { symbol: { in: symbols } },
    select: {
      symbol: true,
      quantity: true,
      avgPrice: true,
      realizedPnl: true,
      multiplier: true,
      markPrice: true,
      delta: true,
    },
  });
  const ordered = [...fills].sort((a, b) => a.filledAt.getTime() - b.filledAt.getTime());
  for (const row of rows) {
    let state = { quantity: row.quantity, avgPrice: row.avgPrice, realizedPnl: row.realizedPnl };
    for (const f of ordered) {
      if (legs.get(f.orderLegId)?.symbol !== row.symbol) continue;
      state = applyFill(
        state,
        { side: f.side, quantity: f.quantity, price: new Decimal(f.price) },
        row.multiplier,
      );
    }
    await tx.position.update({
      where: { symbol: row.symbol },
      data: {
        quantity: state.quantity,
        avgPrice: state.avgPrice,
        realizedPnl: state.realizedPnl,
        ...remark(row, state),
        ...(row.quantity === 0 && state.quantity !== 0 ? { openedAt: now } : {}),
      },
    });
  }
}

function remark(
  row: { quantity: number; multiplier: number; markPrice: Decimal | null; delta: Decimal | null },
  next: { quantity: number; avgPrice: Decimal },
): { unrealizedPnl: Decimal | null; delta: Decimal | null } {
  if (row.quantity === 0 || next.quantity === 0 || row.markPrice === null) {
    return {
      unrealizedPnl: next.quantity === 0 ? new Decimal(0) : null,
      delta: next.quantity === 0 ? new Decimal(0) : null,
    };
  }
  return {
    unrealizedPnl: unrealizedPnl(next, row.markPrice, row.multiplier),
    delta: row.delta === null ? null : round6(row.delta.times(next.quantity).dividedBy(row.quantity)),
  };
}
