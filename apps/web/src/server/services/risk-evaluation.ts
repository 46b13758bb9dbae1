import type { PortfolioRisk, RiskLimits, RiskVerdict, Signal } from '@zomma/contracts';
import { preTradeCheck } from '@zomma/engine/risk';

/** What one signal would add to the book if approved at its proposed quantity. */
export interface SignalExposure {
  /** Contracts over all legs: quantity × Σ ratios. */
  contracts: number;
  /** Dollars: per-unit max loss (multiplier applied) × quantity. */
  maxLossDollars: number;
  /** Shares of underlying: per-unit share-equivalent delta × quantity. */
  deltaShares: number;
}

export function signalExposure(
  signal: Pick<Signal, 'quantity' | 'maxLoss' | 'delta' | 'legs'>,
): SignalExposure {
  const ratioSum = signal.legs.reduce((sum, leg) => sum + leg.ratio, 0);
  return {
    contracts: signal.quantity * ratioSum,
    maxLossDollars: Number(signal.maxLoss) * signal.quantity,
    deltaShares: Number(signal.delta) * signal.quantity,
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
 * exposure the book is about to carry.
 */
export function evaluateSignal({ signal, limits, portfolio }: EvaluationContext): RiskVerdict {
  return preTradeCheck(
    signalExposure(signal),
    { deltaShares: portfolio.delta + portfolio.pendingDelta },
    {
      version: limits.version,
      maxContractsPerOrder: limits.maxContractsPerOrder,
      maxLossPerTrade: Number(limits.maxLossPerTrade),
      maxPortfolioDelta: Number(limits.maxPortfolioDelta),
    },
  );
}
