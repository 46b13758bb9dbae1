import { describe, expect, it } from 'vitest';
import { impliedVol } from '../pricing/implied-vol.ts';
import type { OptionQuote, OptionRight } from '../types.ts';
import { listExpiries } from './expiries.ts';
import { parseOccSymbol } from './occ-symbol.ts';
import { DEFAULT_CHAIN_SHAPE, quoteSpread, roundQuote, syntheticChain } from './synthetic-chain.ts';

const asOf = new Date('2026-11-18T15:00:00Z');
const input = {
  symbol: 'ZMA',
  spot: 101.3,
  vol: 0.25,
  asOf,
  expiries: listExpiries(asOf, 4),
  strikesPerSide: 10,
  strikeStep: 1,
  rate: 0.04,
  dividendYield: 0.01,
};
const chain = syntheticChain(input);

describe('syntheticChain', () => {
  it('has one call and one put per expiry × strike, centred on the nearest grid strike', () => {
    expect(chain).toHaveLength(4 * 21 * 2);
    const strikes = [...new Set(chain.map((q) => q.strike))];
    expect(strikes[0]).toBe(91);
    expect(strikes[strikes.length - 1]).toBe(111);
  });

  it('symbols encode root, expiry, right and strike', () => {
    for (const q of chain) {
      expect(parseOccSymbol(q.symbol)).toEqual({
        root: 'ZMA',
        expiry: q.expiry,
        right: q.right,
        strike: q.strike,
      });
    }
  });

  it('quotes are consistent: 0 ≤ bid < mid < ask, whole ticks, mid reprices to iv', () => {
    for (const q of chain) {
      expect(q.bid).toBeGreaterThanOrEqual(0);
      expect(q.bid).toBeLessThanOrEqual(q.mid);
      expect(q.ask).toBeGreaterThan(q.mid);
      for (const px of [q.bid, q.ask]) {
        const tick = px >= 3 ? 5 : 1;
        const cents = Math.round(px * 100);
        expect(Math.abs(px * 100 - cents)).toBeLessThan(1e-9);
        expect(cents % tick).toBe(0);
      }
      const res = impliedVol({ ...input, right: q.right, strike: q.strike, tYears: q.tYears, price: q.mid });
      // Where the price carries time value (|delta| in [0.01, 0.99]) the implied vol is the quoted iv (1e-9).
      if (Math.abs(q.delta) > 0.01 && Math.abs(q.delta) < 0.99) {
        expect(res.ok && Math.abs(res.vol - q.iv) < 1e-9).toBe(true);
      }
    }
  });

  it('skew: iv strictly decreases with strike', () => {
    const firstExpiry = chain[0]?.expiry.getTime();
    const calls = chain.filter((q) => q.expiry.getTime() === firstExpiry && q.right === 'call');
    for (let i = 1; i < calls.length; i++) expect(calls[i]?.iv).toBeLessThan(calls[i - 1]?.iv ?? 0);
  });

  it('spread widens with distance from the money and with vol (before and after tick rounding)', () => {
    const shape = DEFAULT_CHAIN_SHAPE;
    // Hand check at S = 100, iv = 0.25: 0.02 + 100·0.25·0.002·(1 + 5·|m|) = 0.07 ATM, 0.095 at |m| = 0.1.
    expect(quoteSpread(100, 0.25, 0, shape)).toBeCloseTo(0.07, 12);
    expect(quoteSpread(100, 0.25, -0.1, shape)).toBeCloseTo(0.095, 12);
    expect(quoteSpread(100, 0.5, 0, shape)).toBeGreaterThan(quoteSpread(100, 0.25, 0, shape));
    const last = input.expiries[input.expiries.length - 1]?.getTime();
    const quote = (c: OptionQuote[], strike: number, right: OptionRight) =>
      c.find((x) => x.strike === strike && x.right === right && x.expiry.getTime() === last);
    const width = (c: OptionQuote[], strike: number, right: OptionRight) => {
      const q = quote(c, strike, right);
      return q ? q.ask - q.bid : Number.NaN;
    };
    const highVol = syntheticChain({ ...input, vol: 0.6 });
    expect(width(highVol, 101, 'call')).toBeGreaterThan(width(chain, 101, 'call'));
    // OTM puts on penny ticks with a positive bid (no clamping): farther from the money is wider.
    expect(quote(chain, 94, 'put')?.bid).toBeGreaterThan(0);
    expect(quote(chain, 100, 'put')?.ask).toBeLessThan(3);
    expect(width(chain, 94, 'put')).toBeGreaterThan(width(chain, 100, 'put'));
  });

  it('deltas: calls in (0, 1) decreasing in strike, puts = call − e^{−qT}', () => {
    for (const q of chain.filter((x) => x.right === 'call')) {
      const put = chain.find((p) => p.right === 'put' && p.strike === q.strike && p.expiry === q.expiry);
      expect(q.delta).toBeGreaterThan(0);
      expect(q.delta).toBeLessThan(1);
      expect(
        Math.abs((put?.delta ?? 0) - (q.delta - Math.exp(-input.dividendYield * q.tYears))),
      ).toBeLessThan(1e-12);
    }
  });

  it('roundQuote: bid floors, ask ceils, nickel ticks from 3.00, bid never negative', () => {
    expect(roundQuote(1.234, 0.05)).toEqual({ bid: 1.2, ask: 1.26 });
    expect(roundQuote(5.012, 0.1)).toEqual({ bid: 4.95, ask: 5.1 });
    expect(roundQuote(0.004, 0.02)).toEqual({ bid: 0, ask: 0.02 });
    expect(roundQuote(0, 0)).toEqual({ bid: 0, ask: 0.01 });
  });

  it('skips expired expiries', () => {
    const later = syntheticChain({ ...input, asOf: new Date('2026-11-21T00:00:00Z') });
    expect(later).toHaveLength(3 * 21 * 2);
  });
});
