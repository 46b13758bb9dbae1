/**
 * Portfolio Greeks across underlyings, per underlying and in total, including beta-weighted delta
 * to a benchmark. Options use European BSM Greeks (`greeksEuropean`) at the leg's own vol, floored
 * at VOL_FLOOR as in `legValue`; an option at or past expiry gets the T = 0 limits.
 *
 * Units (whole position, multiplier and sign applied):
 * - delta: shares-equivalent, ∂V/∂S (currency per 1 unit of spot);
 * - dollarDelta = delta·S: currency per 100% spot move (÷100 for per 1%);
 * - gamma: ∂²V/∂S² (shares per 1 unit of spot); dollarGamma1Pct = ½·gamma·(0.01·S)², the gamma
 *   P&L of a 1% spot move (summable across underlyings, unlike gamma);
 * - vega: currency per vol point (`vegaPerVolPoint`); theta: currency per calendar day
 *   (`thetaPerDay`), both summable across underlyings (a parallel vol shift / one day passing).
 * - betaWeightedDelta: benchmark shares with the same first-order P&L when every underlying moves
 *   β·(benchmark return): Σ delta·S·β / S_B; betaWeightedGamma = Σ gamma·(β·S/S_B)², the second
 *   derivative of that P&L in the benchmark price.
 */

import {
  MS_PER_YEAR,
  type PositionLeg,
  type UnderlyingMarket,
  VOL_FLOOR,
  type VolOf,
} from '../portfolio/position.ts';
import { thetaPerDay, vegaPerVolPoint } from '../pricing/display.ts';
import { greeksEuropean } from '../pricing/greeks.ts';
import { type Book, groupByUnderlying } from './book.ts';

/** Benchmark for beta weighting: its price and each underlying's beta to it. */
export interface Benchmark {
  spot: number;
  betas: Readonly<Record<string, number>>;
}

export interface GreeksTotals {
  dollarDelta: number;
  dollarGamma1Pct: number;
  vega: number;
  theta: number;
  /** Present when a benchmark was given. */
  betaWeightedDelta?: number;
  betaWeightedDollarDelta?: number;
  betaWeightedGamma?: number;
}

export interface UnderlyingGreeks extends GreeksTotals {
  underlying: string;
  spot: number;
  delta: number;
  gamma: number;
  beta?: number;
}

export interface PortfolioGreeks {
  byUnderlying: UnderlyingGreeks[];
  total: GreeksTotals;
}

/**
 * Raw sensitivities of one underlying's legs (whole position): delta ∂V/∂S, gamma ∂²V/∂S², vega
 * ∂V/∂σ (per 1.00 vol), theta per year, vanna ∂²V/∂S∂σ, volga ∂²V/∂σ².
 */
export interface RawSensitivities {
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  vanna: number;
  volga: number;
}

/** Raw sensitivities of the legs of one underlying, summed. */
export function rawSensitivities(
  legs: readonly PositionLeg[],
  market: UnderlyingMarket,
  asOf: Date,
  volOf: VolOf,
): RawSensitivities {
  const s: RawSensitivities = { delta: 0, gamma: 0, vega: 0, theta: 0, vanna: 0, volga: 0 };
  for (const leg of legs) {
    const i = leg.instrument;
    if (i.kind === 'stock') {
      s.delta += leg.quantity;
      continue;
    }
    const tYears = Math.max(0, (i.expiry.getTime() - asOf.getTime()) / MS_PER_YEAR);
    const vol = Math.max(VOL_FLOOR, volOf(leg as Parameters<VolOf>[0]));
    const g = greeksEuropean({
      right: i.right,
      spot: market.spot,
      strike: i.strike,
      tYears,
      rate: market.rate,
      dividendYield: market.dividendYield,
      vol,
    });
    const n = leg.quantity * i.multiplier;
    s.delta += n * g.delta;
    s.gamma += n * g.gamma;
    s.vega += n * g.vega;
    s.theta += n * g.theta;
    s.vanna += n * g.vanna;
    s.volga += n * g.vomma;
  }
  return s;
}

/** Greeks of `book` per underlying and in total; with `benchmark`, also beta-weighted. */
export function portfolioGreeks(book: Book, benchmark?: Benchmark): PortfolioGreeks {
  if (benchmark !== undefined && !(benchmark.spot > 0)) throw new RangeError('benchmark spot must be > 0');
  const total: GreeksTotals = { dollarDelta: 0, dollarGamma1Pct: 0, vega: 0, theta: 0 };
  if (benchmark !== undefined) {
    total.betaWeightedDelta = 0;
    total.betaWeightedDollarDelta = 0;
    total.betaWeightedGamma = 0;
  }
  const byUnderlying = groupByUnderlying(book).map((g): UnderlyingGreeks => {
    const spot = g.market.spot;
    const { delta, gamma, vega, theta } = rawSensitivities(g.legs, g.market, book.asOf, book.volOf);
    const out: UnderlyingGreeks = {
      underlying: g.underlying,
      spot,
      delta,
      gamma,
      dollarDelta: delta * spot,
      dollarGamma1Pct: 0.5 * gamma * (0.01 * spot) ** 2,
      vega: vegaPerVolPoint(vega),
      theta: thetaPerDay(theta),
    };
    total.dollarDelta += out.dollarDelta;
    total.dollarGamma1Pct += out.dollarGamma1Pct;
    total.vega += out.vega;
    total.theta += out.theta;
    if (benchmark !== undefined) {
      const beta = benchmark.betas[g.underlying];
      if (beta === undefined || !Number.isFinite(beta)) throw new RangeError(`no beta for ${g.underlying}`);
      const ratio = (beta * spot) / benchmark.spot;
      out.beta = beta;
      out.betaWeightedDelta = delta * ratio;
      out.betaWeightedDollarDelta = out.betaWeightedDelta * benchmark.spot;
      out.betaWeightedGamma = gamma * ratio * ratio;
      total.betaWeightedDelta = (total.betaWeightedDelta ?? 0) + out.betaWeightedDelta;
      total.betaWeightedDollarDelta = (total.betaWeightedDollarDelta ?? 0) + out.betaWeightedDollarDelta;
      total.betaWeightedGamma = (total.betaWeightedGamma ?? 0) + out.betaWeightedGamma;
    }
    return out;
  });
  return { byUnderlying, total };
}
