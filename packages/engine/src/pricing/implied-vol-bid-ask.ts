/**
 * Implied vols of a two-sided quote: bid, ask and mid solved separately, so a missing or
 * sub-intrinsic bid fails on its own side only.
 */
import type { VanillaInputs } from '../types.ts';
import { type ImpliedVolResult, impliedVol } from './implied-vol.ts';

export type BidAskInputs = Omit<VanillaInputs, 'vol'> & { bid: number; ask: number };
/**
 * One side's result: an implied-vol result, or NO_BID / NO_ASK (a quote ≤ 0: nothing shown) or
 * CROSSED (mid only, when bid > ask).
 */
export type QuoteVolResult = ImpliedVolResult | { ok: false; reason: 'NO_BID' | 'NO_ASK' | 'CROSSED' };
export interface BidAskVols {
  bid: QuoteVolResult;
  ask: QuoteVolResult;
  /** From (bid + ask)/2; needs both sides shown and not crossed. */
  mid: QuoteVolResult;
}

/** Implied vols from bid, ask and mid. Throws RangeError on non-finite quotes or invalid inputs. */
export function impliedVolBidAsk(q: BidAskInputs): BidAskVols {
  if (!Number.isFinite(q.bid) || !Number.isFinite(q.ask)) throw new RangeError('bid and ask must be finite');
  const base = {
    right: q.right,
    spot: q.spot,
    strike: q.strike,
    tYears: q.tYears,
    rate: q.rate,
    dividendYield: q.dividendYield,
  };
  const bid: QuoteVolResult =
    q.bid > 0 ? impliedVol({ ...base, price: q.bid }) : { ok: false, reason: 'NO_BID' };
  const ask: QuoteVolResult =
    q.ask > 0 ? impliedVol({ ...base, price: q.ask }) : { ok: false, reason: 'NO_ASK' };
  let mid: QuoteVolResult;
  if (!(q.bid > 0)) mid = { ok: false, reason: 'NO_BID' };
  else if (!(q.ask > 0)) mid = { ok: false, reason: 'NO_ASK' };
  else if (q.bid > q.ask) mid = { ok: false, reason: 'CROSSED' };
  else mid = impliedVol({ ...base, price: 0.5 * (q.bid + q.ask) });
  return { bid, ask, mid };
}
