import { Decimal, round6 } from './decimal.ts';

/** Net position in one contract: signed contracts, average open price per share, realized $. */
export interface PositionState {
  quantity: number;
  avgPrice: Decimal;
  realizedPnl: Decimal;
}

export interface FillInput {
  side: 'BUY' | 'SELL';
  /** Contracts, positive. */
  quantity: number;
  /** Per share. */
  price: Decimal;
}

export const FLAT: PositionState = { quantity: 0, avgPrice: new Decimal(0), realizedPnl: new Decimal(0) };

/**
 * Applies one fill to a net position (average-cost method):
 * - opening or adding: the average price becomes the quantity-weighted mean (rounded to 6 dp);
 * - reducing: realized P&L += (price − avg) × closed × multiplier for a long (avg − price for
 *   a short); the average of what remains is unchanged;
 * - flipping through zero: the whole old position is closed as above and the rest opens at
 *   the fill price;
 * - flat: quantity 0 and average 0; realized P&L is kept (the row stays, see positions).
 */
export function applyFill(state: PositionState, fill: FillInput, multiplier: number): PositionState {
  if (!Number.isInteger(fill.quantity) || fill.quantity <= 0) {
    throw new Error(`applyFill: quantity must be a positive integer, got ${fill.quantity}`);
  }
  const signed = fill.side === 'BUY' ? fill.quantity : -fill.quantity;
  const q0 = state.quantity;
  const q1 = q0 + signed;
  if (q0 === 0 || Math.sign(q0) === Math.sign(signed)) {
    const cost = state.avgPrice.times(Math.abs(q0)).plus(fill.price.times(fill.quantity));
    return { quantity: q1, avgPrice: round6(cost.dividedBy(Math.abs(q1))), realizedPnl: state.realizedPnl };
  }
  const closed = Math.min(Math.abs(q0), fill.quantity);
  const perShare = q0 > 0 ? fill.price.minus(state.avgPrice) : state.avgPrice.minus(fill.price);
  const realizedPnl = round6(state.realizedPnl.plus(perShare.times(closed).times(multiplier)));
  if (q1 === 0) return { quantity: 0, avgPrice: new Decimal(0), realizedPnl };
  if (Math.sign(q1) === Math.sign(q0)) return { quantity: q1, avgPrice: state.avgPrice, realizedPnl };
  return { quantity: q1, avgPrice: fill.price, realizedPnl };
}

/** (mark − avg) × signed quantity × multiplier, in dollars. */
export function unrealizedPnl(
  state: { quantity: number; avgPrice: Decimal },
  mark: Decimal,
  multiplier: number,
): Decimal {
  return round6(mark.minus(state.avgPrice).times(state.quantity).times(multiplier));
}
