import { createTestDatabase, type TestDatabase } from '@zomma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createButterflySignal, insertQuote } from '../testing/fixtures.ts';
import { testContext } from '../testing/test-context.ts';
import { expireSignals } from './expire-signals.handler.ts';

describe('signals.expire', () => {
  let t: TestDatabase;
  const now = new Date('2026-03-02T15:30:00Z');
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true, now });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('expires PENDING signals past their expiry only, once', async () => {
    await insertQuote(t.repos, { at: now });
    const due = await createButterflySignal(t.repos, { now: new Date(now.getTime() - 20 * 60_000) });
    const fresh = await createButterflySignal(t.repos, { now });
    const result = await expireSignals(testContext(t.repos, { now: () => now }), {});
    expect(result).toEqual({ expired: 1 });
    expect((await t.repos.signals.get(due.signalId)).status).toBe('EXPIRED');
    expect((await t.repos.signals.get(fresh.signalId)).status).toBe('PENDING');
    expect(await expireSignals(testContext(t.repos, { now: () => now }), {})).toEqual({ expired: 0 });
  });
});
