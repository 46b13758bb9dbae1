import type { PortfolioRisk, Position } from '@zomma/contracts';
import { type Db, inTransaction } from '../client.ts';
import { Decimal, decimalString, decimalStringOrNull, round6 } from '../decimal.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { unrealizedPnl } from '../position-math.ts';
import { portfolioRisk } from './portfolio.ts';

const SELECT = {
  id: true,
  symbol: true,
  underlying: true,
  right: true,
  strike: true,
  expiry: true,
  multiplier: true,
  quantity: true,
  avgPrice: true,
  realizedPnl: true,
  markPrice: true,
  unrealizedPnl: true,
  delta: true,
  markedAt: true,
  openedAt: true,
} as const satisfies Prisma.PositionSelect;

type Row = Prisma.PositionGetPayload<{ select: typeof SELECT }>;

function toDto(r: Row): Position {
  return {
    ...r,
    strike: decimalString(r.strike),
    avgPrice: decimalString(r.avgPrice),
    realizedPnl: decimalString(r.realizedPnl),
    markPrice: decimalStringOrNull(r.markPrice),
    unrealizedPnl: decimalStringOrNull(r.unrealizedPnl),
    delta: decimalStringOrNull(r.delta),
  };
}

export interface PositionMark {
  symbol: string;
  /** Per share. */
  markPrice: string;
  /**
   * Share-equivalent delta of ONE long contract: option delta × multiplier (e.g. −0.30 × 100 =
   * −30 for a put). applyMarks multiplies it by the position's signed quantity as read under
   * the row lock, so a fill booked between the caller's read and the mark cannot leave the
   * delta of a stale quantity.
   */
  deltaPerContract: number;
}

export function createPositionsRepository(db: Db) {
  const { prisma } = db;
  return {
    /** Open positions (quantity ≠ 0), by underlying, expiry, symbol. Flat rows are kept but not listed. */
    async list(): Promise<Position[]> {
      const rows = await prisma.position.findMany({
        where: { quantity: { not: 0 } },
        orderBy: [{ underlying: 'asc' }, { expiry: 'asc' }, { symbol: 'asc' }],
        select: SELECT,
      });
      return rows.map(toDto);
    },

    portfolio: (): Promise<PortfolioRisk> => portfolioRisk(prisma),

    /**
     * Marks open positions: mark price, unrealized P&L and delta = deltaPerContract × the locked
     * row's quantity. Symbols with no open position are skipped. Returns how many were marked.
     */
    async applyMarks(marks: PositionMark[], at: Date): Promise<number> {
      if (marks.length === 0) return 0;
      return inTransaction(prisma, async (tx) => {
        const symbols = marks.map((m) => m.symbol);
        await tx.$queryRaw`SELECT id FROM "Position" WHERE symbol = ANY(${symbols}) ORDER BY symbol FOR UPDATE`;
        const rows = await tx.position.findMany({
          where: { symbol: { in: symbols }, quantity: { not: 0 } },
          select: { symbol: true, quantity: true, avgPrice: true, multiplier: true },
        });
        const bySymbol = new Map(rows.map((r) => [r.symbol, r]));
        let marked = 0;
        for (const m of marks) {
          const row = bySymbol.get(m.symbol);
          if (!row) continue;
          if (!Number.isFinite(m.deltaPerContract)) {
            throw new Error(`applyMarks: non-finite delta for ${m.symbol}`);
          }
          const mark = new Decimal(m.markPrice);
          await tx.position.update({
            where: { symbol: m.symbol },
            data: {
              markPrice: round6(mark),
              unrealizedPnl: unrealizedPnl(row, mark, row.multiplier),
              delta: round6(new Decimal(m.deltaPerContract).times(row.quantity)),
              markedAt: at,
            },
          });
          marked += 1;
        }
        return marked;
      });
    },
  };
}

export type PositionsRepository = ReturnType<typeof createPositionsRepository>;
