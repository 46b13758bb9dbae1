import { describe, expect, it } from 'vitest';
import { DEV_SECRET, parseEnv } from './env.ts';

const BASE = { DATABASE_URL: 'postgresql://127.0.0.1:5432/zomma' };

describe('parseEnv: NEXTAUTH_SECRET', () => {
  it.each(['development', 'test'])('falls back to the development secret when NODE_ENV=%s', (nodeEnv) => {
    expect(parseEnv({ ...BASE, NODE_ENV: nodeEnv }).NEXTAUTH_SECRET).toBe(DEV_SECRET);
  });

  it('never falls back to the published development secret in production', () => {
    expect(() => parseEnv({ ...BASE, NODE_ENV: 'production' })).toThrow(/NEXTAUTH_SECRET/);
    expect(() => parseEnv({ ...BASE, NODE_ENV: 'production', NEXTAUTH_SECRET: '' })).toThrow(
      /NEXTAUTH_SECRET/,
    );
  });

  it('lets `next build` run without a secret, with a random one (not the development secret)', () => {
    const build = { ...BASE, NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' };
    const a = parseEnv(build).NEXTAUTH_SECRET;
    const b = parseEnv(build).NEXTAUTH_SECRET;
    expect(a).not.toBe(DEV_SECRET);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });

  it('uses the given secret in production', () => {
    const secret = 'a-real-production-secret-0123456789';
    expect(parseEnv({ ...BASE, NODE_ENV: 'production', NEXTAUTH_SECRET: secret }).NEXTAUTH_SECRET).toBe(
      secret,
    );
  });
});

describe('parseEnv: METRICS_TOKEN', () => {
  it('is unset when absent or empty (compose passes an empty value when unset)', () => {
    expect(parseEnv(BASE).METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ ...BASE, METRICS_TOKEN: '' }).METRICS_TOKEN).toBeUndefined();
  });

  it('must be at least 16 characters when set', () => {
    expect(() => parseEnv({ ...BASE, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(parseEnv({ ...BASE, METRICS_TOKEN: 'scrape-token-0123456789' }).METRICS_TOKEN).toBe(
      'scrape-token-0123456789',
    );
  });
});
