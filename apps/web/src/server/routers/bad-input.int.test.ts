/**
 * Every mutation, called by a role that may use it, with malformed input: BAD_REQUEST and
 * nothing written. Then the HTTP layer: the error formatter's appCode, zod field errors,
 * RISK_LIMIT_BREACH details, no internals on 500s, and the CSRF guard (JSON-only mutations,
 * same-origin only).
 */
import type { Role } from '@zomma/contracts';
import { createDb, createRepositories } from '@zomma/db';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleTrpcRequest } from '../http.ts';
import { expectTrpcError } from '../testing/expect-error.ts';
import {
  type Caller,
  createBullPutSpread,
  createWebHarness,
  snapshot,
  type WebHarness,
} from '../testing/web-harness.ts';

let h: WebHarness;
let signalId: string;
let versionId: string;
beforeAll(async () => {
  h = await createWebHarness();
  signalId = (await createBullPutSpread(h)).id;
  const version = (await h.repos.models.overview())[0]?.versions[0];
  if (!version) throw new Error('no model version');
  versionId = version.id;
});
afterAll(async () => {
  await h?.close();
});

type Call = (c: Caller) => Promise<unknown>;
/** Inputs arrive from the network untyped; the casts let malformed values through to the parser. */
const raw = <T>(value: unknown) => value as T;

const MALFORMED: { path: string; role: Role; calls: [string, Call][] }[] = [
  {
    path: 'signals.approve',
    role: 'TRADER',
    calls: [
      ['not a uuid', (c) => c.signals.approve({ signalId: 'abc' })],
      ['missing id', (c) => c.signals.approve(raw({}))],
      ['no input', (c) => c.signals.approve(raw(undefined))],
    ],
  },
  {
    path: 'signals.reject',
    role: 'TRADER',
    calls: [
      ['reason too short', (c) => c.signals.reject({ signalId, reason: 'no' })],
      ['blank reason', (c) => c.signals.reject({ signalId, reason: '     ' })],
      ['reason too long', (c) => c.signals.reject({ signalId, reason: 'x'.repeat(501) })],
      ['bad id', (c) => c.signals.reject({ signalId: '1', reason: 'a fine reason' })],
    ],
  },
  {
    path: 'risk.updateLimits',
    role: 'RISK_MANAGER',
    calls: [
      [
        'negative loss',
        (c) =>
          c.risk.updateLimits({
            expectedVersion: 1,
            maxContractsPerOrder: 10,
            maxLossPerTrade: '-5',
            maxPortfolioDelta: '100',
            reason: 'valid reason',
          }),
      ],
      [
        'zero delta',
        (c) =>
          c.risk.updateLimits({
            expectedVersion: 1,
            maxContractsPerOrder: 10,
            maxLossPerTrade: '5',
            maxPortfolioDelta: '0',
            reason: 'valid reason',
          }),
      ],
      [
        '7 decimals',
        (c) =>
          c.risk.updateLimits({
            expectedVersion: 1,
            maxContractsPerOrder: 10,
            maxLossPerTrade: '1.1234567',
            maxPortfolioDelta: '100',
            reason: 'valid reason',
          }),
      ],
      [
        'fractional contracts',
        (c) =>
          c.risk.updateLimits({
            expectedVersion: 1,
            maxContractsPerOrder: 2.5,
            maxLossPerTrade: '5',
            maxPortfolioDelta: '100',
            reason: 'valid reason',
          }),
      ],
      [
        'number for decimal',
        (c) =>
          c.risk.updateLimits(
            raw({
              expectedVersion: 1,
              maxContractsPerOrder: 10,
              maxLossPerTrade: 5,
              maxPortfolioDelta: '100',
              reason: 'valid reason',
            }),
          ),
      ],
      [
        'missing reason',
        (c) =>
          c.risk.updateLimits(
            raw({
              expectedVersion: 1,
              maxContractsPerOrder: 10,
              maxLossPerTrade: '5',
              maxPortfolioDelta: '100',
            }),
          ),
      ],
    ],
  },
  {
    path: 'models.promote',
    role: 'ADMIN',
    calls: [
      ['bad version id', (c) => c.models.promote({ name: 'm', versionId: 'v2', reason: 'better' })],
      ['empty name', (c) => c.models.promote({ name: '', versionId, reason: 'better' })],
      ['short reason', (c) => c.models.promote({ name: 'm', versionId, reason: '' })],
    ],
  },
  {
    path: 'models.rollback',
    role: 'ADMIN',
    calls: [
      ['short reason', (c) => c.models.rollback({ name: 'm', reason: 'x' })],
      ['name too long', (c) => c.models.rollback({ name: 'n'.repeat(101), reason: 'regression' })],
    ],
  },
  {
    path: 'models.generateNow',
    role: 'ADMIN',
    calls: [
      ['empty model name', (c) => c.models.generateNow({ modelName: '  ' })],
      ['model name not a string', (c) => c.models.generateNow(raw({ modelName: 7 }))],
    ],
  },
];

