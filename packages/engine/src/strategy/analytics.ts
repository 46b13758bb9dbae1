/**
 * Per-share analytics of legs sharing one expiry. The P&L at expiry is piecewise linear in the
 * underlying with kinks only at strikes, so extremes and breakevens are found exactly from its
 * values at 0 and at each strike plus the slope beyond the highest strike.
 * Per share = per one strategy unit and one share of the multiplier; callers scale by
 * multiplier × quantity.
 */
import { type Leg, sideSign } from './leg.ts';

export type PriceOf = (leg: Leg) => number;
const midOf: PriceOf = (leg) => leg.mid;

/** Net premium per share: positive = debit paid, negative = credit received. */
export function netDebitPerShare(legs: readonly Leg[], priceOf: PriceOf = midOf): number {
  return legs.reduce((acc, leg) => acc + sideSign(leg.side) * leg.ratio * priceOf(leg), 0);
}

/** Value of the legs at expiry for an underlying price `spot` (no premium). */
export function payoffAtExpiry(legs: readonly Leg[], spot: number): number {
  return legs.reduce((acc, leg) => {
    const intrinsic = leg.right === 'call' ? Math.max(spot - leg.strike, 0) : Math.max(leg.strike - spot, 0);
    return acc + sideSign(leg.side) * leg.ratio * intrinsic;
  }, 0);
}

/** Profit or loss at expiry: payoff minus the net debit paid. */
export function pnlAtExpiry(legs: readonly Leg[], spot: number, priceOf: PriceOf = midOf): number {
  return payoffAtExpiry(legs, spot) - netDebitPerShare(legs, priceOf);
}

/** d(payoff)/d(spot) for spot above every strike: the net number of long calls. */
function slopeAbove(legs: readonly Leg[]): number {
  return legs.reduce((acc, leg) => acc + (leg.right === 'call' ? sideSign(leg.side) * leg.ratio : 0), 0);
}

/** 0 and the distinct strikes, ascending. */
function knots(legs: readonly Leg[]): number[] {
  return [0, ...new Set(legs.map((l) => l.strike))].sort((a, b) => a - b);
}

export interface ProfitLoss {
  /** Largest P&L at expiry, or 'unlimited' when it grows without bound as spot → ∞. */
  maxProfit: number | 'unlimited';
  /**
   * Largest loss as a positive number (−min P&L), or 'unlimited'. Negative only for a position
   * that profits in every state (an arbitrage).
   */
  maxLoss: number | 'unlimited';
}

/** Exact maximum profit and loss at expiry. */
export function maxProfitLoss(legs: readonly Leg[], priceOf: PriceOf = midOf): ProfitLoss {
  assertSingleExpiry(legs);
  const values = knots(legs).map((s) => pnlAtExpiry(legs, s, priceOf));
  const slope = slopeAbove(legs);
  const max = Math.max(...values);
  const min = Math.min(...values);
  return {
    maxProfit: slope > 0 ? 'unlimited' : max,
    maxLoss: slope < 0 ? 'unlimited' : -min,
  };
}

/**
 * All spots where the P&L at expiry crosses or touches zero, ascending (exact linear roots; a segment
 * lying on zero contributes its end points).
 */
export function breakevens(legs: readonly Leg[], priceOf: PriceOf = midOf): number[] {
  assertSingleExpiry(legs);
  const xs = knots(legs);
  const ys = xs.map((s) => pnlAtExpiry(legs, s, priceOf));
  const roots: number[] = [];
  const push = (x: number) => {
    roots.push(x);
  };
  const slope = slopeAbove(legs);
  for (let i = 0; i < xs.length; i++) {
    const x0 = xs[i] ?? 0;
    const y0 = ys[i] ?? 0;
    if (y0 === 0) push(x0);
    const x1 = xs[i + 1];
    const y1 = ys[i + 1];
    if (x1 !== undefined && y1 !== undefined) {
      if (y0 * y1 < 0) push(x0 + (-y0 * (x1 - x0)) / (y1 - y0));
    } else if (y0 * slope < 0) {
      // Beyond the last strike: y = y0 + slope·(x − x0) crosses zero.
      push(x0 - y0 / slope);
    }
  }
  return roots;
}

/** Net delta per share (Σ sign·ratio·delta of each leg). */
export function strategyDelta(legs: readonly Leg[]): number {
  return legs.reduce((acc, leg) => acc + sideSign(leg.side) * leg.ratio * leg.delta, 0);
}

function assertSingleExpiry(legs: readonly Leg[]): void {
  if (legs.length === 0) throw new RangeError('a strategy needs at least one leg');
  const t = legs[0]?.expiry.getTime();
  if (legs.some((l) => l.expiry.getTime() !== t))
    throw new RangeError('expiry analytics need legs of one expiry');
}
