import type { OptionQuote, OptionRight } from '../types.ts';

export type LegSide = 'buy' | 'sell';

/** One leg of a multi-leg strategy; prices per share, `ratio` contracts per strategy unit. */
export interface Leg {
  symbol: string;
  right: OptionRight;
  strike: number;
  /** Expiry date at 00:00 UTC. */
  expiry: Date;
  side: LegSide;
  /** Positive integer number of contracts per strategy unit. */
  ratio: number;
  bid: number;
  ask: number;
  mid: number;
  iv: number;
  delta: number;
}

/** +1 for a long leg, −1 for a short one. */
export function sideSign(side: LegSide): 1 | -1 {
  return side === 'buy' ? 1 : -1;
}

/** A leg trading `ratio` contracts of a quoted option. */
export function legFromQuote(quote: OptionQuote, side: LegSide, ratio = 1): Leg {
  if (!Number.isInteger(ratio) || ratio <= 0) throw new RangeError('ratio must be a positive integer');
  return {
    symbol: quote.symbol,
    right: quote.right,
    strike: quote.strike,
    expiry: quote.expiry,
    side,
    ratio,
    bid: quote.bid,
    ask: quote.ask,
    mid: quote.mid,
    iv: quote.iv,
    delta: quote.delta,
  };
}
