/**
 * @zomma/engine/portfolio-risk: risk of a multi-underlying options book built on the shared
 * portfolio vocabulary (`PositionLeg`, `positionValue`, `Scenario`).
 *
 * - `portfolioGreeks`: delta, dollar delta, gamma, vega (per vol point), theta (per day) per
 *   underlying and in total, and beta-weighted delta/gamma to a benchmark.
 * - VaR/CVaR (quantile convention in tail-stats.ts: VaR = m-th worst loss, m = ⌊n(1−α)⌋, CVaR =
 *   mean of the m worst): `historicalVar` (full revaluation of historical daily moves),
 *   `deltaGammaVegaVar` (quadratic P&L moments + Cornish–Fisher), `monteCarloVar` (Cholesky-
 *   correlated normal factors, full revaluation, seeded RNG, standard errors).
 * - `backtestVar`: Kupiec POF, Christoffersen independence and conditional coverage.
 * - `stressTest`: spot × vol grid and named historical shocks (`HISTORICAL_SHOCKS`).
 * Pure: no clock, no global RNG, no I/O.
 */
export {
  backtestVar,
  chiSquareCdf,
  chiSquareSf,
  exceedances,
  type LrTest,
  type VarBacktest,
} from './backtest.ts';
export { type Book, groupByUnderlying, type UnderlyingBook } from './book.ts';
export {
  type DeltaGammaVegaResult,
  deltaGammaVegaVar,
  type QuadraticPnl,
  quadraticCumulants,
  quadraticPnl,
} from './delta-gamma-vega.ts';
export {
  cholesky,
  type FactorModel,
  factorCovariance,
  MIN_SPOT_MOVE,
  type RiskFactor,
} from './factor-model.ts';
export {
  type Benchmark,
  type GreeksTotals,
  type PortfolioGreeks,
  portfolioGreeks,
  type RawSensitivities,
  rawSensitivities,
  type UnderlyingGreeks,
} from './greeks.ts';
export {
  type HistoricalMove,
  type HistoricalScenario,
  type HistoricalVarResult,
  historicalVar,
  type VarOptions,
} from './historical-var.ts';
export { type MonteCarloOptions, type MonteCarloVarResult, monteCarloVar } from './monte-carlo-var.ts';
export {
  DEFAULT_SPOT_GRID,
  DEFAULT_VOL_SHOCKS,
  HISTORICAL_SHOCKS,
  type HistoricalShock,
  type StressOptions,
  type StressPoint,
  type StressReport,
  stressTest,
} from './stress.ts';
export { tailCount, tailStats, type VarEstimate } from './tail-stats.ts';
