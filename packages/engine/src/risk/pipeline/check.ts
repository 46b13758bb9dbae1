/** Building blocks of pipeline checks: labels, number formatting, max-type checks. */
import { WARN_FRACTION } from '../pre-trade-check.ts';
import type { PipelineCheck, PipelineCheckName, PipelineUnit } from './types.ts';

export const LABELS: Record<PipelineCheckName, string> = {
  CONTRACT_VALID: 'Contract valid',
  OPTIONS_LEVEL: 'Options level',
  MAX_LEGS: 'Max legs',
  MAX_CONTRACTS_PER_ORDER: 'Max contracts per order',
  MAX_NOTIONAL_PER_ORDER: 'Max notional per order',
  MAX_LOSS_PER_TRADE: 'Max loss per trade',
  PRICE_COLLAR_MID: 'Price collar vs mid',
  PRICE_COLLAR_THEO: 'Price collar vs theoretical value',
  DUPLICATE_ORDER: 'Duplicate order',
  POST_TRADE_DELTA_UNDERLYING: 'Post-trade delta per underlying',
  POST_TRADE_GAMMA_UNDERLYING: 'Post-trade gamma per underlying',
  POST_TRADE_VEGA_UNDERLYING: 'Post-trade vega per underlying',
  POST_TRADE_DELTA_TOTAL: 'Post-trade dollar delta (total)',
  POST_TRADE_GAMMA_TOTAL: 'Post-trade dollar gamma 1% (total)',
  POST_TRADE_VEGA_TOTAL: 'Post-trade vega (total)',
  CONCENTRATION_UNDERLYING: 'Concentration per underlying',
  CONCENTRATION_EXPIRY: 'Concentration per expiry',
  BUYING_POWER: 'Buying power after margin',
  VAR_POST_TRADE: 'Post-trade VaR',
  STRESS_POST_TRADE: 'Post-trade stress loss',
  ORDER_RATE: 'Orders per minute',
  QUOTE_AGE: 'Quote age',
  SPREAD_WIDTH: 'Bid/ask spread',
  SESSION_HOURS: 'Session hours',
  CIRCUIT_BREAKER: 'Circuit breakers',
  KILL_SWITCH: 'Kill switch',
};

/** The issue's order; `runPreTradePipeline` returns checks in exactly this order. */
export const CHECK_ORDER = Object.keys(LABELS) as PipelineCheckName[];

export function fmt(x: number, unit: PipelineUnit): string {
  if (!Number.isFinite(x)) return String(x);
  if (unit === 'ratio') return `${(x * 100).toFixed(2)}%`;
  const digits = unit === 'USD' || unit === 'USD per vol point' || unit === 'shares' ? 2 : 0;
  // Manual grouping: toLocaleString costs ~10 µs a call, a large share of the per-order budget.
  const [int = '0', frac = ''] = Math.abs(x).toFixed(digits).split('.');
  const trimmed = frac.replace(/0+$/, '');
  const s = `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${trimmed === '' ? '' : `.${trimmed}`}`;
  const sign = x < 0 ? '−' : '';
  return unit === 'USD' || unit === 'USD per vol point' ? `${sign}$${s}` : `${sign}${s} ${unit}`;
}

export function result(
  name: PipelineCheckName,
  status: PipelineCheck['status'],
  value: number,
  limit: number,
  unit: PipelineUnit,
  message: string,
): PipelineCheck {
  const excess = Number.isNaN(value) ? Number.NaN : Math.max(0, value - limit);
  return {
    name,
    label: LABELS[name],
    status,
    value,
    limit,
    excess,
    unit,
    message: `${LABELS[name]}: ${message}`,
  };
}

/** value ≤ limit passes, ≥ WARN_FRACTION·limit warns, > limit fails; non-finite value fails. */
export function maxCheck(
  name: PipelineCheckName,
  value: number,
  limit: number,
  unit: PipelineUnit,
  detail = '',
  warn = true,
): PipelineCheck {
  const d = detail === '' ? '' : ` (${detail})`;
  if (!Number.isFinite(value) || !Number.isFinite(limit)) {
    return result(
      name,
      'fail',
      value,
      limit,
      unit,
      `cannot compare ${fmt(value, unit)} with limit ${fmt(limit, unit)}${d}`,
    );
  }
  if (value > limit) {
    return result(
      name,
      'fail',
      value,
      limit,
      unit,
      `${fmt(value, unit)} > limit ${fmt(limit, unit)}, over by ${fmt(value - limit, unit)}${d}`,
    );
  }
  const near = warn && limit > 0 && value >= WARN_FRACTION * limit;
  const pct = limit > 0 ? Math.round((value / limit) * 100) : 0;
  return result(
    name,
    near ? 'warn' : 'pass',
    value,
    limit,
    unit,
    `${fmt(value, unit)} ≤ limit ${fmt(limit, unit)} (${pct}% of limit${near ? ', near the limit' : ''})${d}`,
  );
}

/** A check that could not be computed: fail closed. */
export function cannotCompute(
  name: PipelineCheckName,
  unit: PipelineUnit,
  limit: number,
  why: string,
): PipelineCheck {
  return result(name, 'fail', Number.NaN, limit, unit, `cannot be computed, failing closed: ${why}`);
}
