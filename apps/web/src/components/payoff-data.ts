import type { SignalLeg, SignalView } from '@zomma/contracts';
import { breakevens, type Leg, payoffAtExpiry, pnlAtExpiry } from '@zomma/engine/strategy';

export interface PayoffCurve {
  /** Underlying price when the signal was made. */
  spot: number;
  /** P&L at expiry of the whole trade in dollars (per-share P&L × multiplier × quantity). */
  points: { spot: number; pnl: number }[];
  breakevens: number[];
}

const SAMPLES = 80;
/** How far beyond the outer strikes / spot the chart reaches. */
const MARGIN = 0.12;

export function toEngineLeg(leg: SignalLeg): Leg {
  return {
    symbol: leg.symbol,
    right: leg.right === 'CALL' ? 'call' : 'put',
    strike: Number(leg.strike),
    expiry: leg.expiry,
    side: leg.side === 'BUY' ? 'buy' : 'sell',
    ratio: leg.ratio,
    bid: Number(leg.bid),
    ask: Number(leg.ask),
    mid: Number(leg.mid),
    iv: Number(leg.iv),
    delta: Number(leg.delta),
  };
}

function singleExpiry(legs: readonly Leg[]): boolean {
  return new Set(legs.map((l) => l.expiry.getTime())).size === 1;
}

/**
 * The payoff-at-expiry curve of a signal at mid prices (the engine's analytics), sampled on a
 * grid that includes every strike exactly, so the piecewise-linear kinks are drawn sharp.
 */
export function payoffCurve(signal: SignalView): PayoffCurve {
  const spot = Number(signal.underlyingPrice);
  const legs = signal.legs.map(toEngineLeg);
  const scale = signal.multiplier * signal.quantity;
  if (legs.length === 0) return { spot, points: [], breakevens: [] };
  const strikes = legs.map((l) => l.strike);
  const lo = Math.max(0, Math.min(spot, ...strikes) * (1 - MARGIN));
  const hi = Math.max(spot, ...strikes) * (1 + MARGIN);
  const xs = new Set<number>(strikes);
  for (let i = 0; i <= SAMPLES; i++) xs.add(lo + ((hi - lo) * i) / SAMPLES);
  const single = singleExpiry(legs);
  const points = [...xs]
    .sort((a, b) => a - b)
    .map((s) => ({ spot: s, pnl: (single ? pnlAtExpiry(legs, s) : payoffAtExpiry(legs, s)) * scale }));
  return { spot, points, breakevens: single ? breakevens(legs) : [] };
}
