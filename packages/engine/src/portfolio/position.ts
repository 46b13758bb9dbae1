/**
 * The shared vocabulary of strategies, margin and portfolio risk: instruments (an option or the
 * stock), signed position legs, and full revaluation of a leg under a scenario (spot move, vol
 * shift, time passing). Pure: the caller passes the valuation date and the market.
 *
 * Units: quantity is signed contracts (options) or shares (stock); value and P&L are in currency
 * for the whole leg (multiplier applied); prices per share. Options are valued with Black–Scholes–
 * Merton (European) — American exercise is the caller's choice of `priceOption`.
 */
import { priceEuropean } from '../pricing/black-scholes.ts';
import type { OptionRight, VanillaInputs } from '../types.ts';

export const MS_PER_YEAR = 365 * 24 * 3600 * 1000;

export type Instrument =
  | {
      kind: 'option';
      underlying: string;
      right: OptionRight;
      strike: number;
      /** Expiry instant (options expire at this time; tYears = (expiry − asOf) / ACT/365 year). */
      expiry: Date;
      /** Shares per contract (100 for US equity options). */
      multiplier: number;
    }
  | { kind: 'stock'; underlying: string };

export interface PositionLeg {
  instrument: Instrument;
  /** Signed: + long, − short; contracts for options, shares for stock. */
  quantity: number;
  /** Entry price per share (premium for options), used for P&L; optional for risk-only use. */
  entryPrice?: number;
}

/** Market inputs for one underlying. */
export interface UnderlyingMarket {
  spot: number;
  /** Continuous rate and dividend yield. */
  rate: number;
  dividendYield: number;
}

/** How an option leg's vol is found: its own implied vol (e.g. from the chain or a surface). */
export type VolOf = (leg: PositionLeg & { instrument: Extract<Instrument, { kind: 'option' }> }) => number;

/** A scenario relative to the current market: relative spot move, absolute vol shift, days passed. */
export interface Scenario {
  /** Spot multiplied by (1 + spotMove); −0.15 = down 15%. */
  spotMove: number;
  /** Added to every implied vol (0.05 = +5 vol points); vols are floored at VOL_FLOOR. */
  volShift: number;
  /** Calendar days that pass (ACT/365). */
  daysForward: number;
}

export const BASE_SCENARIO: Scenario = { spotMove: 0, volShift: 0, daysForward: 0 };
/** Smallest vol used after a negative shift (a vol at 0 would price options at intrinsic). */
export const VOL_FLOOR = 0.01;

/** Prices one option per share; default European BSM. */
export type PriceOption = (o: VanillaInputs) => number;

export function contractMultiplier(i: Instrument): number {
  return i.kind === 'option' ? i.multiplier : 1;
}

/**
 * Value of a leg (currency, multiplier and sign applied) under `scenario`. An option past expiry
 * in the scenario is worth its intrinsic value at the scenario spot.
 */
export function legValue(
  leg: PositionLeg,
  market: UnderlyingMarket,
  asOf: Date,
  scenario: Scenario,
  volOf: VolOf,
  priceOption: PriceOption = priceEuropean,
): number {
  const spot = market.spot * (1 + scenario.spotMove);
  const i = leg.instrument;
  if (i.kind === 'stock') return leg.quantity * spot;
  const t = (i.expiry.getTime() - asOf.getTime()) / MS_PER_YEAR - scenario.daysForward / 365;
  const perShare =
    t <= 0
      ? Math.max(0, i.right === 'call' ? spot - i.strike : i.strike - spot)
      : priceOption({
          right: i.right,
          spot,
          strike: i.strike,
          tYears: t,
          rate: market.rate,
          dividendYield: market.dividendYield,
          vol: Math.max(VOL_FLOOR, volOf(leg as Parameters<VolOf>[0]) + scenario.volShift),
        });
  return leg.quantity * i.multiplier * perShare;
}

/** Σ legValue over legs of one underlying. */
export function positionValue(
  legs: readonly PositionLeg[],
  market: UnderlyingMarket,
  asOf: Date,
  scenario: Scenario,
  volOf: VolOf,
  priceOption: PriceOption = priceEuropean,
): number {
  let v = 0;
  for (const leg of legs) v += legValue(leg, market, asOf, scenario, volOf, priceOption);
  return v;
}
