import { z } from 'zod';
import { DecimalString, PageInput, Reason, Uuid } from './common.schema.ts';
import { SignalExplanation } from './ml/model-registry.schema.ts';
import { ModelRef } from './model.schema.ts';
import { RiskVerdict } from './risk.schema.ts';

export const SignalStatus = z.enum(['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED']);
export type SignalStatus = z.infer<typeof SignalStatus>;
export const OptionRight = z.enum(['CALL', 'PUT']);
export type OptionRight = z.infer<typeof OptionRight>;
export const Side = z.enum(['BUY', 'SELL']);
export type Side = z.infer<typeof Side>;
export const OrderStatus = z.enum(['NEW', 'SUBMITTING', 'ACCEPTED', 'FILLED', 'REJECTED', 'CANCELED']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const SignalLeg = z.object({
  idx: z.number().int().nonnegative(),
  symbol: z.string(),
  right: OptionRight,
  side: Side,
  ratio: z.number().int().positive(),
  strike: DecimalString,
  expiry: z.date(),
  bid: DecimalString,
  ask: DecimalString,
  mid: DecimalString,
  iv: DecimalString,
  delta: DecimalString,
});
export type SignalLeg = z.infer<typeof SignalLeg>;

export const OrderRef = z.object({
  id: z.uuid(),
  clientOrderId: z.string(),
  status: OrderStatus,
  rejectReason: z.string().nullable(),
});
export type OrderRef = z.infer<typeof OrderRef>;

export const Signal = z.object({
  id: z.uuid(),
  createdAt: z.date(),
  asOf: z.date(),
  expiresAt: z.date(),
  underlying: z.string(),
  underlyingPrice: DecimalString,
  strategy: z.string(),
  quantity: z.number().int().positive(),
  /** Per-share net premium of one unit: positive = debit, negative = credit. */
  netDebit: DecimalString,
  maxLoss: DecimalString,
  maxProfit: DecimalString,
  multiplier: z.number().int().positive(),
  delta: DecimalString,
  rationale: z.string(),
  status: SignalStatus,
  model: ModelRef,
  /** The model's confidence in the proposal (probability, 0–1); null for rules that state none. */
  confidence: z.number().min(0).max(1).nullable(),
  /** Why the model proposed it (feature attributions); null when the model gives none. */
  explanation: SignalExplanation.nullable(),
  decidedByEmail: z.string().nullable(),
  decidedAt: z.date().nullable(),
  decisionReason: z.string().nullable(),
  /** The verdict recorded at decision time. */
  riskVerdict: RiskVerdict.nullable(),
  legs: z.array(SignalLeg),
  order: OrderRef.nullable(),
});
export type Signal = z.infer<typeof Signal>;

/** A signal as the trader sees it: with the verdict against the limits in force now. */
export const SignalView = Signal.extend({ currentVerdict: RiskVerdict.nullable() });
export type SignalView = z.infer<typeof SignalView>;

export const ListSignalsInput = PageInput.extend({
  status: SignalStatus.optional(),
});
export type ListSignalsInput = z.infer<typeof ListSignalsInput>;

export const SignalIdInput = z.object({ signalId: Uuid });
export type SignalIdInput = z.infer<typeof SignalIdInput>;

export const RejectSignalInput = z.object({ signalId: Uuid, reason: Reason });
export type RejectSignalInput = z.infer<typeof RejectSignalInput>;

export const ApproveSignalOutput = z.object({
  signalId: z.uuid(),
  orderId: z.uuid(),
  clientOrderId: z.string(),
  verdict: RiskVerdict,
});
export type ApproveSignalOutput = z.infer<typeof ApproveSignalOutput>;