describe.each(MALFORMED)('$path with malformed input', ({ role, calls }) => {
  it.each(calls)('%s → BAD_REQUEST, nothing written', async (_label, call) => {
    const before = await snapshot(h);
    const jobsBefore = await h.inspect('signals').count();
    const ordersJobsBefore = await h.inspect('orders').count();
    await expectTrpcError(call(h.caller(role)), 'BAD_REQUEST');
    expect(await snapshot(h)).toEqual(before);
    expect(await h.inspect('signals').count()).toBe(jobsBefore);
    expect(await h.inspect('orders').count()).toBe(ordersJobsBefore);
  });
});

interface ErrorBody {
  message: string;
  data: Record<string, unknown>;
}

/** One non-batched tRPC HTTP call (POST for mutations, GET for queries) with superjson bodies. */
async function http(
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  role: Role | null,
  repos = h.repos,
) {
  const serialized = input === undefined ? undefined : JSON.stringify(superjson.serialize(input));
  const url = new URL(`http://localhost/api/trpc/${path}`);
  if (kind === 'query' && serialized) url.searchParams.set('input', serialized);
  const req =
    kind === 'query'
      ? new Request(url)
      : new Request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: serialized,
        });
  const res = await handleTrpcRequest(req, async () => h.context(role, { repos }));
  const body = (await res.json()) as { error?: Parameters<typeof superjson.deserialize>[0] };
  return { status: res.status, error: body.error ? superjson.deserialize<ErrorBody>(body.error) : undefined };
}
const post = (path: string, input: unknown, role: Role | null) => http('mutation', path, input, role);

describe('error formatting over HTTP', () => {
  it('answers a request the client got wrong (mutation over GET) with BAD_INPUT, not INTERNAL', async () => {
    const url = new URL('http://localhost/api/trpc/models.generateNow');
    url.searchParams.set('input', JSON.stringify(superjson.serialize({})));
    const res = await handleTrpcRequest(new Request(url), async () => h.context('ADMIN'));
    expect(res.status).toBe(405);
    const body = (await res.json()) as { error: Parameters<typeof superjson.deserialize>[0] };
    const error = superjson.deserialize<ErrorBody>(body.error);
    expect(error.data.code).toBe('METHOD_NOT_SUPPORTED');
    expect(error.data.appCode).toBe('BAD_INPUT');
  });

  it('adds appCode and zod field errors to a rejected input', async () => {
    const { status, error } = await post('signals.reject', { signalId, reason: 'x' }, 'TRADER');
    expect(status).toBe(400);
    expect(error?.data.appCode).toBe('BAD_INPUT');
    const zodError = error?.data.zodError as { fieldErrors: Record<string, string[]> };
    expect(zodError.fieldErrors.reason?.[0]).toMatch(/at least 3/);
    expect(zodError.fieldErrors.signalId).toBeUndefined();
    expect(error?.data.stack).toBeUndefined();
  });

  it('carries the verdict of a RISK_LIMIT_BREACH in details', async () => {
    const current = await h.repos.limits.current();
    await h.caller('RISK_MANAGER').risk.updateLimits({
      expectedVersion: current.version,
      maxContractsPerOrder: 1,
      maxLossPerTrade: '1000000',
      maxPortfolioDelta: '1000000',
      reason: 'tighten for the test',
    });
    const target = await createBullPutSpread(h, { quantity: 2 });
    const { status, error } = await post('signals.approve', { signalId: target.id }, 'TRADER');
    expect(status).toBe(412);
    expect(error?.data.appCode).toBe('RISK_LIMIT_BREACH');
    const details = error?.data.details as
      | { verdict: { ok: boolean; checks: { name: string; excess: number }[] } }
      | undefined;
    const verdict = details?.verdict;
    expect(verdict?.ok).toBe(false);
    // 2 units × 2 legs = 4 contracts against 1.
    expect(verdict?.checks.find((c) => c.name === 'MAX_CONTRACTS_PER_ORDER')?.excess).toBe(3);
  });

  it('answers FORBIDDEN and UNAUTHORIZED with their app codes', async () => {
    const forbidden = await post('risk.updateLimits', { expectedVersion: 1 }, 'VIEWER');
    expect(forbidden.status).toBe(403);
    expect(forbidden.error?.data.appCode).toBe('FORBIDDEN');
    const anonymous = await post('signals.approve', { signalId }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.error?.data.appCode).toBe('UNAUTHENTICATED');
  });

  it('hides internals of a 500', async () => {
    const secretName = 'zomma_web_no_such_database_4711';
    const broken = createDb({ url: `postgresql://127.0.0.1:5432/${secretName}`, poolMax: 1 });
    try {
      const res = await http('query', 'positions.list', undefined, 'VIEWER', createRepositories(broken));
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(JSON.stringify(res.error)).not.toContain(secretName);
      expect(res.error?.data.stack).toBeUndefined();
    } finally {
      await broken.close();
    }
  });
});

