import { describe, expect, it } from 'vitest';
import { listExpiries } from '../sim/expiries.ts';
import { syntheticChain } from '../sim/synthetic-chain.ts';
import type { OptionQuote } from '../types.ts';
import { maxProfitLoss, netDebitPerShare } from './analytics.ts';
import { buildIronCondor, buildVertical } from './builders.ts';

const asOf = new Date('2026-11-18T15:00:00Z');
const expiries = listExpiries(asOf, 6);
const chain = syntheticChain({
  symbol: 'ZMA',
  spot: 100,
  vol: 0.3,
  asOf,
  expiries,
  strikesPerSide: 20,
  strikeStep: 1,
  rate: 0.03,
  dividendYield: 0,
});
const expiry = expiries[4] ?? asOf;

/** Independent brute force: the listed quote minimizing ||delta| − target|. */
function bruteNearest(right: 'call' | 'put', target: number): OptionQuote {
  const qs = chain.filter((q) => q.right === right && q.expiry.getTime() === expiry.getTime());
  const sorted = [...qs].sort(
    (a, b) => Math.abs(Math.abs(a.delta) - target) - Math.abs(Math.abs(b.delta) - target),
  );
  const q = sorted[0];
  if (!q) throw new Error('empty');
  return q;
}

describe('buildIronCondor', () => {
  it('shorts the strikes nearest the target delta, wings exactly wingWidth out', () => {
    const res = buildIronCondor(chain, { expiry, shortDelta: 0.16, wingWidth: 5 });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const [lp, sp, sc, lc] = res.legs;
    expect([lp?.side, sp?.side, sc?.side, lc?.side]).toEqual(['buy', 'sell', 'sell', 'buy']);
    expect([lp?.right, sp?.right, sc?.right, lc?.right]).toEqual(['put', 'put', 'call', 'call']);
    expect(sp?.strike).toBe(bruteNearest('put', 0.16).strike);
    expect(sc?.strike).toBe(bruteNearest('call', 0.16).strike);
    expect((sp?.strike ?? 0) - (lp?.strike ?? 0)).toBe(5);
    expect((lc?.strike ?? 0) - (sc?.strike ?? 0)).toBe(5);
    // A credit strategy: max loss = wing − credit.
    const credit = -netDebitPerShare(res.legs);
    expect(credit).toBeGreaterThan(0);
    const pl = maxProfitLoss(res.legs);
    expect(Math.abs((pl.maxLoss as number) - (5 - credit))).toBeLessThan(1e-12);
  });

  it('off-grid wing width takes the nearest listed strike (tie → wider)', () => {
    const res = buildIronCondor(chain, { expiry, shortDelta: 0.2, wingWidth: 2.5 });
    if (!res.ok) throw new Error(res.reason);
    expect((res.legs[1]?.strike ?? 0) - (res.legs[0]?.strike ?? 0)).toBe(3);
  });

  it.each([
    [{ expiry: new Date('2030-01-04T00:00:00Z'), shortDelta: 0.16, wingWidth: 5 }, 'NO_QUOTES_FOR_EXPIRY'],
    [{ expiry, shortDelta: 0.9, wingWidth: 5 }, 'STRIKES_CROSS'],
    [{ expiry, shortDelta: 0.0001, wingWidth: 5 }, 'NO_LONG_STRIKE'],
  ] as const)('fails with a reason: %o → %s', (spec, reason) => {
    expect(buildIronCondor(chain, spec)).toEqual({ ok: false, reason });
  });
});

describe('buildVertical', () => {
  it('bull put spread = credit put vertical: short at target delta, long width below', () => {
    const res = buildVertical(chain, { expiry, right: 'put', direction: 'bull', shortDelta: 0.3, width: 5 });
    if (!res.ok) throw new Error(res.reason);
    const [low, high] = res.legs;
    expect(low?.side).toBe('buy');
    expect(high?.side).toBe('sell');
    expect(high?.strike).toBe(bruteNearest('put', 0.3).strike);
    expect((high?.strike ?? 0) - (low?.strike ?? 0)).toBe(5);
    expect(netDebitPerShare(res.legs)).toBeLessThan(0);
  });

  it('bear call spread = credit call vertical: short at target delta, long width above', () => {
    const res = buildVertical(chain, { expiry, right: 'call', direction: 'bear', shortDelta: 0.3, width: 5 });
    if (!res.ok) throw new Error(res.reason);
    const [low, high] = res.legs;
    expect(low?.side).toBe('sell');
    expect(low?.strike).toBe(bruteNearest('call', 0.3).strike);
    expect(high?.side).toBe('buy');
    expect((high?.strike ?? 0) - (low?.strike ?? 0)).toBe(5);
    expect(netDebitPerShare(res.legs)).toBeLessThan(0);
  });

  it('bull call spread is a debit: long below the short strike', () => {
    const res = buildVertical(chain, { expiry, right: 'call', direction: 'bull', shortDelta: 0.3, width: 5 });
    if (!res.ok) throw new Error(res.reason);
    expect(res.legs.map((l) => l.side)).toEqual(['buy', 'sell']);
    expect(netDebitPerShare(res.legs)).toBeGreaterThan(0);
  });

  it('rejects nonsense specs (programmer error)', () => {
    expect(() =>
      buildVertical(chain, { expiry, right: 'put', direction: 'bull', shortDelta: 0, width: 5 }),
    ).toThrow(RangeError);
    expect(() =>
      buildVertical(chain, { expiry, right: 'put', direction: 'bull', shortDelta: 0.2, width: -1 }),
    ).toThrow(RangeError);
  });
});
