import type { DecimalString } from '@zomma/contracts';
import type { Db } from '../client.ts';
import { decimalString } from '../decimal.ts';

export interface Quote {
  symbol: string;
  at: Date;
  price: DecimalString;
  /** Annualized implied vol level (decimal). */
  vol: DecimalString;
}

const SELECT = { symbol: true, at: true, price: true, vol: true } as const;

function toDto(r: {
  symbol: string;
  at: Date;
  price: { toString(): string };
  vol: { toString(): string };
}): Quote {
  return {
    symbol: r.symbol,
    at: r.at,
    price: decimalString(r.price.toString()),
    vol: decimalString(r.vol.toString()),
  };
}

export function createMarketRepository({ prisma }: Db) {
  return {
    /** Idempotent on (symbol, at): a replayed tick leaves the first one. Returns the stored quote. */
    async insertQuote(q: { symbol: string; at: Date; price: string; vol: string }): Promise<Quote> {
      await prisma.underlyingQuote.createMany({ data: [q], skipDuplicates: true });
      const row = await prisma.underlyingQuote.findUniqueOrThrow({
        where: { symbol_at: { symbol: q.symbol, at: q.at } },
        select: SELECT,
      });
      return toDto(row);
    },

    async latestQuote(symbol: string): Promise<Quote | null> {
      const row = await prisma.underlyingQuote.findFirst({
        where: { symbol },
        orderBy: { at: 'desc' },
        select: SELECT,
      });
      return row ? toDto(row) : null;
    },

    /** Newest first. */
    async recentQuotes(symbol: string, n: number): Promise<Quote[]> {
      const rows = await prisma.underlyingQuote.findMany({
        where: { symbol },
        orderBy: { at: 'desc' },
        take: Math.max(0, Math.floor(n)),
        select: SELECT,
      });
      return rows.map(toDto);
    },
  };
}

export type MarketRepository = ReturnType<typeof createMarketRepository>;
