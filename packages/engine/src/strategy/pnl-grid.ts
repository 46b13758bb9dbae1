/**
 * P&L over underlying price × days forward × vol shift (the data behind T+n curves), by full
 * revaluation with `positionValue`: cell = positionValue(scenario) − net cost paid. Legs that have
 * expired at a date pay intrinsic; later legs keep their time value (calendars, diagonals).
 */
import {
  type PositionLeg,
  type PriceOption,
  positionValue,
  type UnderlyingMarket,
  type VolOf,
} from '../portfolio/position.ts';
import { netDebit } from './payoff.ts';

export interface PnlGridInput {
  market: UnderlyingMarket;
  asOf: Date;
  volOf: VolOf;
  /** Underlying prices (absolute, > 0). */
  prices: readonly number[];
  /** Calendar days after asOf (ACT/365). */
  days: readonly number[];
  /** Absolute vol shifts (0.05 = +5 vol points). */
  volShifts: readonly number[];
  priceOption?: PriceOption;
}

export interface PnlGrid {
  prices: readonly number[];
  days: readonly number[];
  volShifts: readonly number[];
  /** Row-major [price][day][volShift], currency. */
  values: Float64Array;
  at(priceIndex: number, dayIndex: number, volIndex: number): number;
}

/** Calendar days from asOf to `date` (for the `days` axis). */
export function daysAfter(asOf: Date, date: Date): number {
  return (date.getTime() - asOf.getTime()) / 86_400_000;
}

export function pnlGrid(legs: readonly PositionLeg[], input: PnlGridInput): PnlGrid {
  const { market, asOf, volOf, prices, days, volShifts } = input;
  if (prices.some((p) => !(p > 0))) throw new RangeError('prices must be positive');
  const cost = netDebit(legs);
  const nd = days.length;
  const nv = volShifts.length;
  const values = new Float64Array(prices.length * nd * nv);
  prices.forEach((p, i) => {
    days.forEach((d, j) => {
      volShifts.forEach((v, k) => {
        const scenario = { spotMove: p / market.spot - 1, volShift: v, daysForward: d };
        values[(i * nd + j) * nv + k] =
          positionValue(legs, market, asOf, scenario, volOf, input.priceOption) - cost;
      });
    });
  });
  const at = (i: number, j: number, k: number): number => {
    if (!(i >= 0 && i < prices.length && j >= 0 && j < nd && k >= 0 && k < nv))
      throw new RangeError('grid index');
    return values[(i * nd + j) * nv + k] ?? Number.NaN;
  };
  return { prices, days, volShifts, values, at };
}
