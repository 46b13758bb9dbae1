/** @zomma/engine/risk: pre-trade checks (result shape = RiskVerdict in @zomma/contracts). */

export * from './pipeline/index.ts';
export {
  type PortfolioExposure,
  preTradeCheck,
  type RiskCheck,
  type RiskCheckName,
  type RiskCheckStatus,
  type RiskLimitsInput,
  type RiskUnit,
  type RiskVerdict,
  type TradeRisk,
  WARN_FRACTION,
} from './pre-trade-check.ts';
