import { createHash } from 'node:crypto';
import type { AuditActor } from '@zomma/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../client.ts';
import { createTestDatabase, type TestDatabase } from '../testing.ts';
import { AUDIT_GENESIS_HASH } from './audit-repository.ts';

let t: TestDatabase;
const actor: AuditActor = { id: null, email: 'tester@zomma.dev', role: 'ADMIN' };

beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 12 });
});
afterAll(() => t.drop());

async function append(n: number, data: (i: number) => unknown = (i) => ({ i })) {
  for (let i = 0; i < n; i++) {
    await inTransaction(t.db.prisma, (tx) =>
      t.repos.audit.append(tx, actor, {
        action: 'test.event',
        entityType: 'Test',
        entityId: String(i),
        data: data(i),
      }),
    );
  }
}

async function superuser<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: t.url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('audit chain', () => {
  it('links events and hashes them as documented (recomputed independently here)', async () => {
    await append(3, (i) => ({ z: i, a: { y: [1, 2], x: 'é' } }));
    const events = (await t.repos.audit.list({ limit: 10 })).reverse();
    expect(events).toHaveLength(3);
    expect(events[0]?.prevHash).toBe(AUDIT_GENESIS_HASH);
    let prev = AUDIT_GENESIS_HASH;
    for (const e of events) {
      expect(e.prevHash).toBe(prev);
      // Canonical JSON written by hand: keys sorted at every depth, no spaces.
      const body =
        `{"action":"test.event","actorEmail":"tester@zomma.dev","actorId":null,"actorRole":"ADMIN",` +
        `"at":"${e.at.toISOString()}","data":{"a":{"x":"é","y":[1,2]},"z":${e.entityId}},` +
        `"entityId":"${e.entityId}","entityType":"Test","seq":"${e.seq}"}`;
      expect(e.hash).toBe(
        createHash('sha256')
          .update(prev + body)
          .digest('hex'),
      );
      prev = e.hash;
    }
    expect(await t.repos.audit.verify()).toEqual({ intact: true, count: 3, brokenAtSeq: null, reason: null });
  });

  it('keeps one unforked chain under 50 concurrent appends', async () => {
    const before = (await t.repos.audit.verify()).count;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        inTransaction(t.db.prisma, (tx) =>
          t.repos.audit.append(tx, actor, {
            action: 'test.concurrent',
            entityType: 'Test',
            entityId: `c${i}`,
            data: { i },
          }),
        ),
      ),
    );
    const result = await t.repos.audit.verify();
    expect(result).toEqual({ intact: true, count: before + 50, brokenAtSeq: null, reason: null });
    const prevHashes = await t.db.prisma.auditEvent.groupBy({ by: ['prevHash'], _count: true });
    expect(prevHashes.every((g) => g._count === 1)).toBe(true);
  });

  it('an append rolled back with its transaction leaves the chain intact', async () => {
    const before = (await t.repos.audit.verify()).count;
    await expect(
      inTransaction(t.db.prisma, async (tx) => {
        await t.repos.audit.append(tx, actor, {
          action: 'test.rollback',
          entityType: 'Test',
          entityId: 'r',
          data: {},
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await append(1);
    expect(await t.repos.audit.verify()).toMatchObject({ intact: true, count: before + 1 });
  });

  it('record appends one committed event in its own transaction, on the same chain', async () => {
    const before = await t.repos.audit.verify();
    const lastBefore = (await t.repos.audit.list({ limit: 1 }))[0];
    const event = await t.repos.audit.record(actor, {
      action: 'test.record',
      entityType: 'Test',
      entityId: 'rec-1',
      data: { jobId: 'j-1' },
    });
    expect(event).toMatchObject({
      action: 'test.record',
      entityId: 'rec-1',
      actorEmail: 'tester@zomma.dev',
      data: { jobId: 'j-1' },
      prevHash: lastBefore?.hash,
    });
    // Committed: visible to another connection's query.
    expect((await t.repos.audit.list({ limit: 1 }))[0]?.seq).toBe(event.seq);
    // Concurrent records and appends still form one unforked chain.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? t.repos.audit.record(actor, {
              action: 'test.record',
              entityType: 'Test',
              entityId: `r${i}`,
              data: {},
            })
          : inTransaction(t.db.prisma, (tx) =>
              t.repos.audit.append(tx, actor, {
                action: 'test.append',
                entityType: 'Test',
                entityId: `a${i}`,
                data: {},
              }),
            ),
      ),
    );
    expect(await t.repos.audit.verify()).toEqual({
      intact: true,
      count: before.count + 11,
      brokenAtSeq: null,
      reason: null,
    });
  });

  it('the trigger refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(t.db.prisma.$executeRaw`UPDATE "AuditEvent" SET action = 'x'`).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.prisma.$executeRaw`DELETE FROM "AuditEvent"`).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(/append-only/);
    expect((await t.repos.audit.verify()).intact).toBe(true);
  });

  it('lists newest first with filters and paging', async () => {
    const page = await t.repos.audit.list({ action: 'test.concurrent', limit: 10 });
    expect(page).toHaveLength(10);
    expect(page.every((e) => e.action === 'test.concurrent')).toBe(true);
    const seqs = page.map((e) => BigInt(e.seq));
    expect([...seqs].sort((a, b) => (a > b ? -1 : 1))).toEqual(seqs);
    const older = await t.repos.audit.list({
      action: 'test.concurrent',
      beforeSeq: page.at(-1)?.seq,
      limit: 100,
    });
    expect(older).toHaveLength(40);
    expect(await t.repos.audit.list({ actorEmail: 'nobody@x', limit: 5 })).toEqual([]);
  });

  it('detects a row changed behind the trigger by a superuser', async () => {
    const events = (await t.repos.audit.list({ limit: 500 })).reverse();
    const victim = events[5];
    if (!victim) throw new Error('fixture');
    await superuser(async (c) => {
      await c.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_delete"');
      await c.query(`UPDATE "AuditEvent" SET data = '{"i": 999}' WHERE seq = $1`, [victim.seq]);
      await c.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_no_update_delete"');
    });
    expect(await t.repos.audit.verify()).toEqual({
      intact: false,
      count: 5,
      brokenAtSeq: victim.seq,
      reason: 'hash does not match the event contents',
    });
    // A forger who also rewrites the hash breaks the next event's link instead.
    const next = events[6];
    if (!next) throw new Error('fixture');
    await superuser(async (c) => {
      await c.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_delete"');
      await c.query(`UPDATE "AuditEvent" SET data = $2 WHERE seq = $1`, [
        victim.seq,
        JSON.stringify(victim.data),
      ]);
      await c.query(`DELETE FROM "AuditEvent" WHERE seq = $1`, [next.seq]);
      await c.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_no_update_delete"');
    });
    const afterDelete = await t.repos.audit.verify();
    expect(afterDelete.intact).toBe(false);
    expect(afterDelete.reason).toBe('prevHash does not link to the previous event');
    expect(afterDelete.brokenAtSeq).toBe(events[7]?.seq);
  });
});
