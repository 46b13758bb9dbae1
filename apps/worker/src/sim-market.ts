import type { OptionRight as ContractRight } from '@zomma/contracts';
import type { OptionQuote } from '@zomma/engine/sim';
import { listExpiries, quoteContract as quoteSimContract, syntheticChain } from '@zomma/engine/sim';

/**
 * How the worker quotes the simulated option market around the latest underlying quote.
 * Signals, the simulated broker's fills and position marks all use these, so a fill and a
 * mark taken at the same quote agree with the chain the signal was built from.
 */
export const SIM_MARKET = Object.freeze({
  /** Continuously compounded risk-free rate. */
  rate: 0.04,
  dividendYield: 0,
  /** Weekly expiries listed in the chain. */
  expiries: 10,
  strikesPerSide: 16,
  strikeStep: 2.5,
  /** Shares per contract. */
  multiplier: 100,
});

/** A stored underlying quote as numbers. */
export interface UnderlyingSnapshot {
  symbol: string;
  at: Date;
  price: number;
  /** At-the-money implied vol level (annual decimal). */
  vol: number;
}

export function toSnapshot(quote: {
  symbol: string;
  at: Date;
  price: string;
  vol: string;
}): UnderlyingSnapshot {
  const price = Number(quote.price);
  const vol = Number(quote.vol);
  if (!(price > 0) || !(vol > 0) || !Number.isFinite(price) || !Number.isFinite(vol)) {
    throw new Error(`corrupt underlying quote for ${quote.symbol} at ${quote.at.toISOString()}`);
  }
  return { symbol: quote.symbol, at: quote.at, price, vol };
}

/** The full synthetic chain at a quote. */
export function chainAt(snapshot: UnderlyingSnapshot): OptionQuote[] {
  return syntheticChain({
    symbol: snapshot.symbol,
    spot: snapshot.price,
    vol: snapshot.vol,
    asOf: snapshot.at,
    expiries: listExpiries(snapshot.at, SIM_MARKET.expiries),
    strikesPerSide: SIM_MARKET.strikesPerSide,
    strikeStep: SIM_MARKET.strikeStep,
    rate: SIM_MARKET.rate,
    dividendYield: SIM_MARKET.dividendYield,
  });
}

export function toEngineRight(right: ContractRight): 'call' | 'put' {
  return right === 'CALL' ? 'call' : 'put';
}

/** The simulator's quote for one contract at a snapshot (off-grid strikes too); null once expired. */
export function quoteContract(
  snapshot: UnderlyingSnapshot,
  contract: { right: 'call' | 'put'; strike: number; expiry: Date },
): OptionQuote | null {
  return quoteSimContract(
    {
      symbol: snapshot.symbol,
      spot: snapshot.price,
      vol: snapshot.vol,
      asOf: snapshot.at,
      rate: SIM_MARKET.rate,
      dividendYield: SIM_MARKET.dividendYield,
    },
    contract,
  );
}

/** A finite number as a Decimal(18,6) string ("-0" normalized). */
export function toDecimal6(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const s = value.toFixed(6);
  return /^-0\.0+$/.test(s) ? s.slice(1) : s;
}
