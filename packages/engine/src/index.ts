/** @zomma/engine: pure option numerics (no I/O, no clock, no global RNG). */

export { assertVanillaInputs, greeksEuropean, priceEuropean } from './pricing/black-scholes.ts';
export { DAYS_PER_YEAR, thetaPerDay, VOL_POINT, vegaPerVolPoint } from './pricing/display.ts';
export {
  IMPLIED_VOL_MAX,
  type ImpliedVolInputs,
  type ImpliedVolResult,
  impliedVol,
} from './pricing/implied-vol.ts';
export { erf, erfc, normCdf, normPdf } from './pricing/normal.ts';
export type { Greeks, OptionQuote, OptionRight, VanillaInputs } from './types.ts';
