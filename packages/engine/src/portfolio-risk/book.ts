/**
 * A multi-underlying book: position legs grouped by underlying, each with its market, valued by
 * full revaluation (`positionValue` from the shared portfolio vocabulary). Every risk measure in
 * this folder works on a `Book`. Pure: `asOf` and the vols come from the caller.
 */
import {
  BASE_SCENARIO,
  type PositionLeg,
  type PriceOption,
  positionValue,
  type Scenario,
  type UnderlyingMarket,
  type VolOf,
} from '../portfolio/position.ts';

export interface Book {
  legs: readonly PositionLeg[];
  /** Market per underlying symbol; every leg's underlying must be present. */
  markets: Readonly<Record<string, UnderlyingMarket>>;
  asOf: Date;
  volOf: VolOf;
  /** Option pricer used for revaluation; default European BSM (as `positionValue`). */
  priceOption?: PriceOption;
}

/** Legs of one underlying with its market. */
export interface UnderlyingBook {
  underlying: string;
  market: UnderlyingMarket;
  legs: PositionLeg[];
}

/** Legs grouped by underlying, in first-appearance order. Throws if a market is missing. */
export function groupByUnderlying(book: Book): UnderlyingBook[] {
  const groups = new Map<string, UnderlyingBook>();
  for (const leg of book.legs) {
    const u = leg.instrument.underlying;
    let g = groups.get(u);
    if (g === undefined) {
      const market = book.markets[u];
      if (market === undefined) throw new RangeError(`no market for underlying ${u}`);
      g = { underlying: u, market, legs: [] };
      groups.set(u, g);
    }
    g.legs.push(leg);
  }
  return [...groups.values()];
}

/** Value of one underlying's legs under `scenario` (currency). */
export function underlyingValue(book: Book, g: UnderlyingBook, scenario: Scenario): number {
  return positionValue(g.legs, g.market, book.asOf, scenario, book.volOf, book.priceOption);
}

/**
 * Revaluation P&L of the book: Σ over underlyings of value under that underlying's scenario minus
 * value now (scenario 0, 0, 0). `scenarioOf` gives each underlying's scenario by group index.
 */
export function bookPnl(
  book: Book,
  groups: readonly UnderlyingBook[],
  baseValues: readonly number[],
  scenarioOf: (groupIndex: number) => Scenario,
): number {
  let pnl = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g === undefined) continue;
    pnl += underlyingValue(book, g, scenarioOf(i)) - (baseValues[i] ?? 0);
  }
  return pnl;
}

/** Base (unshocked) value of each group, index-aligned with `groups`. */
export function baseValues(book: Book, groups: readonly UnderlyingBook[]): number[] {
  return groups.map((g) => underlyingValue(book, g, BASE_SCENARIO));
}
