/**
 * Pre-trade risk checks against versioned limits. The result is structurally identical to
 * `RiskVerdict` in packages/contracts/src/risk.schema.ts (the engine does not import contracts).
 */

export type RiskCheckName = 'MAX_CONTRACTS_PER_ORDER' | 'MAX_LOSS_PER_TRADE' | 'MAX_PORTFOLIO_DELTA';
export type RiskCheckStatus = 'pass' | 'warn' | 'fail';
export type RiskUnit = 'contracts' | 'USD' | 'shares';

export interface RiskCheck {
  name: RiskCheckName;
  label: string;
  status: RiskCheckStatus;
  /** What the trade would make the measured quantity. */
  value: number;
  limit: number;
  /** How far over the limit (0 when within). */
  excess: number;
  unit: RiskUnit;
  message: string;
}

export interface RiskVerdict {
  ok: boolean;
  limitsVersion: number;
  checks: RiskCheck[];
}

export interface TradeRisk {
  /** Total contracts of the order (Σ ratio × quantity over legs). */
  contracts: number;
  /** Worst-case loss of the whole trade in dollars (per-share max loss × multiplier × quantity). */
  maxLossDollars: number;
  /** Share-equivalent delta the trade adds (signed). */
  deltaShares: number;
}

export interface PortfolioExposure {
  /** Share-equivalent delta of open positions (signed). */
  deltaShares: number;
}

export interface RiskLimitsInput {
  version: number;
  maxContractsPerOrder: number;
  maxLossPerTrade: number;
  maxPortfolioDelta: number;
}

/** A check warns when its value reaches this fraction of the limit. */
export const WARN_FRACTION = 0.9;

const LABELS: Record<RiskCheckName, string> = {
  MAX_CONTRACTS_PER_ORDER: 'Max contracts per order',
  MAX_LOSS_PER_TRADE: 'Max loss per trade',
  MAX_PORTFOLIO_DELTA: 'Max portfolio delta',
};

function formatNumber(x: number, decimals: number): string {
  const [int = '0', frac] = Math.abs(x).toFixed(decimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${x < 0 ? '−' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

function format(x: number, unit: RiskUnit): string {
  if (unit === 'USD') return `${x < 0 ? '−' : ''}$${formatNumber(Math.abs(x), 2)}`;
  // Shares may be fractional (delta); show up to 2 decimals without trailing zeros.
  return unit === 'contracts' ? formatNumber(x, 0) : formatNumber(x, Number.isInteger(x) ? 0 : 2);
}

function check(
  name: RiskCheckName,
  value: number,
  limit: number,
  unit: RiskUnit,
  valueText: string,
): RiskCheck {
  const label = LABELS[name];
  const excess = Math.max(0, value - limit);
  const status: RiskCheckStatus = value > limit ? 'fail' : value >= WARN_FRACTION * limit ? 'warn' : 'pass';
  const suffix = unit === 'shares' ? ' shares' : '';
  const limitText = `${format(limit, unit)}${suffix}`;
  let message: string;
  if (status === 'fail') {
    message = `${label}: ${valueText} > limit ${limitText} (over by ${format(excess, unit)}${suffix})`;
  } else {
    const pct = limit > 0 ? Math.round((value / limit) * 100) : 0;
    message = `${label}: ${valueText} ≤ limit ${limitText} (${pct}% of limit${status === 'warn' ? ', near the limit' : ''})`;
  }
  return { name, label, status, value, limit, excess, unit, message };
}

function assertFinite(values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values)) {
    if (!Number.isFinite(v)) throw new RangeError(`${k} must be a finite number`);
  }
}

/**
 * Checks one trade against the limits: contracts per order, max loss per trade, and the absolute
 * portfolio delta after the trade, |portfolio + trade|. `ok` is false when any check fails.
 * Inputs must be finite: a strategy with unlimited loss must be refused before it gets here.
 */
export function preTradeCheck(
  trade: TradeRisk,
  portfolio: PortfolioExposure,
  limits: RiskLimitsInput,
): RiskVerdict {
  assertFinite({ ...trade, portfolioDelta: portfolio.deltaShares, ...limits });
  if (trade.contracts < 0 || trade.maxLossDollars < 0) {
    throw new RangeError('contracts and maxLossDollars must be ≥ 0');
  }
  const contracts = check(
    'MAX_CONTRACTS_PER_ORDER',
    trade.contracts,
    limits.maxContractsPerOrder,
    'contracts',
    format(trade.contracts, 'contracts'),
  );
  const loss = check(
    'MAX_LOSS_PER_TRADE',
    trade.maxLossDollars,
    limits.maxLossPerTrade,
    'USD',
    format(trade.maxLossDollars, 'USD'),
  );
  const after = portfolio.deltaShares + trade.deltaShares;
  const deltaText = `|${format(portfolio.deltaShares, 'shares')} + ${format(trade.deltaShares, 'shares')}| = ${format(Math.abs(after), 'shares')} shares`;
  const delta = check('MAX_PORTFOLIO_DELTA', Math.abs(after), limits.maxPortfolioDelta, 'shares', deltaText);
  const checks = [contracts, loss, delta];
  return { ok: checks.every((c) => c.status !== 'fail'), limitsVersion: limits.version, checks };
}
