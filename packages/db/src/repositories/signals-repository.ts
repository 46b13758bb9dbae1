import {
  AppError,
  type AuditActor,
  DecimalString,
  type ListSignalsInput,
  type Signal,
  SignalExplanation,
  SignalLeg,
} from '@zomma/contracts';
import { type Db, inTransaction, isUniqueViolation } from '../client.ts';
import { type ApproveSignalArgs, type ApproveSignalResult, approveSignal } from './approve-signal.ts';
import { type AuditRepository, SYSTEM_ACTOR } from './audit-repository.ts';
import { loadSignal, lockSignal, SIGNAL_SELECT, toSignalDto } from './signal-mapper.ts';

/** Everything the generator decides about a new signal (the DB fills id, createdAt, status). */
export interface SignalDraft {
  asOf: Date;
  expiresAt: Date;
  underlying: string;
  underlyingPrice: DecimalString;
  strategy: string;
  quantity: number;
  netDebit: DecimalString;
  maxLoss: DecimalString;
  maxProfit: DecimalString;
  /** Default 100. */
  multiplier?: number;
  delta: DecimalString;
  rationale: string;
  /** The model's probability that the proposal is right (0–1); omitted by rules that state none. */
  confidence?: number | null;
  /** Feature attributions of the prediction behind the proposal. */
  explanation?: SignalExplanation | null;
  modelVersionId: string;
  /** One signal per (model, asOf, underlying): a second create with this key returns the first. */
  dedupeKey: string;
  legs: SignalLeg[];
}

function validateDraft(d: SignalDraft): void {
  const decimals = {
    underlyingPrice: d.underlyingPrice,
    netDebit: d.netDebit,
    maxLoss: d.maxLoss,
    maxProfit: d.maxProfit,
    delta: d.delta,
  };
  for (const [field, value] of Object.entries(decimals)) {
    if (!DecimalString.safeParse(value).success) {
      throw new AppError('BAD_INPUT', `signal draft: ${field} is not a decimal with ≤ 6 places: ${value}`, {
        field,
      });
    }
  }
  if (!Number.isInteger(d.quantity) || d.quantity <= 0) {
    throw new AppError('BAD_INPUT', 'signal draft: quantity must be a positive integer', {
      field: 'quantity',
    });
  }
  if (d.confidence != null && !(d.confidence >= 0 && d.confidence <= 1)) {
    throw new AppError('BAD_INPUT', `signal draft: confidence must be in [0, 1], got ${d.confidence}`, {
      field: 'confidence',
    });
  }
  if (d.explanation != null) {
    const parsed = SignalExplanation.safeParse(d.explanation);
    if (!parsed.success) {
      throw new AppError('BAD_INPUT', 'signal draft: invalid explanation', { issues: parsed.error.issues });
    }
  }
  const legs = SignalLeg.array().min(1).safeParse(d.legs);
  if (!legs.success)
    throw new AppError('BAD_INPUT', 'signal draft: invalid legs', { issues: legs.error.issues });
}

export function createSignalsRepository(db: Db, audit: AuditRepository) {
  const { prisma } = db;

  async function findByDedupeKey(dedupeKey: string): Promise<Signal | null> {
    const row = await prisma.signal.findUnique({ where: { dedupeKey }, select: SIGNAL_SELECT });
    return row ? toSignalDto(row) : null;
  }

  return {
    /** Newest first. */
    async list(input: ListSignalsInput): Promise<Signal[]> {
      const rows = await prisma.signal.findMany({
        where: input.status ? { status: input.status } : undefined,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: input.limit ?? 50,
        select: SIGNAL_SELECT,
      });
      return rows.map(toSignalDto);
    },

    get: (id: string): Promise<Signal> => loadSignal(prisma, id),

    /** Idempotent on `dedupeKey`: returns the existing signal instead of a duplicate. */
    async create(draft: SignalDraft): Promise<Signal> {
      validateDraft(draft);
      const existing = await findByDedupeKey(draft.dedupeKey);
      if (existing) return existing;
      const { legs, explanation, confidence, ...columns } = draft;
      try {
        return await inTransaction(prisma, async (tx) => {
          const row = await tx.signal.create({
            data: {
              ...columns,
              confidence: confidence ?? null,
              ...(explanation == null ? {} : { explanation }),
              legs: { create: legs },
            },
            select: SIGNAL_SELECT,
          });
          await audit.append(tx, SYSTEM_ACTOR, {
            action: 'signal.create',
            entityType: 'Signal',
            entityId: row.id,
            data: {
              dedupeKey: draft.dedupeKey,
              modelVersionId: draft.modelVersionId,
              underlying: draft.underlying,
              strategy: draft.strategy,
              quantity: draft.quantity,
              netDebit: draft.netDebit,
            },
          });
          return toSignalDto(row);
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const raced = await findByDedupeKey(draft.dedupeKey);
        if (!raced) throw e;
        return raced;
      }
    },

    approve: (args: ApproveSignalArgs): Promise<ApproveSignalResult> => approveSignal(db, audit, args),

    /** PENDING → REJECTED with the reason; anything else → SIGNAL_NOT_PENDING. */
    async reject(args: { signalId: string; actor: AuditActor; reason: string; now: Date }): Promise<Signal> {
      return inTransaction(prisma, async (tx) => {
        const locked = await lockSignal(tx, args.signalId);
        if (locked.status !== 'PENDING') {
          throw new AppError('SIGNAL_NOT_PENDING', `signal is ${locked.status}, not PENDING`, {
            signalId: args.signalId,
            status: locked.status,
          });
        }
        const row = await tx.signal.update({
          where: { id: args.signalId },
          data: {
            status: 'REJECTED',
            decidedById: args.actor.id,
            decidedAt: args.now,
            decisionReason: args.reason,
          },
          select: SIGNAL_SELECT,
        });
        await audit.append(tx, args.actor, {
          action: 'signal.reject',
          entityType: 'Signal',
          entityId: args.signalId,
          data: { reason: args.reason },
        });
        return toSignalDto(row);
      });
    },

    /** PENDING signals with expiresAt ≤ now become EXPIRED; one `signal.expire` event lists them. */
    async expireDue(now: Date): Promise<number> {
      return inTransaction(prisma, async (tx) => {
        const rows = await tx.$queryRaw<{ id: string }[]>`
          UPDATE "Signal" SET status = 'EXPIRED'
          WHERE status = 'PENDING' AND "expiresAt" <= ${now}
          RETURNING id::text AS id`;
        if (rows.length > 0) {
          const ids = rows.map((r) => r.id).sort();
          await audit.append(tx, SYSTEM_ACTOR, {
            action: 'signal.expire',
            entityType: 'Signal',
            entityId: ids.length === 1 && ids[0] ? ids[0] : 'many',
            data: { ids, now },
          });
        }
        return rows.length;
      });
    },
  };
}

export type SignalsRepository = ReturnType<typeof createSignalsRepository>;
