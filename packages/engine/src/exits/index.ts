/** @zomma/engine/exits: stop-loss / take-profit / price / DTE exit rules for multi-leg positions. */
export {
  type ExitEvaluation,
  type ExitMark,
  type ExitPosition,
  type ExitRule,
  type ExitRuleKind,
  type ExitSkipReason,
  type ExitTrigger,
  evaluateExits,
  exitPositionOf,
} from './exits.ts';
