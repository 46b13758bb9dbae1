/**
 * Greeks of a position, summed over legs: per unit (raw, whole position: delta in shares, gamma
 * per $1 of underlying per $1, vega per 1.00 vol, theta per year, rho per 1.00 rate) and for
 * display (delta dollars, gamma per 1% move, vega per vol point, theta per calendar day) through
 * the pricing display helpers. Options by European BSM at `volOf`; stock has delta = quantity.
 * An expired option contributes its intrinsic delta (±1 in the money) and nothing else.
 */

import { MS_PER_YEAR, type PositionLeg, type UnderlyingMarket, type VolOf } from '../portfolio/position.ts';
import { thetaPerDay, vegaPerVolPoint } from '../pricing/display.ts';
import { greeksEuropean } from '../pricing/greeks.ts';

/** A 1% relative move of the underlying. */
export const ONE_PERCENT = 0.01;

export interface RawGreeks {
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
}

export interface PositionGreeks {
  /** Raw, whole position (multiplier and quantity applied). */
  perUnit: RawGreeks;
  /** Per leg, same units, in input order. */
  perLeg: RawGreeks[];
  /** Delta × spot: currency P&L per 1.00 relative move, first order. */
  deltaDollars: number;
  /** Change of delta (shares) for a 1% move: gamma × spot × 1%. */
  gammaPer1Pct: number;
  /** Change of delta dollars for a 1% move: gamma × spot² × 1%. */
  dollarGammaPer1Pct: number;
  vegaPerVolPoint: number;
  thetaPerDay: number;
}

const ZERO: RawGreeks = { delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 };

export function legGreeks(leg: PositionLeg, market: UnderlyingMarket, asOf: Date, volOf: VolOf): RawGreeks {
  const i = leg.instrument;
  if (i.kind === 'stock') return { ...ZERO, delta: leg.quantity };
  const n = leg.quantity * i.multiplier;
  const t = (i.expiry.getTime() - asOf.getTime()) / MS_PER_YEAR;
  if (t <= 0) {
    const itm = i.right === 'call' ? market.spot > i.strike : market.spot < i.strike;
    return { ...ZERO, delta: itm ? n * (i.right === 'call' ? 1 : -1) : 0 };
  }
  const g = greeksEuropean({
    right: i.right,
    spot: market.spot,
    strike: i.strike,
    tYears: t,
    rate: market.rate,
    dividendYield: market.dividendYield,
    vol: volOf(leg as Parameters<VolOf>[0]),
  });
  return { delta: n * g.delta, gamma: n * g.gamma, vega: n * g.vega, theta: n * g.theta, rho: n * g.rho };
}

export function positionGreeks(
  legs: readonly PositionLeg[],
  market: UnderlyingMarket,
  asOf: Date,
  volOf: VolOf,
): PositionGreeks {
  const perLeg = legs.map((l) => legGreeks(l, market, asOf, volOf));
  const perUnit = perLeg.reduce<RawGreeks>(
    (a, g) => ({
      delta: a.delta + g.delta,
      gamma: a.gamma + g.gamma,
      vega: a.vega + g.vega,
      theta: a.theta + g.theta,
      rho: a.rho + g.rho,
    }),
    ZERO,
  );
  const s = market.spot;
  return {
    perUnit,
    perLeg,
    deltaDollars: perUnit.delta * s,
    gammaPer1Pct: perUnit.gamma * s * ONE_PERCENT,
    dollarGammaPer1Pct: perUnit.gamma * s * s * ONE_PERCENT,
    vegaPerVolPoint: vegaPerVolPoint(perUnit.vega),
    thetaPerDay: thetaPerDay(perUnit.theta),
  };
}
