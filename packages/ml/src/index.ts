/** @zomma/ml: models that propose trades. Today only the baseline rule (explicitly not learned). */

export { BASELINE_RULE_NAME, BaselineRuleHyperparameters } from './baseline-rule.schema.ts';
export {
  type BaselineRuleModel,
  baselineRuleModel,
  MOMENTUM_THRESHOLD,
  momentumZ,
  nearestExpiry,
  type Proposal,
  type ProposalInput,
  type ProposedStrategy,
  TRADING_DAYS_PER_YEAR,
} from './baseline-rule.ts';
export { canonicalJson } from './canonical-json.ts';
