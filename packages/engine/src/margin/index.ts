/**
 * Margin requirements for option and stock positions (shared vocabulary: `portfolio/position.ts`).
 *
 * - `regTRequirement`: Reg-T strategy-based requirement following the Cboe Margin Manual, with the
 *   legs grouped into strategies (spreads, covered, straddles, iron condors, butterflies, …) by an
 *   exact min-cost-flow matching that minimises the total (`greedyRequirement` is the first-match
 *   baseline it improves on). Rules per strategy: `reg-t-rules.ts`.
 * - `portfolioMargin`: FINRA 4210(g)-style requirement = worst loss over a 10-point spot grid ×
 *   vol shifts per underlying class, with a $37.50-per-contract minimum.
 */

export { greedyRequirement } from './greedy.ts';
export { type MatchingResult, maxSavingMatching, type Pairing } from './matching.ts';
export {
  PM_CLASSES,
  type PmClass,
  type PmClassConfig,
  type PmGridPoint,
  type PmOptions,
  type PmResult,
  portfolioMargin,
} from './portfolio-margin.ts';
export {
  MATCHING_WORK_BUDGET,
  MAX_LONGS_PER_SHORT,
  MAX_QUAD_CHECKS,
  MAX_QUADS,
  type RegTMarket,
  type RegTResult,
  regTRequirement,
  regTRequirementByUnderlying,
  SEARCH_LEAF_BUDGET,
  SEARCH_NODE_BUDGET,
  type SearchStats,
  type StrategyKind,
  type StrategyUnit,
} from './reg-t.ts';
export {
  coveredCallPerShare,
  maxLossAtExpiry,
  nakedShortPerShare,
  type OptionInstrument,
  type PayoffLeg,
  REG_T_RATES,
  type RegTRates,
  spreadLossPerShare,
  type UnderlyingClass,
} from './reg-t-rules.ts';
