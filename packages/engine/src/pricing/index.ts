/** @zomma/engine/pricing: every pricing building block beyond the core API of `@zomma/engine`. */

export { gaussLegendre, type QuadratureRule } from './american/gauss-legendre.ts';
export * from './american/index.ts';
export { assertVanillaInputs, priceEuropean } from './black-scholes.ts';
export {
  assertBlack76Inputs,
  type Black76Inputs,
  black76Discount,
  blackUndiscounted,
  logMoneyness,
  priceBlack76,
} from './black76.ts';
export {
  BASIS_POINT,
  charmPerDay,
  colorPerDay,
  DAYS_PER_YEAR,
  epsilonPerBasisPoint,
  rhoPerBasisPoint,
  thetaPerDay,
  VOL_POINT,
  vannaPerVolPoint,
  vegaPerVolPoint,
  vetaPerDayPerVolPoint,
  vommaPerVolPoint,
} from './display.ts';
export { type EuropeanGreeks, greeksEuropean } from './greeks.ts';
export {
  createGreeksColumns,
  GREEK_FIELDS,
  GREEKS_SIGMA_MIN,
  type GreekField,
  type GreeksBatchInput,
  type GreeksBatchOutput,
  greeksBatch,
} from './greeks-batch.ts';
export {
  type ImpliedVolFailure,
  type ImpliedVolInputs,
  type ImpliedVolResult,
  impliedVol,
} from './implied-vol.ts';
export {
  type ImpliedVolBatchColumns,
  type ImpliedVolBatchResult,
  IV_STATUS,
  impliedVolBatch,
} from './implied-vol-batch.ts';
export {
  type BidAskInputs,
  type BidAskVols,
  impliedVolBidAsk,
  type QuoteVolResult,
} from './implied-vol-bid-ask.ts';
export { impliedStdDevOtmCall } from './lets-be-rational.ts';
export { erf, erfc, erfcx, inverseNormCdf, normCdf, normPdf } from './normal.ts';
export { normalisedBlack, normalisedVega } from './normalised-black.ts';
