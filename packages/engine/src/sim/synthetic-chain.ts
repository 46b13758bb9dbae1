/**
 * A synthetic option chain around a spot: strikes on a grid, a linear skew in log-moneyness
 * (implied vol rises for low strikes), mid = Black–Scholes price at that vol, and a bid/ask spread
 * that widens with distance from the money and with vol, on penny ticks (nickels above 3.00).
 */
import { greeksEuropean } from '../pricing/greeks.ts';
import type { OptionQuote, OptionRight } from '../types.ts';
import { yearsToExpiry } from './expiries.ts';
import { occSymbol } from './occ-symbol.ts';

export interface SyntheticChainInput {
  /** OCC root, e.g. ZMA. */
  symbol: string;
  spot: number;
  /** At-the-money implied vol (annual decimal). */
  vol: number;
  asOf: Date;
  /** Expiry dates (00:00 UTC), e.g. from listExpiries; expired ones are skipped. */
  expiries: readonly Date[];
  strikesPerSide: number;
  strikeStep: number;
  rate: number;
  dividendYield: number;
}

export interface ChainShape {
  /** iv = vol·(1 − skew·ln(K/F)), clamped to [MIN_IV_RATIO, MAX_IV_RATIO]·vol. */
  skew: number;
  /** Full spread at the money as a fraction of spot × iv (see `quoteSpread`). */
  spreadBase: number;
  /** Extra spread per unit of |ln(K/F)| (relative to the ATM spread). */
  spreadMoneyness: number;
  /** Minimum full spread in dollars. */
  minSpread: number;
}

export const DEFAULT_CHAIN_SHAPE: Readonly<ChainShape> = Object.freeze({
  skew: 0.8,
  spreadBase: 0.002,
  spreadMoneyness: 5,
  minSpread: 0.02,
});

const MIN_IV_RATIO = 0.5;
const MAX_IV_RATIO = 3;
/** Quotes at or above this price tick in 0.05, below it in 0.01. */
export const NICKEL_TICK_ABOVE = 3;

/** Skewed implied vol for a strike at forward `forward`. */
export function skewedVol(atmVol: number, strike: number, forward: number, skew: number): number {
  const ratio = 1 - skew * Math.log(strike / forward);
  return atmVol * Math.min(MAX_IV_RATIO, Math.max(MIN_IV_RATIO, ratio));
}

/** Full bid/ask width in dollars before tick rounding. */
export function quoteSpread(spot: number, iv: number, logMoneyness: number, shape: ChainShape): number {
  return (
    shape.minSpread + spot * iv * shape.spreadBase * (1 + shape.spreadMoneyness * Math.abs(logMoneyness))
  );
}

function tickCents(price: number): number {
  return price >= NICKEL_TICK_ABOVE ? 5 : 1;
}

/** Bid and ask in whole ticks around `mid`: bid rounds down (≥ 0), ask rounds up (≥ one tick). */
export function roundQuote(mid: number, width: number): { bid: number; ask: number } {
  const rawBid = mid - width / 2;
  const rawAsk = mid + width / 2;
  const bidTick = tickCents(rawBid);
  const askTick = tickCents(rawAsk);
  const bidCents = Math.max(0, Math.floor((rawBid * 100) / bidTick + 1e-9) * bidTick);
  const askCents = Math.max(askTick, Math.ceil((rawAsk * 100) / askTick - 1e-9) * askTick);
  return { bid: bidCents / 100, ask: askCents / 100 };
}

/**
 * Quotes for every (expiry, strike, right): strikes are the grid point nearest spot ± i·strikeStep
 * (i = 0..strikesPerSide, positive only), sorted by expiry, strike, then call before put.
 */
export function syntheticChain(
  input: SyntheticChainInput,
  shape: ChainShape = DEFAULT_CHAIN_SHAPE,
): OptionQuote[] {
  const { spot, vol, strikeStep, strikesPerSide } = input;
  if (
    !(spot > 0) ||
    !(vol > 0) ||
    !(strikeStep > 0) ||
    !Number.isInteger(strikesPerSide) ||
    strikesPerSide < 0
  ) {
    throw new RangeError('invalid chain input');
  }
  const atm = Math.round(spot / strikeStep) * strikeStep;
  const strikes: number[] = [];
  for (let i = -strikesPerSide; i <= strikesPerSide; i++) {
    // Round to 1/1000 so that grid arithmetic (e.g. 0.1 steps) yields clean OCC strikes.
    const k = Math.round((atm + i * strikeStep) * 1000) / 1000;
    if (k > 0) strikes.push(k);
  }
  const quotes: OptionQuote[] = [];
  const expiries = [...input.expiries].sort((a, b) => a.getTime() - b.getTime());
  for (const expiry of expiries) {
    for (const strike of strikes) {
      for (const right of ['call', 'put'] as const satisfies readonly OptionRight[]) {
        const quote = quoteContract(input, { right, strike, expiry }, shape);
        if (quote !== null) quotes.push(quote); // null: expired, no quotes at this expiry
      }
    }
  }
  return quotes;
}

/**
 * The simulator's quote for one contract (on or off the strike grid): iv from the skew at the
 * forward, mid = Black–Scholes at that iv, bid/ask from the spread rule on ticks. Null once the
 * contract has expired.
 */
export function quoteContract(
  market: Pick<SyntheticChainInput, 'symbol' | 'spot' | 'vol' | 'asOf' | 'rate' | 'dividendYield'>,
  contract: { right: OptionRight; strike: number; expiry: Date },
  shape: ChainShape = DEFAULT_CHAIN_SHAPE,
): OptionQuote | null {
  const { spot, rate, dividendYield } = market;
  const { right, strike, expiry } = contract;
  const tYears = yearsToExpiry(market.asOf, expiry);
  if (tYears <= 0) return null;
  const forward = spot * Math.exp((rate - dividendYield) * tYears);
  const logMoneyness = Math.log(strike / forward);
  const iv = skewedVol(market.vol, strike, forward, shape.skew);
  const g = greeksEuropean({ right, spot, strike, tYears, rate, dividendYield, vol: iv });
  const { bid, ask } = roundQuote(g.price, quoteSpread(spot, iv, logMoneyness, shape));
  return {
    symbol: occSymbol(market.symbol, expiry, right, strike),
    right,
    strike,
    expiry,
    tYears,
    iv,
    bid,
    ask,
    mid: g.price,
    delta: g.delta,
  };
}
