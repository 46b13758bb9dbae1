import { type AppError, type AuditActor, isAppError, RiskVerdict, Signal } from '@zomma/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  failingVerdict,
  passingVerdict,
  signalDraft,
  type TestDatabase,
} from '../testing.ts';
import type { ApproveContext } from './approve-signal.ts';

let t: TestDatabase;
let modelId: string;
let trader: AuditActor;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  modelId = (await t.repos.models.champion('signal-rule')).id;
  const row = await t.repos.users.findForSignIn('trader@zomma.dev');
  if (!row) throw new Error('seed lacks the trader');
  trader = { id: row.id, email: row.email, role: row.role };
});
afterAll(() => t.drop());

async function caught(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

const approveArgs = (
  signalId: string,
  evaluate: (ctx: ApproveContext) => RiskVerdict = () => passingVerdict(),
) => ({
  signalId,
  actor: trader,
  now: new Date(),
  broker: 'simulated',
  evaluate,
});

describe('signals.create', () => {
  it('stores the draft and returns a valid Signal DTO with exact decimals', async () => {
    const s = await t.repos.signals.create(
      signalDraft(modelId, { netDebit: '-1.234567', maxLoss: '376.5433' }),
    );
    expect(Signal.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      status: 'PENDING',
      netDebit: '-1.234567',
      maxLoss: '376.5433',
      underlyingPrice: '100',
      multiplier: 100,
      model: { id: modelId, name: 'signal-rule', version: 1, kind: 'RULE' },
      order: null,
      riskVerdict: null,
    });
    expect(s.legs.map((l) => [l.idx, l.side, l.strike, l.mid])).toEqual([
      [0, 'SELL', '95', '3'],
      [1, 'BUY', '90', '1.5'],
    ]);
    expect(await t.repos.signals.get(s.id)).toEqual(s);
  });

  it('is idempotent on dedupeKey, also when raced', async () => {
    const draft = signalDraft(modelId, { dedupeKey: 'dedupe:one' });
    const results = await Promise.all([1, 2, 3, 4].map(() => t.repos.signals.create(draft)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await t.db.prisma.signal.count({ where: { dedupeKey: 'dedupe:one' } })).toBe(1);
    const audits = await t.db.prisma.auditEvent.findMany({
      where: { action: 'signal.create', entityId: results[0]?.id },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: null, actorEmail: 'system', actorRole: 'SYSTEM' });
  });

  it('refuses a malformed draft with BAD_INPUT', async () => {
    const e = await caught(t.repos.signals.create(signalDraft(modelId, { netDebit: '1.1234567' })));
    expect(e.code).toBe('BAD_INPUT');
  });

  it('get of an unknown or malformed id is NOT_FOUND', async () => {
    expect((await caught(t.repos.signals.get('00000000-0000-4000-8000-000000000000'))).code).toBe(
      'NOT_FOUND',
    );
    expect((await caught(t.repos.signals.get('nope'))).code).toBe('NOT_FOUND');
  });
});

describe('signals.approve', () => {
  it('approves: APPROVED with the verdict, an order NEW with legs copied, audit signal.approve', async () => {
    const s = await t.repos.signals.create(signalDraft(modelId));
    let seen: unknown;
    const result = await t.repos.signals.approve(
      approveArgs(s.id, (ctx) => {
        seen = ctx;
        return passingVerdict(ctx.limits.version);
      }),
    );
    expect(seen).toMatchObject({
      signal: { id: s.id, status: 'PENDING' },
      limits: { version: 1, maxContractsPerOrder: 40, maxLossPerTrade: '5000', maxPortfolioDelta: '2000' },
      portfolio: { delta: 0, positions: 0, unrealizedPnl: 0, realizedPnl: 0 },
    });
    const clientOrderId = `zm-${s.id.replaceAll('-', '')}`;
    expect(result.order.clientOrderId).toBe(clientOrderId);
    expect(result.signal).toMatchObject({
      status: 'APPROVED',
      decidedByEmail: 'trader@zomma.dev',
      riskVerdict: passingVerdict(1),
      order: { id: result.order.id, clientOrderId, status: 'NEW', rejectReason: null },
    });
    expect(RiskVerdict.parse(result.verdict)).toEqual(passingVerdict(1));
    const order = await t.repos.orders.get(result.order.id);
    expect(order).toMatchObject({
      status: 'NEW',
      quantity: 2,
      // Natural, not mid (−1.5): buy the 90P at its ask 1.6, sell the 95P at its bid 2.9.
      limitPrice: '-1.3',
      broker: 'simulated',
      attempts: 0,
      underlying: 'ZMA',
      multiplier: 100,
    });
    expect(
      order.legs.map((l) => [l.idx, l.symbol, l.right, l.side, l.ratio, l.strike, l.expiry.toISOString()]),
    ).toEqual(
      s.legs.map((l) => [l.idx, l.symbol, l.right, l.side, l.ratio, l.strike, l.expiry.toISOString()]),
    );
    const audit = await t.repos.audit.list({ action: 'signal.approve', limit: 5 });
    expect(audit[0]).toMatchObject({
      entityId: s.id,
      actorEmail: 'trader@zomma.dev',
      data: { orderId: result.order.id, clientOrderId, verdict: passingVerdict(1) },
    });
  });

  it('refused by the verdict: RISK_LIMIT_BREACH naming the check, refusal audited, no order, still PENDING', async () => {
    const s = await t.repos.signals.create(signalDraft(modelId));
    const ordersBefore = await t.db.prisma.order.count();
    const e = await caught(t.repos.signals.approve(approveArgs(s.id, () => failingVerdict(1))));
    expect(e.code).toBe('RISK_LIMIT_BREACH');
    expect(e.message).toContain('MAX_LOSS_PER_TRADE');
    expect(e.message).toMatch(/7000 USD against limit 5000 \(excess 2000\)/);
    expect(e.message).not.toContain('MAX_CONTRACTS_PER_ORDER');
    expect(e.details).toEqual({ verdict: failingVerdict(1) });
    expect(await t.db.prisma.order.count()).toBe(ordersBefore);
    expect((await t.repos.signals.get(s.id)).status).toBe('PENDING');
    const refusals = await t.repos.audit.list({ action: 'signal.approve_refused', limit: 5 });
    expect(refusals[0]).toMatchObject({
      entityId: s.id,
      actorEmail: 'trader@zomma.dev',
      data: failingVerdict(1),
    });
    expect((await t.repos.audit.verify()).intact).toBe(true);
  });

  it('an expired signal cannot be approved (SIGNAL_EXPIRED), even at expiresAt exactly', async () => {
    const asOf = new Date(Date.now() - 60_000);
    const s = await t.repos.signals.create(
      signalDraft(modelId, { asOf, expiresAt: new Date(asOf.getTime() + 1000) }),
    );
    const e = await caught(t.repos.signals.approve({ ...approveArgs(s.id), now: s.expiresAt }));
    expect(e.code).toBe('SIGNAL_EXPIRED');
    expect((await t.repos.signals.get(s.id)).status).toBe('PENDING');
  });

  it('two concurrent approvals make exactly one order; the other gets SIGNAL_NOT_PENDING', async () => {
    const s = await t.repos.signals.create(signalDraft(modelId));
    const results = await Promise.allSettled([
      t.repos.signals.approve(approveArgs(s.id)),
      t.repos.signals.approve(approveArgs(s.id)),
      t.repos.signals.approve(approveArgs(s.id)),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
    expect(ok).toHaveLength(1);
    expect(failed.map((f) => f.code)).toEqual(['SIGNAL_NOT_PENDING', 'SIGNAL_NOT_PENDING']);
    expect(await t.db.prisma.order.count({ where: { signalId: s.id } })).toBe(1);
  });

  it('an evaluate that throws rolls everything back', async () => {
    const s = await t.repos.signals.create(signalDraft(modelId));
    await expect(
      t.repos.signals.approve(
        approveArgs(s.id, () => {
          throw new Error('engine bug');
        }),
      ),
    ).rejects.toThrow('engine bug');
    expect((await t.repos.signals.get(s.id)).status).toBe('PENDING');
  });
});

describe('signals.reject / expireDue / list', () => {
  it('rejects a PENDING signal once', async () => {
    const s = await t.repos.signals.create(signalDraft(modelId));
    const now = new Date();
    const r = await t.repos.signals.reject({
      signalId: s.id,
      actor: trader,
      reason: 'too close to earnings',
      now,
    });
    expect(r).toMatchObject({
      status: 'REJECTED',
      decisionReason: 'too close to earnings',
      decidedByEmail: 'trader@zomma.dev',
    });
    expect(r.decidedAt?.getTime()).toBe(now.getTime());
    const again = await caught(
      t.repos.signals.reject({ signalId: s.id, actor: trader, reason: 'again', now }),
    );
    expect(again.code).toBe('SIGNAL_NOT_PENDING');
    const approveAfter = await caught(t.repos.signals.approve(approveArgs(s.id)));
    expect(approveAfter.code).toBe('SIGNAL_NOT_PENDING');
    const audit = await t.repos.audit.list({ action: 'signal.reject', limit: 5 });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data).toEqual({ reason: 'too close to earnings' });
  });

  it('expires due PENDING signals only, with one audit event listing them', async () => {
    const now = new Date(Date.now() + 3_600_000); // an hour ahead: every fixture so far is due
    const pendingBefore = await t.db.prisma.signal.findMany({
      where: { status: 'PENDING', expiresAt: { lte: now } },
      select: { id: true },
    });
    expect(pendingBefore.length).toBeGreaterThan(0);
    const fresh = await t.repos.signals.create(
      signalDraft(modelId, { asOf: now, expiresAt: new Date(now.getTime() + 60_000) }),
    );
    expect(await t.repos.signals.expireDue(now)).toBe(pendingBefore.length);
    expect((await t.repos.signals.get(fresh.id)).status).toBe('PENDING');
    const events = await t.repos.audit.list({ action: 'signal.expire', limit: 5 });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ ids: pendingBefore.map((p) => p.id).sort() });
    expect(await t.repos.signals.expireDue(now)).toBe(0);
    expect(await t.repos.audit.list({ action: 'signal.expire', limit: 5 })).toHaveLength(1);
  });

  it('lists newest first, filtered by status, limited', async () => {
    const all = await t.repos.signals.list({ limit: 200 });
    const times = all.map((s) => s.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const approved = await t.repos.signals.list({ status: 'APPROVED', limit: 200 });
    expect(approved.length).toBe(2);
    expect(approved.every((s) => s.status === 'APPROVED' && s.order !== null)).toBe(true);
    expect(await t.repos.signals.list({ limit: 1 })).toHaveLength(1);
  });
});
