import { type AuditActor, ModelOverview, RiskLimits } from '@zomma/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.ts';

let t: TestDatabase;
let risk: AuditActor;
let admin: AuditActor;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  const r = await t.repos.users.findForSignIn('  Risk@Zomma.dev ');
  const a = await t.repos.users.findForSignIn('admin@zomma.dev');
  if (!r || !a) throw new Error('seed lacks users');
  risk = { id: r.id, email: r.email, role: r.role };
  admin = { id: a.id, email: a.email, role: a.role };
});
afterAll(() => t.drop());

const update = (expectedVersion: number, maxLossPerTrade = '6000.5') => ({
  expectedVersion,
  maxContractsPerOrder: 30,
  maxLossPerTrade,
  maxPortfolioDelta: '1500.25',
  reason: 'tighter after review',
});

describe('limits', () => {
  it('current is the seeded v1', async () => {
    const c = await t.repos.limits.current();
    expect(RiskLimits.parse(c)).toMatchObject({
      version: 1,
      maxContractsPerOrder: 40,
      maxLossPerTrade: '5000',
      maxPortfolioDelta: '2000',
      reason: 'initial defaults',
      createdByEmail: null,
    });
  });

  it('update inserts v2 with an audit {old,new}; a stale expectedVersion is a CONFLICT', async () => {
    const { previous, current } = await t.repos.limits.update(risk, update(1));
    expect(previous.version).toBe(1);
    expect(current).toMatchObject({
      version: 2,
      maxContractsPerOrder: 30,
      maxLossPerTrade: '6000.5',
      maxPortfolioDelta: '1500.25',
      createdByEmail: 'risk@zomma.dev',
    });
    const [event] = await t.repos.audit.list({ action: 'limit.update', limit: 1 });
    expect(event).toMatchObject({
      actorEmail: 'risk@zomma.dev',
      actorRole: 'RISK_MANAGER',
      data: {
        old: { version: 1, maxContractsPerOrder: 40, maxLossPerTrade: '5000', maxPortfolioDelta: '2000' },
        new: {
          version: 2,
          maxContractsPerOrder: 30,
          maxLossPerTrade: '6000.5',
          maxPortfolioDelta: '1500.25',
        },
      },
    });
    await expect(t.repos.limits.update(risk, update(1))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await t.repos.limits.current()).version).toBe(2);
  });

  it('two concurrent edits of the same version: one wins, one CONFLICT', async () => {
    const results = await Promise.allSettled([
      t.repos.limits.update(risk, update(2, '7000')),
      t.repos.limits.update(risk, update(2, '8000')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.status === 'rejected' && failed.reason).toMatchObject({ code: 'CONFLICT' });
    const history = await t.repos.limits.history(10);
    expect(history.map((h) => h.version)).toEqual([3, 2, 1]);
    expect(await t.repos.limits.history(1)).toHaveLength(1);
  });
});

describe('models', () => {
  it('overview: signal-rule v1 champion, v2 challenger (parent v1), two SEED events', async () => {
    const [o] = await t.repos.models.overview();
    expect(o && ModelOverview.parse(o)).toBeTruthy();
    expect(o?.name).toBe('signal-rule');
    const v1 = o?.versions.find((v) => v.version === 1);
    const v2 = o?.versions.find((v) => v.version === 2);
    expect(v1).toMatchObject({
      kind: 'RULE',
      aliases: ['champion'],
    });
    // Not evaluated yet: no metrics rather than made-up zeros.
    expect(v1?.metrics).toEqual({});
    expect(v1?.hyperparameters).toEqual({
      rule: 'baseline-momentum-condor',
      shortDelta: 0.2,
      wingWidth: 5,
      dte: 30,
      quantity: 2,
    });
    expect(v2).toMatchObject({ aliases: ['challenger'], parentId: v1?.id });
    expect(o?.history.map((h) => [h.action, h.alias, h.fromVersion, h.toVersion])).toEqual(
      expect.arrayContaining([
        ['SEED', 'champion', null, 1],
        ['SEED', 'challenger', null, 2],
      ]),
    );
    // sha256 of the canonical JSON of the parameters, computed independently.
    const { createHash } = await import('node:crypto');
    const canonical =
      '{"dte":30,"quantity":2,"rule":"baseline-momentum-condor","shortDelta":0.2,"wingWidth":5}';
    expect(v1?.sha256).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('promote / promote / rollback / rollback / nothing left, with events and audits', async () => {
    const v1 = await t.repos.models.champion('signal-rule');
    const v3 = await t.repos.models.createVersion({
      name: 'signal-rule',
      kind: 'RULE',
      description: 'v3',
      metrics: { backtestSharpe: 0 },
      hyperparameters: { rule: 'x', quantity: 1 },
      parentId: v1.id,
    });
    expect(v3.version).toBe(3);
    const overview = async () => (await t.repos.models.overview())[0];
    const v2id = (await overview())?.versions.find((v) => v.version === 2)?.id ?? '';

    const p1 = await t.repos.models.promote(admin, {
      name: 'signal-rule',
      versionId: v2id,
      reason: 'better on paper',
    });
    expect(p1).toMatchObject({ version: 2, aliases: ['champion'] });
    expect((await t.repos.models.champion('signal-rule')).version).toBe(2);
    const p2 = await t.repos.models.promote(admin, {
      name: 'signal-rule',
      versionId: v3.id,
      reason: 'even better',
    });
    expect(p2.version).toBe(3);
    let o = await overview();
    expect(o?.versions.find((v) => v.version === 2)?.aliases).toEqual(['challenger']);

    await expect(
      t.repos.models.promote(admin, { name: 'signal-rule', versionId: v3.id, reason: 'again' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      t.repos.models.promote(admin, { name: 'other', versionId: v3.id, reason: 'wrong name' }),
    ).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });

    const r1 = await t.repos.models.rollback(admin, { name: 'signal-rule', reason: 'regression in v3' });
    expect(r1.version).toBe(2);
    o = await overview();
    expect(o?.versions.find((v) => v.version === 3)?.aliases).toEqual(['challenger']);
    const r2 = await t.repos.models.rollback(admin, { name: 'signal-rule', reason: 'back to baseline' });
    expect(r2.version).toBe(1);
    await expect(
      t.repos.models.rollback(admin, { name: 'signal-rule', reason: 'more' }),
    ).rejects.toMatchObject({
      code: 'NOTHING_TO_ROLL_BACK',
    });

    o = await overview();
    const champ = o?.history
      .filter((h) => h.alias === 'champion')
      .map((h) => [h.action, h.fromVersion, h.toVersion]);
    expect(champ).toEqual([
      ['ROLLBACK', 2, 1],
      ['ROLLBACK', 3, 2],
      ['PROMOTE', 2, 3],
      ['PROMOTE', 1, 2],
      ['SEED', null, 1],
    ]);
    expect(o?.history.find((h) => h.action === 'PROMOTE')?.actorEmail).toBe('admin@zomma.dev');
    const promotes = await t.repos.audit.list({ action: 'model.promote', limit: 10 });
    expect(
      promotes.map((a) => [
        (a.data as { fromVersion: number }).fromVersion,
        (a.data as { toVersion: number }).toVersion,
      ]),
    ).toEqual([
      [2, 3],
      [1, 2],
    ]);
    const rollbacks = await t.repos.audit.list({ action: 'model.rollback', limit: 10 });
    expect(rollbacks[0]?.data).toMatchObject({ fromVersion: 2, toVersion: 1, reason: 'back to baseline' });
  });

  it('champion of an unknown model → MODEL_NOT_FOUND', async () => {
    await expect(t.repos.models.champion('nope')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});

describe('market and sim broker', () => {
  it('insertQuote is idempotent on (symbol, at); latest and recent are newest first', async () => {
    const base = Date.parse('2026-11-24T10:00:00.000Z');
    for (let i = 0; i < 5; i++) {
      await t.repos.market.insertQuote({
        symbol: 'ZMA',
        at: new Date(base + i * 1000),
        price: `${100 + i}.125`,
        vol: '0.2',
      });
    }
    const replay = await t.repos.market.insertQuote({
      symbol: 'ZMA',
      at: new Date(base),
      price: '999',
      vol: '0.9',
    });
    expect(replay).toEqual({ symbol: 'ZMA', at: new Date(base), price: '100.125', vol: '0.2' });
    expect(await t.db.prisma.underlyingQuote.count()).toBe(5);
    expect(await t.repos.market.latestQuote('ZMA')).toEqual({
      symbol: 'ZMA',
      at: new Date(base + 4000),
      price: '104.125',
      vol: '0.2',
    });
    expect((await t.repos.market.recentQuotes('ZMA', 3)).map((q) => q.price)).toEqual([
      '104.125',
      '103.125',
      '102.125',
    ]);
    expect(await t.repos.market.latestQuote('NONE')).toBeNull();
  });

  it('simBroker.insert is idempotent on clientOrderId (also when raced)', async () => {
    const rec = { clientOrderId: 'zm-abc', status: 'FILLED', payload: { a: 1 }, fills: [{ id: 'f1' }] };
    const rows = await Promise.all([
      t.repos.simBroker.insert(rec),
      t.repos.simBroker.insert({ ...rec, status: 'OTHER' }),
      t.repos.simBroker.insert(rec),
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    expect(await t.db.prisma.simBrokerOrder.count()).toBe(1);
    expect(await t.repos.simBroker.find('zm-abc')).toMatchObject({
      payload: { a: 1 },
      fills: [{ id: 'f1' }],
    });
    expect(await t.repos.simBroker.find('zm-none')).toBeNull();
  });
});
