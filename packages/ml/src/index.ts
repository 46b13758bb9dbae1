/**
 * @zomma/ml: models that propose trades. The root exports the baseline rule (explicitly not
 * learned); the learned-model machinery has its own entry points: @zomma/ml/graph (ONNX graph
 * builder + reverse-mode differentiation), @zomma/ml/gbdt (histogram GBDT, TreeSHAP, ONNX export),
 * @zomma/ml/onnx/model and @zomma/ml/onnx/session (writing ONNX, opening sessions),
 * @zomma/ml/registry (serving helpers).
 */

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
