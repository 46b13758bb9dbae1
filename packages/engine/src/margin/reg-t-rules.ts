/**
 * Cboe Margin Manual (Reg-T initial, strategy based) requirements per strategy unit. Per share
 * figures; callers multiply by the contract multiplier. "Gross" = the manual's requirement, in
 * which the proceeds of short options may be applied; the cash needed after applying them is
 * gross − Σ short premiums (for spreads this equals the max loss: debit spreads = net debit,
 * credit spreads = width − credit). Because that difference is the same for every grouping, the
 * pairing that minimises one minimises the other.
 *
 * Implemented (per contract unless stated):
 * - long option: premium paid in full (the manual's 75% loan on long options > 9 months is not used).
 * - naked short call: max(P + a·S − OTM, P + b·S); naked short put: max(P + a·S − OTM, P + b·K),
 *   with a = 20% (equity, narrow index) or 15% (broad-based index), b = 10%, OTM = out-of-the-money
 *   amount (call: max(0, K − S); put: max(0, S − K)).
 * - stock: Reg-T 50% of market value, long or short (short: beyond the sale proceeds).
 * - covered call (short call + 1 multiplier of long stock): no requirement on the call; stock at
 *   50%, its loan value limited to the call strike: S − 50%·min(S, K).
 * - covered put (short put + short stock): short stock at 50%, nothing on the put (approximation:
 *   no strike cap on the short stock's value).
 * - spread (short + long of the same right, long expiring no earlier than the short: vertical,
 *   calendar, diagonal): long paid in full + the strike amount the short can lose beyond the long
 *   (call: max(0, K_long − K_short); put: max(0, K_short − K_long)). A long expiring before the
 *   short does not cover it (the short is naked).
 * - short straddle/strangle (short call + short put): the greater naked requirement + the premium
 *   of the other side.
 * - iron condor/butterfly, butterfly, condor, box (two same-expiry verticals): longs paid in full +
 *   the combined position's max loss at expiry (the Cboe "maximum potential loss" treatment of
 *   these complex spreads), e.g. iron condor = the wider side's width, long butterfly = net debit.
 * - collar / protective put: under Reg-T initial the long put gives no relief, so a collar is a
 *   covered call plus a long put paid in full (FINRA 4210 maintenance relief is not implemented).
 * - cash-secured put: in a margin account it is a naked put; the cash-account deposit (strike ×
 *   multiplier − premium) is not modelled separately.
 * Not modelled: maintenance (vs initial) requirements, the 75% loan on long options > 9 months,
 * per-share naked minimums for low-priced stock, options with non-standard deliverables.
 */
import type { Instrument } from '../portfolio/position.ts';

export type OptionInstrument = Extract<Instrument, { kind: 'option' }>;

export type UnderlyingClass = 'equity' | 'narrowIndex' | 'broadIndex';

export interface RegTRates {
  /** Naked short option: fraction of the underlying (a). */
  nakedPct: number;
  /** Naked minimum: fraction of the underlying (calls) or strike (puts) (b). */
  minimumPct: number;
  /** Reg-T stock requirement, fraction of market value. */
  stockPct: number;
}

export const REG_T_RATES: Readonly<Record<UnderlyingClass, RegTRates>> = {
  equity: { nakedPct: 0.2, minimumPct: 0.1, stockPct: 0.5 },
  narrowIndex: { nakedPct: 0.2, minimumPct: 0.1, stockPct: 0.5 },
  broadIndex: { nakedPct: 0.15, minimumPct: 0.1, stockPct: 0.5 },
};

/** Naked short option requirement per share (gross: includes the premium P). */
export function nakedShortPerShare(o: OptionInstrument, premium: number, spot: number, r: RegTRates): number {
  const otm = o.right === 'call' ? Math.max(0, o.strike - spot) : Math.max(0, spot - o.strike);
  const floor = o.right === 'call' ? r.minimumPct * spot : r.minimumPct * o.strike;
  return Math.max(premium + r.nakedPct * spot - otm, premium + floor);
}

/** Amount per share a short option can lose beyond a long of the same right covering it. */
export function spreadLossPerShare(short: OptionInstrument, long: OptionInstrument): number {
  return short.right === 'call'
    ? Math.max(0, long.strike - short.strike)
    : Math.max(0, short.strike - long.strike);
}

/** A long option covers a short one when same right and multiplier, and it expires no earlier. */
export function covers(long: OptionInstrument, short: OptionInstrument): boolean {
  return (
    long.right === short.right &&
    long.multiplier === short.multiplier &&
    long.expiry.getTime() >= short.expiry.getTime()
  );
}

/** Covered call: long stock with loan value capped at the strike (per share). */
export function coveredCallPerShare(strike: number, spot: number, r: RegTRates): number {
  return spot - (1 - r.stockPct) * Math.min(spot, strike);
}

/** A signed option position at expiry (same expiry assumed), per share of one unit. */
export interface PayoffLeg {
  right: OptionInstrument['right'];
  strike: number;
  /** +1 long, −1 short (per unit). */
  sign: number;
}

function payoffAt(legs: readonly PayoffLeg[], s: number): number {
  let v = 0;
  for (const l of legs) v += l.sign * Math.max(0, l.right === 'call' ? s - l.strike : l.strike - s);
  return v;
}

/**
 * Max loss at expiry per share of the option payoff alone (premiums excluded): −min over S ≥ 0 of
 * the piecewise-linear payoff, found at S = 0 and at the strikes; +∞ when the payoff falls
 * beyond the highest strike (net short calls).
 */
export function maxLossAtExpiry(legs: readonly PayoffLeg[]): number {
  let top = 0;
  for (const l of legs) top = Math.max(top, l.strike);
  if (payoffAt(legs, top + 1) < payoffAt(legs, top) - 1e-12) return Number.POSITIVE_INFINITY;
  let min = payoffAt(legs, 0);
  for (const l of legs) min = Math.min(min, payoffAt(legs, l.strike));
  return Math.max(0, -min);
}
