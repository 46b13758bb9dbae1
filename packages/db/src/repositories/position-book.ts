import type { Tx } from '../client.ts';
import { Decimal, round6 } from '../decimal.ts';
import { applyFill, unrealizedPnl } from '../position-math.ts';
import type { BookFill, OrderWithLegs } from './orders-repository.ts';

/**
 * Moves the net positions touched by `fills`. Rows are created flat if missing (ON CONFLICT
 * DO NOTHING, so concurrent orders on one contract do not collide), locked in symbol order,
 * then updated. A position that goes flat keeps its row (quantity 0, avg 0) and its
 * realized P&L; reopening it resets openedAt.
 *
 * Delta is set at booking, so a filled order's exposure moves from the orders in flight to
 * the book in the same transaction and is never counted nowhere: delta = per-contract delta ×
 * new signed quantity, where the per-contract delta is the last mark's (position delta ÷ its
 * quantity) when the position has one, else the signal leg's (option delta × multiplier).
 * Unrealized P&L is recomputed at the last mark price when there is one (none for a position
 * opened from flat until its first mark).
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
  const legDeltas = await signalLegDeltas(tx, order);
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
    const legDelta = legDeltas.get(row.symbol);
    if (legDelta === undefined) throw new Error(`moveBook: no signal leg delta for ${row.symbol}`);
    await tx.position.update({
      where: { symbol: row.symbol },
      data: {
        quantity: state.quantity,
        avgPrice: state.avgPrice,
        realizedPnl: state.realizedPnl,
        ...remark(row, state, legDelta),
        ...(row.quantity === 0 && state.quantity !== 0 ? { openedAt: now } : {}),
      },
    });
  }
}

/** Option delta (per share, per contract before the multiplier) of the order's signal legs, by symbol. */
async function signalLegDeltas(tx: Tx, order: OrderWithLegs): Promise<Map<string, Decimal>> {
  const signalLegs = await tx.signalLeg.findMany({
    where: { signalId: order.signalId },
    select: { idx: true, delta: true },
  });
  const byIdx = new Map(signalLegs.map((l) => [l.idx, l.delta]));
  const bySymbol = new Map<string, Decimal>();
  for (const leg of order.legs) {
    const delta = byIdx.get(leg.idx);
    if (delta !== undefined) bySymbol.set(leg.symbol, delta);
  }
  return bySymbol;
}

function remark(
  row: { quantity: number; multiplier: number; markPrice: Decimal | null; delta: Decimal | null },
  next: { quantity: number; avgPrice: Decimal },
  legDelta: Decimal,
): { unrealizedPnl: Decimal | null; delta: Decimal } {
  if (next.quantity === 0) return { unrealizedPnl: new Decimal(0), delta: new Decimal(0) };
  const perContract =
    row.quantity !== 0 && row.delta !== null
      ? row.delta.dividedBy(row.quantity)
      : legDelta.times(row.multiplier);
  return {
    unrealizedPnl:
      row.quantity === 0 || row.markPrice === null
        ? null
        : unrealizedPnl(next, row.markPrice, row.multiplier),
    delta: round6(perContract.times(next.quantity)),
  };
}
