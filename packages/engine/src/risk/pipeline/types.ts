/**
 * Types of the pre-trade pipeline (issue 4). Pure data: the caller loads limits (versioned, from
 * Postgres), quotes, account and state, and passes `nowMs`; the engine reads no clock.
 *
 * Units: prices per share; quantities in contracts (options) or shares (stock); money in USD;
 * times in epoch milliseconds; vega per vol point; gamma as dollar gamma of a 1% move.
 */
import type { Instrument, Scenario, UnderlyingMarket } from '../../portfolio/position.ts';
import type { RiskCheckStatus } from '../pre-trade-check.ts';

export type PipelineCheckName =
  | 'CONTRACT_VALID'
  | 'OPTIONS_LEVEL'
  | 'MAX_LEGS'
  | 'MAX_CONTRACTS_PER_ORDER'
  | 'MAX_NOTIONAL_PER_ORDER'
  | 'MAX_LOSS_PER_TRADE'
  | 'PRICE_COLLAR_MID'
  | 'PRICE_COLLAR_THEO'
  | 'DUPLICATE_ORDER'
  | 'POST_TRADE_DELTA_UNDERLYING'
  | 'POST_TRADE_GAMMA_UNDERLYING'
  | 'POST_TRADE_VEGA_UNDERLYING'
  | 'POST_TRADE_DELTA_TOTAL'
  | 'POST_TRADE_GAMMA_TOTAL'
  | 'POST_TRADE_VEGA_TOTAL'
  | 'CONCENTRATION_UNDERLYING'
  | 'CONCENTRATION_EXPIRY'
  | 'BUYING_POWER'
  | 'VAR_POST_TRADE'
  | 'STRESS_POST_TRADE'
  | 'ORDER_RATE'
  | 'QUOTE_AGE'
  | 'SPREAD_WIDTH'
  | 'SESSION_HOURS'
  | 'CIRCUIT_BREAKER'
  | 'KILL_SWITCH';

export type PipelineUnit =
  | 'contracts'
  | 'USD'
  | 'shares'
  | 'legs'
  | 'level'
  | 'ratio'
  | 'orders'
  | 'ms'
  | 'count'
  | 'USD per vol point';

/** Same shape as `RiskCheck` (pre-trade-check.ts) with the extended name and unit unions. */
export interface PipelineCheck {
  name: PipelineCheckName;
  label: string;
  status: RiskCheckStatus;
  /**
   * What the trade would make the measured quantity. Infinity for an unlimited max loss (serialise
   * with care: JSON turns it into null); NaN when the check could not be computed (status 'fail').
   */
  value: number;
  limit: number;
  excess: number;
  unit: PipelineUnit;
  message: string;
}

export interface PipelineVerdict {
  ok: boolean;
  limitsVersion: number;
  /** In the order (see CHECK_ORDER); every check always runs. */
  checks: PipelineCheck[];
  firstFailure?: PipelineCheckName;
}

export interface OrderLeg {
  instrument: Instrument;
  side: 'buy' | 'sell';
  /** Positive contracts (options) or shares (stock). */
  quantity: number;
  /** Limit price per share (premium for options), ≥ 0. */
  limitPrice: number;
}

export interface PipelineOrder {
  legs: readonly OrderLeg[];
}

/** One contract's quote; `theo` is the model (theoretical) value per share. */
export interface ContractQuote {
  bid: number;
  ask: number;
  mid: number;
  theo: number;
  /** Implied vol (annual, decimal) for options; ignored for stock. */
  iv?: number;
  quoteTimeMs: number;
}

/** 1 covered/cash-secured, 2 long options, 3 defined-risk spreads, 4 naked (see options-level.ts). */
export type OptionsLevel = 0 | 1 | 2 | 3 | 4;

export interface PipelineAccount {
  equity: number;
  /** Buying power available now (USD), before this order. */
  buyingPower: number;
  optionsLevel: OptionsLevel;
}

export interface BreakerState {
  name: string;
  open: boolean;
}

