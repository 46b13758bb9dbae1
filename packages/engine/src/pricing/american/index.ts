/** American options: default ALO fixed-point pricer, BAW / BS2002 approximations, FD engine, Greeks, IV. */
export {
  AMERICAN_ACCURATE_SCHEME,
  AMERICAN_DEFAULT_SCHEME,
  priceAmerican,
  priceAmericanQdFp,
} from './american.ts';
export { priceAmericanBAW } from './baw.ts';
export { bivariateNormalCdf, priceAmericanBS2002 } from './bs2002.ts';
export { type CashDividend, type FdOptions, type FdResult, priceAmericanFD, solveAmericanFD } from './fd.ts';
export { type AmericanGreeks, greeksAmerican } from './greeks.ts';
export {
  AMERICAN_IV_MAX,
  AMERICAN_IV_MIN,
  type AmericanImpliedVolInputs,
  type AmericanImpliedVolResult,
  impliedVolAmerican,
} from './implied-vol-american.ts';
export type { QdFpScheme } from './qd-fp.ts';
