/** The pre-trade pipeline (issue 4): types, book aggregates, checks in the order. */
export {
  type AggregateOptions,
  aggregateBook,
  expiryKey,
  instrumentKey,
  type LegContribution,
  legContribution,
  scenarioFor,
} from './aggregate.ts';
export { CHECK_ORDER } from './check.ts';
export { type LevelContext, requiredOptionsLevel } from './options-level.ts';
export { type OrderContribution, orderFingerprint } from './order-context.ts';
export { runPreTradePipeline } from './pipeline.ts';
export type {
  BookAggregates,
  BreakerState,
  ContractQuote,
  OptionsLevel,
  OrderLeg,
  PipelineAccount,
  PipelineCheck,
  PipelineCheckName,
  PipelineInput,
  PipelineLimits,
  PipelineOrder,
  PipelineState,
  PipelineUnit,
  PipelineVerdict,
  RiskScenario,
  UnderlyingAggregate,
} from './types.ts';
