/**
 * From one expiry's option quotes to a smile of bid/ask implied vols in log-forward-moneyness:
 * the forward and discount factor are inferred from put–call parity on liquid strikes
 * (C − P = D·(F − K)), so no rate or dividend assumption is needed; then each strike's
 * out-of-the-money side (put below the forward, call above) is inverted at bid and at ask.
 * OTM quotes of American options are treated as European (their early-exercise premium is tiny).
 */
import { impliedVol } from '../pricing/implied-vol.ts';
import type { OptionRight } from '../types.ts';
import type { SmileQuote } from './svi-fit.ts';

/** One quoted contract (prices per share; bid 0 = no bid). */
export interface ChainQuote {
  right: OptionRight;
  strike: number;
  bid: number;
  ask: number;
}

export type ForwardEstimate =
  | { ok: true; forward: number; discount: number; rate: number; pairs: number }
  | { ok: false; reason: 'NO_PARITY_PAIRS' };

/** Continuous rates outside this band are not believed from a parity regression (the fit is then redone at the clamped rate). */
export const PARITY_RATE_BAND = { min: -0.02, max: 0.1 } as const;
/** Parity uses at most this many strikes, those nearest the money (smallest |C − P|). */
const PARITY_MAX_PAIRS = 8;

const twoSided = (q: ChainQuote | undefined): q is ChainQuote =>
  q !== undefined && q.bid > 0 && q.ask >= q.bid && Number.isFinite(q.ask);

/**
 * Forward and discount factor of one expiry from put–call parity: weighted regression of mid(C) − mid(P)
 * on K over the (at most 8) two-sided call/put pairs nearest the money, weights 1/(spread_C + spread_P)².
 * The implied rate is clamped to {@link PARITY_RATE_BAND} (then F is the weighted mean of K + (C − P)/D).
 */
export function inferForward(quotes: readonly ChainQuote[], tYears: number): ForwardEstimate {
  if (!(tYears > 0)) throw new RangeError('tYears must be positive');
  const byStrike = new Map<number, { call?: ChainQuote; put?: ChainQuote }>();
  for (const q of quotes) {
    const e = byStrike.get(q.strike) ?? {};
    e[q.right] = q;
    byStrike.set(q.strike, e);
  }
  const pairs: Array<{ k: number; y: number; w: number }> = [];
  for (const [strike, e] of byStrike) {
    if (!twoSided(e.call) || !twoSided(e.put)) continue;
    const y = 0.5 * (e.call.bid + e.call.ask) - 0.5 * (e.put.bid + e.put.ask);
    const spread = Math.max(e.call.ask - e.call.bid + e.put.ask - e.put.bid, 1e-4);
    pairs.push({ k: strike, y, w: 1 / (spread * spread) });
  }
  if (pairs.length === 0) return { ok: false, reason: 'NO_PARITY_PAIRS' };
  pairs.sort((p, q) => Math.abs(p.y) - Math.abs(q.y));
  const used = pairs.slice(0, PARITY_MAX_PAIRS);
  let discount = 1;
  if (used.length >= 2) {
    let sw = 0;
    let sk = 0;
    let sy = 0;
    for (const p of used) {
      sw += p.w;
      sk += p.w * p.k;
      sy += p.w * p.y;
    }
    const kBar = sk / sw;
    const yBar = sy / sw;
    let sxx = 0;
    let sxy = 0;
    for (const p of used) {
      sxx += p.w * (p.k - kBar) * (p.k - kBar);
      sxy += p.w * (p.k - kBar) * (p.y - yBar);
    }
    if (sxx > 0) discount = -sxy / sxx;
  }
  let rate = discount > 0 ? -Math.log(discount) / tYears : Number.NaN;
  if (!(rate >= PARITY_RATE_BAND.min && rate <= PARITY_RATE_BAND.max)) {
    rate = Number.isNaN(rate) ? 0 : Math.min(PARITY_RATE_BAND.max, Math.max(PARITY_RATE_BAND.min, rate));
  }
  discount = Math.exp(-rate * tYears);
  let sw = 0;
  let sf = 0;
  for (const p of used) {
    sw += p.w;
    sf += p.w * (p.k + p.y / discount);
  }
  return { ok: true, forward: sf / sw, discount, rate, pairs: used.length };
}

/** A smile quote with the contract it came from. */
export interface ChainSmileQuote extends SmileQuote {
  strike: number;
  right: OptionRight;
}

/**
 * Bid/ask implied vols of the out-of-the-money side of each strike (put for K < F, call for K ≥ F),
 * priced on the forward (spot = F, dividend yield = rate). Skips crossed quotes, quotes with no ask and
 * quotes whose ask is not invertible; a bid of 0 or one below intrinsic value gives bidVol null.
 */
export function smileFromChain(
  quotes: readonly ChainQuote[],
  tYears: number,
  forward: number,
  rate: number,
): ChainSmileQuote[] {
  const out: ChainSmileQuote[] = [];
  for (const q of quotes) {
    const otm: OptionRight = q.strike < forward ? 'put' : 'call';
    if (q.right !== otm || !(q.ask > 0) || q.bid > q.ask || !(q.strike > 0)) continue;
    const base = { right: q.right, spot: forward, strike: q.strike, tYears, rate, dividendYield: rate };
    const ask = impliedVol({ ...base, price: q.ask });
    if (!ask.ok || !(ask.vol > 0)) continue;
    let bidVol: number | null = null;
    if (q.bid > 0) {
      const bid = impliedVol({ ...base, price: q.bid });
      if (bid.ok && bid.vol > 0) bidVol = bid.vol;
    }
    out.push({ k: Math.log(q.strike / forward), bidVol, askVol: ask.vol, strike: q.strike, right: q.right });
  }
  return out.sort((a, b) => a.k - b.k);
}
