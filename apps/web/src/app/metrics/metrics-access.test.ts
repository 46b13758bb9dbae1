import { afterEach, describe, expect, it, vi } from 'vitest';
import { metricsAccess } from './metrics-access.ts';

const TOKEN = 'scrape-token-0123456789abcdef';
const h = (init: Record<string, string>) => new Headers(init);

describe('metricsAccess with METRICS_TOKEN', () => {
  it('accepts exactly the bearer token', () => {
    expect(
      metricsAccess(h({ authorization: `Bearer ${TOKEN}`, host: 'metrics.example.com' }), TOKEN),
    ).toEqual({
      ok: true,
    });
  });

  it.each([
    ['no header', {}],
    ['wrong token', { authorization: `Bearer ${TOKEN}x` }],
    ['token prefix', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['basic auth', { authorization: `Basic ${TOKEN}` }],
    ['loopback without the token', { host: '127.0.0.1:3000' }],
  ])('refuses %s with 401', (_label, headers) => {
    expect(metricsAccess(h({ host: 'localhost:3000', ...headers }), TOKEN)).toMatchObject({
      ok: false,
      status: 401,
    });
  });
});

describe('metricsAccess without METRICS_TOKEN (loopback only)', () => {
  it.each([
    ['localhost', { host: 'localhost:3000' }],
    ['127.0.0.1', { host: '127.0.0.1:3000' }],
    ['[::1]', { host: '[::1]:3000' }],
    [
      'next start setting X-Forwarded-For to the socket address',
      { host: '127.0.0.1:3000', 'x-forwarded-for': '::ffff:127.0.0.1' },
    ],
  ])('serves %s', (_label, headers) => {
    expect(metricsAccess(h(headers), undefined)).toEqual({ ok: true });
  });

  it.each([
    ['a public host name', { host: 'zomma.example.com' }],
    ['a LAN address', { host: '192.168.1.20:3000' }],
    ['a proxied remote client', { host: 'localhost:3000', 'x-forwarded-for': '203.0.113.7' }],
    ['a chain with a remote client', { host: 'localhost:3000', 'x-forwarded-for': '203.0.113.7, 127.0.0.1' }],
    ['no Host', {}],
  ])('refuses %s with 403', (_label, headers) => {
    expect(metricsAccess(h(headers), undefined)).toMatchObject({ ok: false, status: 403 });
  });
});

describe('GET /metrics', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function get(env: Record<string, string>, headers: Record<string, string>) {
    vi.resetModules();
    vi.stubEnv('DATABASE_URL', 'postgresql://127.0.0.1:5432/unused');
    vi.stubEnv('METRICS_TOKEN', '');
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    const { GET } = await import('./route.ts');
    return GET(new Request('http://localhost/metrics', { headers }));
  }

  it('with METRICS_TOKEN: 401 without it, the Prometheus text with it', async () => {
    const refused = await get({ METRICS_TOKEN: TOKEN }, { host: 'localhost:3000' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(await refused.text()).not.toContain('zomma_web_');
    const ok = await get({ METRICS_TOKEN: TOKEN }, { host: 'web:3000', authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('zomma_web_http_requests_total');
  });

  it('without METRICS_TOKEN: 403 to a remote client, 200 on loopback', async () => {
    const remote = await get({}, { host: 'localhost:3000', 'x-forwarded-for': '203.0.113.7' });
    expect(remote.status).toBe(403);
    const local = await get({}, { host: '127.0.0.1:3000', 'x-forwarded-for': '127.0.0.1' });
    expect(local.status).toBe(200);
  });
});
