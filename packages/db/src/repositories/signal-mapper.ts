import { AppError, RiskVerdict, type Signal, SignalExplanation } from '@zomma/contracts';
import type { Db, Tx } from '../client.ts';
import { decimalString } from '../decimal.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export const SIGNAL_SELECT = {
  id: true,
  createdAt: true,
  asOf: true,
  expiresAt: true,
  underlying: true,
  underlyingPrice: true,
  strategy: true,
  quantity: true,
  netDebit: true,
  maxLoss: true,
  maxProfit: true,
  multiplier: true,
  delta: true,
  rationale: true,
  confidence: true,
  explanation: true,
  status: true,
  modelVersion: { select: { id: true, name: true, version: true, kind: true } },
  decidedBy: { select: { email: true } },
  decidedAt: true,
  decisionReason: true,
  riskVerdict: true,
  legs: {
    orderBy: { idx: 'asc' },
    select: {
      idx: true,
      symbol: true,
      right: true,
      side: true,
      ratio: true,
      strike: true,
      expiry: true,
      bid: true,
      ask: true,
      mid: true,
      iv: true,
      delta: true,
    },
  },
  order: { select: { id: true, clientOrderId: true, status: true, rejectReason: true } },
} as const satisfies Prisma.SignalSelect;

type Row = Prisma.SignalGetPayload<{ select: typeof SIGNAL_SELECT }>;

export function toSignalDto(r: Row): Signal {
  return {
    id: r.id,
    createdAt: r.createdAt,
    asOf: r.asOf,
    expiresAt: r.expiresAt,
    underlying: r.underlying,
    underlyingPrice: decimalString(r.underlyingPrice),
    strategy: r.strategy,
    quantity: r.quantity,
    netDebit: decimalString(r.netDebit),
    maxLoss: decimalString(r.maxLoss),
    maxProfit: decimalString(r.maxProfit),
    multiplier: r.multiplier,
    delta: decimalString(r.delta),
    rationale: r.rationale,
    confidence: r.confidence,
    // Like the verdict: a corrupt stored explanation fails here, not in the browser.
    explanation: r.explanation === null ? null : SignalExplanation.parse(r.explanation),
    status: r.status,
    model: r.modelVersion,
    decidedByEmail: r.decidedBy?.email ?? null,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
    // Fail fast on a corrupt stored verdict rather than passing it on.
    riskVerdict: r.riskVerdict === null ? null : RiskVerdict.parse(r.riskVerdict),
    legs: r.legs.map((l) => ({
      idx: l.idx,
      symbol: l.symbol,
      right: l.right,
      side: l.side,
      ratio: l.ratio,
      strike: decimalString(l.strike),
      expiry: l.expiry,
      bid: decimalString(l.bid),
      ask: decimalString(l.ask),
      mid: decimalString(l.mid),
      iv: decimalString(l.iv),
      delta: decimalString(l.delta),
    })),
    order: r.order,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

export async function loadSignal(client: Tx | Db['prisma'], id: string): Promise<Signal> {
  const row = isUuid(id) ? await client.signal.findUnique({ where: { id }, select: SIGNAL_SELECT }) : null;
  if (!row) throw new AppError('NOT_FOUND', `signal ${id} not found`, { signalId: id });
  return toSignalDto(row);
}

/** Locks the signal row (SELECT … FOR UPDATE) for the rest of the transaction. */
export async function lockSignal(tx: Tx, id: string): Promise<{ status: string; expiresAt: Date }> {
  const rows = isUuid(id)
    ? await tx.$queryRaw<{ status: string; expiresAt: Date }[]>`
        SELECT status::text AS status, "expiresAt" FROM "Signal" WHERE id = ${id}::uuid FOR UPDATE`
    : [];
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', `signal ${id} not found`, { signalId: id });
  return row;
}
