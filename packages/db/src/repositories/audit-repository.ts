import { createHash } from 'node:crypto';
import type { AuditActor, AuditEvent, AuditVerifyResult, ListAuditInput } from '@zomma/contracts';
import { canonicalJson, toJsonValue } from '../canonical-json.ts';
import { type Db, inTransaction, type Tx } from '../client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { LOCKS, lockForTransaction } from '../locks.ts';

/** prevHash of the first event. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The actor of events the system writes on its own (generator, expiry, fills). */
export const SYSTEM_ACTOR: AuditActor = { id: null, email: 'system', role: 'SYSTEM' };

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  data: unknown;
}

export interface HashedFields {
  seq: string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: unknown;
}

/** sha256 hex over prevHash followed by the canonical JSON of the event's fields. */
export function auditHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.data,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

const SELECT = {
  seq: true,
  at: true,
  actorId: true,
  actorEmail: true,
  actorRole: true,
  action: true,
  entityType: true,
  entityId: true,
  data: true,
  prevHash: true,
  hash: true,
} as const;

type Row = Prisma.AuditEventGetPayload<{ select: typeof SELECT }>;

function toDto(r: Row): AuditEvent {
  return { ...r, seq: r.seq.toString() };
}

export function createAuditRepository(db: Db) {
  const { prisma } = db;

  /**
   * Appends one event inside the caller's transaction. Takes the chain's advisory lock
   * (held to commit) so concurrent appends link one after another and never fork.
   */
  async function append(tx: Tx, actor: AuditActor, e: AuditEntry): Promise<AuditEvent> {
    await lockForTransaction(tx, LOCKS.auditChain);
    const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
    const next = await tx.$queryRaw<{ seq: bigint }[]>`
      SELECT nextval(pg_get_serial_sequence('"AuditEvent"', 'seq')) AS seq`;
    const seq = next[0]?.seq;
    if (seq === undefined) throw new Error('audit: no sequence value');
    const prevHash = last?.hash ?? AUDIT_GENESIS_HASH;
    const at = new Date();
    const data = toJsonValue(e.data);
    const fields: HashedFields = {
      seq: seq.toString(),
      at,
      actorId: actor.id,
      actorEmail: actor.email,
      actorRole: actor.role,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      data,
    };
    const row = await tx.auditEvent.create({
      data: {
        seq,
        at,
        actorId: actor.id,
        actorEmail: actor.email,
        actorRole: actor.role,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        data: data as Prisma.InputJsonValue,
        prevHash,
        hash: auditHash(prevHash, fields),
      },
      select: SELECT,
    });
    return toDto(row);
  }

  /**
   * Appends one event in a transaction of its own (same chain, same lock), for mutations whose
   * effect lives outside Postgres (a job enqueued): the event is what the database knows of it.
   */
  function record(actor: AuditActor, e: AuditEntry): Promise<AuditEvent> {
    return inTransaction(prisma, (tx) => append(tx, actor, e));
  }

  async function list(input: ListAuditInput): Promise<AuditEvent[]> {
    const rows = await prisma.auditEvent.findMany({
      where: {
        action: input.action,
        actorEmail: input.actorEmail,
        entityType: input.entityType,
        at: input.from || input.to ? { gte: input.from, lte: input.to } : undefined,
        seq: input.beforeSeq ? { lt: BigInt(input.beforeSeq) } : undefined,
      },
      orderBy: { seq: 'desc' },
      take: input.limit ?? 100,
      select: SELECT,
    });
    return rows.map(toDto);
  }

  /** Recomputes every hash in seq order; reports the first event that does not verify. */
  async function verify(): Promise<AuditVerifyResult> {
    const BATCH = 1000;
    let prevHash = AUDIT_GENESIS_HASH;
    let count = 0;
    let after: bigint | null = null;
    for (;;) {
      const rows: Row[] = await prisma.auditEvent.findMany({
        where: after === null ? undefined : { seq: { gt: after } },
        orderBy: { seq: 'asc' },
        take: BATCH,
        select: SELECT,
      });
      for (const r of rows) {
        const seq = r.seq.toString();
        if (r.prevHash !== prevHash) {
          return {
            intact: false,
            count,
            brokenAtSeq: seq,
            reason: 'prevHash does not link to the previous event',
          };
        }
        if (auditHash(prevHash, { ...r, seq }) !== r.hash) {
          return { intact: false, count, brokenAtSeq: seq, reason: 'hash does not match the event contents' };
        }
        prevHash = r.hash;
        count += 1;
      }
      const last = rows.at(-1);
      if (rows.length < BATCH || !last) break;
      after = last.seq;
    }
    return { intact: true, count, brokenAtSeq: null, reason: null };
  }

  return { append, record, list, verify };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
