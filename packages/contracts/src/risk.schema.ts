import { z } from 'zod';
import { DecimalString, PositiveDecimalString, Reason } from './common.schema.ts';

export const RiskCheckName = z.enum(['MAX_CONTRACTS_PER_ORDER', 'MAX_LOSS_PER_TRADE', 'MAX_PORTFOLIO_DELTA']);
export type RiskCheckName = z.infer<typeof RiskCheckName>;

export const RiskCheck = z.object({
  name: RiskCheckName,
  label: z.string(),
  status: z.enum(['pass', 'warn', 'fail']),
  /** What the trade would make the measured quantity. */
  value: z.number(),
  limit: z.number(),
  /** How far over the limit (0 when within). */
  excess: z.number().nonnegative(),
  unit: z.enum(['contracts', 'USD', 'shares']),
  message: z.string(),
});
export type RiskCheck = z.infer<typeof RiskCheck>;

export const RiskVerdict = z.object({
  ok: z.boolean(),
  limitsVersion: z.number().int(),
  checks: z.array(RiskCheck),
});
export type RiskVerdict = z.infer<typeof RiskVerdict>;

export const RiskLimits = z.object({
  id: z.uuid(),
  version: z.number().int().positive(),
  maxContractsPerOrder: z.number().int().positive(),
  maxLossPerTrade: DecimalString,
  maxPortfolioDelta: DecimalString,
  reason: z.string(),
  createdAt: z.date(),
  createdByEmail: z.string().nullable(),
});
export type RiskLimits = z.infer<typeof RiskLimits>;

export const UpdateLimitsInput = z.object({
  /** The version the editor saw: a stale form is refused instead of overwriting a newer change. */
  expectedVersion: z.number().int().positive(),
  maxContractsPerOrder: z.number().int().min(1).max(1_000_000),
  maxLossPerTrade: PositiveDecimalString,
  maxPortfolioDelta: PositiveDecimalString,
  reason: Reason,
});
export type UpdateLimitsInput = z.infer<typeof UpdateLimitsInput>;

export const PortfolioRisk = z.object({
  /** Share-equivalent delta of all open positions at their last marks. */
  delta: z.number(),
  /**
   * Share-equivalent delta of approved orders not yet filled (NEW, SUBMITTING, ACCEPTED).
   * Pre-trade checks count it: an order in flight is exposure the book is about to carry.
   */
  pendingDelta: z.number(),
  openOrders: z.number().int().nonnegative(),
  positions: z.number().int().nonnegative(),
  unrealizedPnl: z.number(),
  realizedPnl: z.number(),
});
export type PortfolioRisk = z.infer<typeof PortfolioRisk>;
