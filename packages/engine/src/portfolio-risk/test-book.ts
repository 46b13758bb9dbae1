/** Test helpers: small books on two underlyings with a skewed vol per strike. */
import { MS_PER_YEAR, type PositionLeg, type UnderlyingMarket, type VolOf } from '../portfolio/position.ts';
import type { Book } from './book.ts';

export const asOf = new Date('2026-03-02T21:00:00Z');
export const expiryIn = (days: number): Date => new Date(asOf.getTime() + (days / 365) * MS_PER_YEAR);

export const markets: Record<string, UnderlyingMarket> = {
  AAA: { spot: 100, rate: 0.03, dividendYield: 0.01 },
  BBB: { spot: 250, rate: 0.03, dividendYield: 0 },
};

export function option(
  underlying: string,
  right: 'call' | 'put',
  strike: number,
  days: number,
  quantity: number,
): PositionLeg {
  return {
    instrument: { kind: 'option', underlying, right, strike, expiry: expiryIn(days), multiplier: 100 },
    quantity,
  };
}

export const stock = (underlying: string, quantity: number): PositionLeg => ({
  instrument: { kind: 'stock', underlying },
  quantity,
});

/** Vol skew: 25% at the money (AAA) / 35% (BBB), +0.1 vol per 100% of moneyness below spot. */
export const volOf: VolOf = (leg) => {
  const m = markets[leg.instrument.underlying];
  const atm = leg.instrument.underlying === 'AAA' ? 0.25 : 0.35;
  return atm + 0.1 * (1 - leg.instrument.strike / (m?.spot ?? 1));
};

export const book = (legs: PositionLeg[]): Book => ({ legs, markets, asOf, volOf });

/** A mixed book on both underlyings (long and short calls, puts and stock). */
export const mixedLegs = (): PositionLeg[] => [
  option('AAA', 'call', 105, 30, 3),
  option('AAA', 'put', 95, 60, -2),
  stock('AAA', 50),
  option('BBB', 'call', 250, 45, -4),
  option('BBB', 'put', 250, 45, -4),
  option('BBB', 'put', 220, 90, 5),
  stock('BBB', -120),
];

/** Short at-the-money straddle on AAA, 30 days. */
export const shortStraddle = (): PositionLeg[] => [
  option('AAA', 'call', 100, 30, -10),
  option('AAA', 'put', 100, 30, -10),
];
