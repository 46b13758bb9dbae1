/**
 * Options approval level an order needs (the usual broker ladder):
 * - 0: stock only;
 * - 1: covered calls (short calls covered by long stock in the order or the book), cash-secured
 *   puts (short puts whose strike × multiplier × quantity fits in buying power), protective puts,
 *   collars;
 * - 2: long options only (with or without stock);
 * - 3: defined-risk spreads (short options whose max loss at the horizon is finite);
 * - 4: naked / undefined risk (max loss unlimited, or short puts not cash-secured).
 * Closing orders (every leg reduces an existing position) need level 0.
 */
import type { PositionLeg } from '../../portfolio/position.ts';
import { recognizeStrategy } from '../../strategy/recognize.ts';
import type { OptionsLevel } from './types.ts';

const LEVEL_1 = new Set(['covered_call', 'cash_secured_put', 'protective_put', 'collar']);

export interface LevelContext {
  /** Max loss of the order at its horizon (USD) or 'unlimited'. */
  maxLoss: number | 'unlimited';
  /** Long stock shares already held in the book, per underlying. */
  bookShares: (underlying: string) => number;
  buyingPower: number;
  reducesOnly: boolean;
}

export function requiredOptionsLevel(legs: readonly PositionLeg[], ctx: LevelContext): OptionsLevel {
  if (ctx.reducesOnly) return 0;
  const options = legs.filter((l) => l.instrument.kind === 'option');
  if (options.length === 0) return 0;
  const shorts = options.filter((l) => l.quantity < 0);
  if (shorts.length === 0) return 2;
  const name = recognizeStrategy(legs);
  if (name === 'cash_secured_put') {
    const cash = shorts.reduce(
      (c, l) =>
        c +
        (l.instrument.kind === 'option' ? l.instrument.strike * l.instrument.multiplier * -l.quantity : 0),
      0,
    );
    return cash <= ctx.buyingPower ? 1 : 4;
  }
  if (LEVEL_1.has(name)) return 1;
  // Short calls only, covered by stock held in the book.
  if (name === 'short_call') {
    const l = shorts[0];
    if (l !== undefined && l.instrument.kind === 'option') {
      const need = -l.quantity * l.instrument.multiplier;
      if (ctx.bookShares(l.instrument.underlying) >= need) return 1;
    }
  }
  return ctx.maxLoss === 'unlimited' ? 4 : 3;
}