describe('CSRF guard over HTTP (models.generateNow as ADMIN)', () => {
  const APP_URL = 'https://zomma.example.com';
  const ENDPOINT = 'http://localhost:3000/api/trpc/models.generateNow';
  const json = JSON.stringify(superjson.serialize({}));

  async function send(init: RequestInit & { headers?: Record<string, string> }) {
    const jobsBefore = await h.inspect('signals').count();
    const auditBefore = await h.prisma.auditEvent.count();
    const res = await handleTrpcRequest(
      new Request(ENDPOINT, {
        method: 'POST',
        ...init,
        headers: { host: 'localhost:3000', ...init.headers },
      }),
      async () => h.context('ADMIN'),
      { appUrl: APP_URL },
    );
    const body = (await res.json()) as { error?: Parameters<typeof superjson.deserialize>[0] };
    return {
      status: res.status,
      error: body.error ? superjson.deserialize<ErrorBody>(body.error) : undefined,
      enqueued: (await h.inspect('signals').count()) - jobsBefore,
      audited: (await h.prisma.auditEvent.count()) - auditBefore,
    };
  }

  it('refuses a multipart/form-data mutation with 415 and a typed body, doing nothing', async () => {
    const form = new FormData();
    form.set('modelName', 'test-model');
    const res = await send({ body: form });
    expect(res.status).toBe(415);
    expect(res.error?.data).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      appCode: 'BAD_INPUT',
      httpStatus: 415,
    });
    expect(res.error?.data.path).toBe('models.generateNow');
    expect(res.enqueued).toBe(0);
    expect(res.audited).toBe(0);
  });

  it.each([
    ['text/plain (a cross-site form can send it)', { 'content-type': 'text/plain' }],
    ['urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', {}],
  ])('refuses %s with 415', async (_label, headers) => {
    const res = await send({ body: json, headers });
    expect(res.status).toBe(415);
    expect(res.enqueued).toBe(0);
  });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin null (sandboxed frame)', { origin: 'null' }],
    [
      'a foreign Origin with Sec-Fetch-Site cross-site',
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    ],
    ['Sec-Fetch-Site cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['the app origin but Sec-Fetch-Site cross-site', { origin: APP_URL, 'sec-fetch-site': 'cross-site' }],
    ['same host name on another port', { origin: 'http://localhost:4000' }],
  ])('refuses %s with 403 FORBIDDEN, doing nothing', async (_label, headers) => {
    const res = await send({ body: json, headers: { 'content-type': 'application/json', ...headers } });
    expect(res.status).toBe(403);
    expect(res.error?.data).toMatchObject({ code: 'FORBIDDEN', appCode: 'FORBIDDEN' });
    expect(res.enqueued).toBe(0);
    expect(res.audited).toBe(0);
  });

  it.each([
    ['a browser on the request host', { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }],
    ['a browser on NEXTAUTH_URL (behind a proxy)', { origin: APP_URL, 'sec-fetch-site': 'same-origin' }],
    ['a server-to-server call (no Origin, no Sec-Fetch-Site)', {}],
    ['JSON with a charset', { 'content-type': 'application/json; charset=utf-8' }],
  ])('accepts %s', async (_label, headers) => {
    const res = await send({ body: json, headers: { 'content-type': 'application/json', ...headers } });
    expect(res.error).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.enqueued).toBe(1);
    expect(res.audited).toBe(1);
  });

  it('leaves queries (GET) alone', async () => {
    const res = await handleTrpcRequest(
      new Request('http://localhost:3000/api/trpc/me', { headers: { 'sec-fetch-site': 'cross-site' } }),
      async () => h.context('VIEWER'),
      { appUrl: APP_URL },
    );
    expect(res.status).toBe(200);
  });
});
