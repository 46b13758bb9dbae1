/** Display scaling of raw Greeks (the engine computes per unit; screens show per day / per vol point). */

/** Calendar days per year used to show theta per day (ACT/365). */
export const DAYS_PER_YEAR = 365;
/** One volatility point = 0.01 of annual vol. */
export const VOL_POINT = 0.01;

/** Theta per calendar day from theta per year. */
export function thetaPerDay(theta: number): number {
  return theta / DAYS_PER_YEAR;
}

/** Vega per vol point (1%) from vega per 1.00 of vol. */
export function vegaPerVolPoint(vega: number): number {
  return vega * VOL_POINT;
}
