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
export {
  legGreeks,
  ONE_PERCENT,
  type PositionGreeks,
  positionGreeks,
  type RawGreeks,
} from './greeks-agg.ts';
export { type Leg, type LegSide, legFromQuote, sideSign } from './leg.ts';
export {
  type HorizonContext,
  type HorizonPnl,
  horizonOf,
  horizonPnl,
  netDebit,
  type ProfitLossSummary,
  profitLoss,
} from './payoff.ts';
export { daysAfter, type PnlGrid, type PnlGridInput, pnlGrid } from './pnl-grid.ts';
export {
  chanceOfProfit,
  expectedPnl,
  type HorizonDistribution,
  lognormalHorizon,
  sliceHorizon,
  surfaceHorizon,
} from './probability.ts';
export { type RecognizedName, recognizeStrategy } from './recognize.ts';
export {
  buildTemplate,
  TEMPLATE_NAMES,
  type TemplateChain,
  type TemplateFailure,
  type TemplateName,
  type TemplateParams,
  type TemplateResult,
} from './templates.ts';
