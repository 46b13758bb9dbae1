import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe('postgresql://127.0.0.1:5432/zomma');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.QUEUE_PREFIX).toBe('zomma');
    expect(env.WORKER_METRICS_PORT).toBe(9464);
    expect(env.SIM_SYMBOL).toBe('ZMA');
    expect(env.TICK_INTERVAL_MS).toBe(2000);
    expect(env.GENERATE_SIGNALS_INTERVAL_MS).toBe(30_000);
    expect(env.EXPIRE_SIGNALS_INTERVAL_MS).toBe(5000);
    expect(env.MARK_POSITIONS_INTERVAL_MS).toBe(5000);
    expect(env.RECONCILE_ORDERS_INTERVAL_MS).toBe(10_000);
    expect(env.SIGNAL_TTL_MS).toBe(900_000);
    expect(env.SIGNAL_MODEL_NAME).toBe('signal-rule');
    expect(env.STALLED_INTERVAL_MS).toBe(30_000);
    expect(env.ZOMMA_CRASH_AT).toBeUndefined();
  });

  it('coerces numbers and treats empty strings as unset', () => {
    const env = parseEnv({ WORKER_METRICS_PORT: '0', TICK_INTERVAL_MS: '250', SIM_SEED: '' });
    expect(env.WORKER_METRICS_PORT).toBe(0);
    expect(env.TICK_INTERVAL_MS).toBe(250);
    expect(env.SIM_SEED).toBe(20240101);
  });

  it('rejects malformed values with the variable named', () => {
    expect(() => parseEnv({ TICK_INTERVAL_MS: '-5' })).toThrow(/TICK_INTERVAL_MS/);
    expect(() => parseEnv({ SIM_SYMBOL: 'zma' })).toThrow(/SIM_SYMBOL/);
    expect(() => parseEnv({ ZOMMA_CRASH_AT: 'somewhere' })).toThrow(/ZOMMA_CRASH_AT/);
  });

  it('accepts fault injection outside production and refuses it in production', () => {
    expect(parseEnv({ NODE_ENV: 'test', ZOMMA_CRASH_AT: 'after-broker-submit' }).ZOMMA_CRASH_AT).toBe(
      'after-broker-submit',
    );
    expect(() => parseEnv({ NODE_ENV: 'production', ZOMMA_CRASH_AT: 'after-broker-submit' })).toThrow(
      /refused in production/,
    );
    expect(parseEnv({ NODE_ENV: 'production' }).NODE_ENV).toBe('production');
  });
});
