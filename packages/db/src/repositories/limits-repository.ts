import { AppError, type AuditActor, type RiskLimits, type UpdateLimitsInput } from '@zomma/contracts';
import { type Db, inTransaction, isUniqueViolation, type Tx } from '../client.ts';
import { decimalString } from '../decimal.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { LOCKS, lockForTransaction } from '../locks.ts';
import type { AuditRepository } from './audit-repository.ts';

const SELECT = {
  id: true,
  version: true,
  maxContractsPerOrder: true,
  maxLossPerTrade: true,
  maxPortfolioDelta: true,
  reason: true,
  createdAt: true,
  createdBy: { select: { email: true } },
} as const;

type Row = Prisma.RiskLimitVersionGetPayload<{ select: typeof SELECT }>;

function toDto(r: Row): RiskLimits {
  return {
    id: r.id,
    version: r.version,
    maxContractsPerOrder: r.maxContractsPerOrder,
    maxLossPerTrade: decimalString(r.maxLossPerTrade),
    maxPortfolioDelta: decimalString(r.maxPortfolioDelta),
    reason: r.reason,
    createdAt: r.createdAt,
    createdByEmail: r.createdBy?.email ?? null,
  };
}

/** The limits in force (highest version), read with the given client (inside a tx or not). */
export async function currentLimits(client: Tx | Db['prisma']): Promise<RiskLimits> {
  const row = await client.riskLimitVersion.findFirst({ orderBy: { version: 'desc' }, select: SELECT });
  if (!row) throw new AppError('NOT_FOUND', 'no risk limits are configured (run the seed)');
  return toDto(row);
}

function limitValues(l: RiskLimits) {
  return {
    version: l.version,
    maxContractsPerOrder: l.maxContractsPerOrder,
    maxLossPerTrade: l.maxLossPerTrade,
    maxPortfolioDelta: l.maxPortfolioDelta,
  };
}

export function createLimitsRepository(db: Db, audit: AuditRepository) {
  const { prisma } = db;
  return {
    current: () => currentLimits(prisma),

    /** Newest first. */
    async history(limit: number): Promise<RiskLimits[]> {
      const rows = await prisma.riskLimitVersion.findMany({
        orderBy: { version: 'desc' },
        take: Math.max(1, Math.min(limit, 500)),
        select: SELECT,
      });
      return rows.map(toDto);
    },

    /**
     * Inserts version+1 with an audit event `limit.update` ({ old, new }). A stale
     * `expectedVersion` (someone changed the limits since the editor loaded them) → CONFLICT.
     */
    async update(
      actor: AuditActor,
      input: UpdateLimitsInput,
    ): Promise<{ previous: RiskLimits; current: RiskLimits }> {
      try {
        return await inTransaction(prisma, async (tx) => {
          await lockForTransaction(tx, LOCKS.limits);
          const previous = await currentLimits(tx);
          if (previous.version !== input.expectedVersion) {
            throw new AppError(
              'CONFLICT',
              `limits changed meanwhile: you edited version ${input.expectedVersion}, version ${previous.version} is in force`,
              { expectedVersion: input.expectedVersion, currentVersion: previous.version },
            );
          }
          const row = await tx.riskLimitVersion.create({
            data: {
              version: previous.version + 1,
              maxContractsPerOrder: input.maxContractsPerOrder,
              maxLossPerTrade: input.maxLossPerTrade,
              maxPortfolioDelta: input.maxPortfolioDelta,
              reason: input.reason,
              createdById: actor.id,
            },
            select: SELECT,
          });
          const current = toDto(row);
          await audit.append(tx, actor, {
            action: 'limit.update',
            entityType: 'RiskLimitVersion',
            entityId: current.id,
            data: { old: limitValues(previous), new: limitValues(current), reason: input.reason },
          });
          return { previous, current };
        });
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new AppError('CONFLICT', 'limits changed meanwhile; reload and try again', undefined, {
            cause: e,
          });
        }
        throw e;
      }
    },
  };
}

export type LimitsRepository = ReturnType<typeof createLimitsRepository>;
