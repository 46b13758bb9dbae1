/** @zomma/engine/strategy: multi-leg strategies and their per-share analytics at expiry. */
export {
  breakevens,
  maxProfitLoss,
  netDebitPerShare,
  type PriceOf,
  type ProfitLoss,
  payoffAtExpiry,
  pnlAtExpiry,
  strategyDelta,
} from './analytics.ts';
export {
  type BuildFailure,
  type BuildResult,
  buildIronCondor,
  buildVertical,
  type IronCondorSpec,
  type VerticalSpec,
} from './builders.ts';
export { type Leg, type LegSide, legFromQuote, sideSign } from './leg.ts';
