import type { PortfolioRisk, RiskLimits, RiskVerdict, Signal } from '@zomma/contracts';
import { preTradeCheck } from '@zomma/engine/risk';

/**
 * Exact decimal arithmetic for money and exposures: DecimalString values (at most 6 decimals)
 * as BigInt millionths, turned into numbers only at the end. Equal decimals then give equal
 * numbers (one correctly rounded division of the same integer), so 0.07 × 100 compares equal
 * to a 7 limit, where floats would say 7.000000000000001 > 7.
 */
const SCALE = 1_000_000n;
const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,6}))?$/;

export function toMicros(value: string): bigint {
  const m = DECIMAL.exec(value);
  if (!m) throw new RangeError(`not a decimal with at most 6 places: ${value}`);
  const [, sign = '', int = '0', frac = ''] = m;
  const micros = BigInt(int) * SCALE + BigInt(frac.padEnd(6, '0'));
  return sign === '-' ? -micros : micros;
}

/** A number with at most 6 decimals (as read from a Decimal(18,6) column) to millionths. */
function numberToMicros(value: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return BigInt(Math.round(value * 1e6));
}

export function microsToNumber(micros: bigint): number {
  return Number(micros) / 1e6;
}

/**
 * The natural net price of one unit per share, in millionths: Σ ask × ratio over BUY legs −
 * Σ bid × ratio over SELL legs (positive = debit, negative = credit). The order's limit price.
 */
export function naturalNetMicros(legs: Signal['legs']): bigint {
  let net = 0n;
  for (const leg of legs) {
    net +=
      leg.side === 'BUY' ? toMicros(leg.ask) * BigInt(leg.ratio) : -toMicros(leg.bid) * BigInt(leg.ratio);
  }
  return net;
}

/** What one signal would add to the book if approved at its proposed quantity. */
export interface SignalExposure {
  /** Contracts over all legs: quantity × Σ ratios. */
  contracts: number;
  /**
   * Dollars: the per-unit max loss at the order's limit price × quantity. The signal's maxLoss
   * is at the mid net premium; paying the natural price instead costs (natural − mid) ×
   * multiplier more per unit.
   */
  maxLossDollars: number;
  /** Shares of underlying: per-unit share-equivalent delta × quantity. */
  deltaShares: number;
}

export function signalExposure(
  signal: Pick<Signal, 'quantity' | 'maxLoss' | 'netDebit' | 'multiplier' | 'delta' | 'legs'>,
): SignalExposure {
  const ratioSum = signal.legs.reduce((sum, leg) => sum + leg.ratio, 0);
  const quantity = BigInt(signal.quantity);
  const slippage = (naturalNetMicros(signal.legs) - toMicros(signal.netDebit)) * BigInt(signal.multiplier);
  const maxLossPerUnit = toMicros(signal.maxLoss) + slippage;
  return {
    contracts: signal.quantity * ratioSum,
    maxLossDollars: microsToNumber(maxLossPerUnit * quantity),
    deltaShares: microsToNumber(toMicros(signal.delta) * quantity),
  };
}

export interface EvaluationContext {
  signal: Signal;
  limits: RiskLimits;
  portfolio: PortfolioRisk;
}

/**
 * The pre-trade check of `signal` against `limits` given the current portfolio (engine's
 * rules). The book's delta includes orders in flight (approved, not yet filled): they are
 * exposure the book is about to carry. Every input is exact to the 6th decimal (see toMicros).
 */
export function evaluateSignal({ signal, limits, portfolio }: EvaluationContext): RiskVerdict {
  const book = numberToMicros(portfolio.delta) + numberToMicros(portfolio.pendingDelta);
  return preTradeCheck(
    signalExposure(signal),
    { deltaShares: microsToNumber(book) },
    {
      version: limits.version,
      maxContractsPerOrder: limits.maxContractsPerOrder,
      maxLossPerTrade: microsToNumber(toMicros(limits.maxLossPerTrade)),
      maxPortfolioDelta: microsToNumber(toMicros(limits.maxPortfolioDelta)),
    },
  );
}