export interface PipelineState {
  /** Recent orders: fingerprint (`orderFingerprint`) and submit time. */
  recentOrders: readonly { fingerprint: string; timeMs: number }[];
  /** Submit times of this account's recent orders (for the per-minute throttle). */
  orderTimesMs: readonly number[];
  breakers: readonly BreakerState[];
  killSwitch: boolean;
}

export interface PipelineLimits {
  version: number;
  /** Default 4. */
  maxLegs: number;
  maxContractsPerOrder: number;
  /** Σ |quantity| × multiplier × spot (USD of underlying controlled). */
  maxNotionalPerOrder: number;
  maxLossPerTrade: number;
  /** When false, an unlimited max loss only warns. */
  requireDefinedRisk: boolean;
  /** Max adverse deviation of a leg's limit from mid / theo, as a fraction of the reference. */
  priceCollarPctMid: number;
  priceCollarPctTheo: number;
  /** References below this (per share) are floored to it, so penny options don't trip the collar. */
  priceCollarRefFloor: number;
  duplicateWindowMs: number;
  /** |delta| in shares per underlying; |dollar gamma of 1%| and |vega per vol point| in USD. */
  maxDeltaPerUnderlying: number;
  maxGammaPerUnderlying: number;
  maxVegaPerUnderlying: number;
  /** Totals in summable units: |dollar delta|, |dollar gamma 1%|, |vega per vol point| (USD). */
  maxDollarDeltaTotal: number;
  maxGammaTotal: number;
  maxVegaTotal: number;
  /** Share of gross exposure (0–1) in one underlying / one expiry day. */
  maxConcentrationUnderlying: number;
  maxConcentrationExpiry: number;
  /** Concentration checks pass below this post-trade gross exposure (USD): a small book is concentrated by nature. */
  concentrationMinGross: number;
  /** Buying power that must remain after the order's margin (USD). */
  minBuyingPowerAfter: number;
  varConfidence: number;
  maxVar: number;
  maxStressLoss: number;
  maxOrdersPerMinute: number;
  maxQuoteAgeMs: number;
  /** (ask − bid) / mid. */
  maxSpreadPct: number;
  /** Trading session in minutes after 00:00 UTC on Monday–Friday (UTC); the caller handles DST. */
  sessionOpenMinuteUtc: number;
  sessionCloseMinuteUtc: number;
}

/**
 * A scenario of the fixed set the book is aggregated on: per-underlying moves (fallback for the
 * others). 'var' scenarios (e.g. historical days) feed the VaR; 'stress' ones the worst-loss check.
 */
export interface RiskScenario {
  name: string;
  kind: 'var' | 'stress';
  moves: Readonly<Record<string, Scenario>>;
  fallback?: Scenario;
}

/** Precomputed per-underlying aggregates of the book (see aggregate.ts). */
export interface UnderlyingAggregate {
  market: UnderlyingMarket;
  /** Shares. */
  delta: number;
  /** Dollar gamma of a 1% move, USD. */
  dollarGamma1Pct: number;
  /** USD per vol point. */
  vega: number;
  /** Σ |leg dollar delta|, USD. */
  gross: number;
  /** Reg-T requirement of this underlying's legs (USD). */
  margin: number;
  /** P&L of this underlying's legs per scenario (index-aligned with `scenarios`). */
  pnl: Float64Array;
}

export interface BookAggregates {
  asOfMs: number;
  scenarios: readonly RiskScenario[];
  byUnderlying: Map<string, UnderlyingAggregate>;
  /** Gross exposure per expiry day (ISO date, UTC), USD. */
  grossByExpiry: Map<string, number>;
  grossTotal: number;
  dollarDeltaTotal: number;
  dollarGamma1PctTotal: number;
  vegaTotal: number;
  marginTotal: number;
  /** Σ pnl over underlyings, per scenario. */
  pnlTotal: Float64Array;
  /** Signed quantity per instrument key (`instrumentKey`). */
  positions: Map<string, number>;
}

export interface PipelineInput {
  order: PipelineOrder;
  /** By `instrumentKey` of each leg. */
  quotes: ReadonlyMap<string, ContractQuote>;
  book: BookAggregates;
  account: PipelineAccount;
  limits: PipelineLimits;
  state: PipelineState;
  nowMs: number;
}
