/**
 * Display scaling of raw Greeks. The engine computes per unit (vega per 1.00 of vol, rho and
 * epsilon per 1.00 of rate/yield, theta, charm, veta and color per year); screens show per calendar
 * day, per vol point and per basis point. Each helper is a named scaling by the constants below.
 */

/** Calendar days per year used for the per-day figures (ACT/365, as `tYears`). */
export const DAYS_PER_YEAR = 365;
/** One volatility point = 0.01 of annual vol (20% → 21%). */
export const VOL_POINT = 0.01;
/** One basis point of rate or yield = 0.0001. */
export const BASIS_POINT = 0.0001;

/** Theta per calendar day (price change over one day passing) from theta per year. */
export function thetaPerDay(theta: number): number {
  return theta / DAYS_PER_YEAR;
}

/** Charm per calendar day (delta change over one day passing) from charm per year. */
export function charmPerDay(charm: number): number {
  return charm / DAYS_PER_YEAR;
}

/** Color per calendar day (gamma change over one day passing) from color per year. */
export function colorPerDay(color: number): number {
  return color / DAYS_PER_YEAR;
}

/** Veta as change of vega-per-vol-point over one calendar day, from raw veta (per year, per 1.00 vol). */
export function vetaPerDayPerVolPoint(veta: number): number {
  return (veta * VOL_POINT) / DAYS_PER_YEAR;
}

/** Vega per vol point from vega per 1.00 of vol. */
export function vegaPerVolPoint(vega: number): number {
  return vega * VOL_POINT;
}

/** Vanna as delta change per vol point, from ∂²V/∂S∂σ. */
export function vannaPerVolPoint(vanna: number): number {
  return vanna * VOL_POINT;
}

/** Vomma as change of vega-per-vol-point per vol point, from ∂²V/∂σ². */
export function vommaPerVolPoint(vomma: number): number {
  return vomma * VOL_POINT * VOL_POINT;
}

/** Rho per basis point of rate from rho per 1.00 of rate. */
export function rhoPerBasisPoint(rho: number): number {
  return rho * BASIS_POINT;
}

/** Epsilon (dividend-yield sensitivity) per basis point from epsilon per 1.00 of yield. */
export function epsilonPerBasisPoint(epsilon: number): number {
  return epsilon * BASIS_POINT;
}
