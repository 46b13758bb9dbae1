import { describe, expect, it } from 'vitest';
import { chainAt, quoteContract, SIM_MARKET, toDecimal6, type UnderlyingSnapshot } from './sim-market.ts';

const snapshot: UnderlyingSnapshot = {
  symbol: 'ZMA',
  at: new Date('2026-03-02T15:30:00Z'),
  price: 101.37,
  vol: 0.27,
};

describe('quoteContract', () => {
  it('reproduces every quote of the engine synthetic chain exactly', () => {
    const chain = chainAt(snapshot);
    expect(chain.length).toBe(SIM_MARKET.expiries * (2 * SIM_MARKET.strikesPerSide + 1) * 2);
    for (const q of chain) {
      expect(quoteContract(snapshot, { right: q.right, strike: q.strike, expiry: q.expiry })).toEqual(q);
    }
  });

  it('prices an off-grid strike between its neighbours and returns null once expired', () => {
    const expiry = chainAt(snapshot)[0]?.expiry ?? new Date(0);
    const lo = quoteContract(snapshot, { right: 'call', strike: 100, expiry });
    const mid = quoteContract(snapshot, { right: 'call', strike: 101.25, expiry });
    const hi = quoteContract(snapshot, { right: 'call', strike: 102.5, expiry });
    expect(lo && mid && hi).toBeTruthy();
    if (!lo || !mid || !hi) return;
    expect(mid.mid).toBeLessThan(lo.mid);
    expect(mid.mid).toBeGreaterThan(hi.mid);
    expect(mid.bid).toBeLessThanOrEqual(mid.mid);
    expect(mid.ask).toBeGreaterThanOrEqual(mid.mid);
    const after = { ...snapshot, at: new Date(expiry.getTime() + 86_400_000) };
    expect(quoteContract(after, { right: 'call', strike: 100, expiry })).toBeNull();
  });
});

describe('toDecimal6', () => {
  it('formats with six places and never emits negative zero', () => {
    expect(toDecimal6(1.23456789)).toBe('1.234568');
    expect(toDecimal6(-1e-9)).toBe('0.000000');
    expect(toDecimal6(-2.5)).toBe('-2.500000');
    expect(() => toDecimal6(Number.NaN)).toThrow();
  });
});
