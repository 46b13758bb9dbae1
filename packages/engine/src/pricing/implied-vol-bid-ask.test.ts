import { describe, expect, it } from 'vitest';
import { priceEuropean } from './black-scholes.ts';
import { impliedVolBidAsk } from './implied-vol-bid-ask.ts';

const o = { right: 'call' as const, spot: 100, strike: 105, tYears: 0.25, rate: 0.03, dividendYield: 0.01 };

describe('impliedVolBidAsk', () => {
  it('solves each side: bid vol < mid vol < ask vol, each repricing its own quote', () => {
    const bid = priceEuropean({ ...o, vol: 0.24 });
    const ask = priceEuropean({ ...o, vol: 0.26 });
    const r = impliedVolBidAsk({ ...o, bid, ask });
    expect(r.bid.ok && r.ask.ok && r.mid.ok).toBe(true);
    if (r.bid.ok && r.ask.ok && r.mid.ok) {
      expect(Math.abs(r.bid.vol - 0.24)).toBeLessThan(1e-12);
      expect(Math.abs(r.ask.vol - 0.26)).toBeLessThan(1e-12);
      expect(r.mid.vol).toBeGreaterThan(r.bid.vol);
      expect(r.mid.vol).toBeLessThan(r.ask.vol);
      const mid = 0.5 * (bid + ask);
      expect(Math.abs(priceEuropean({ ...o, vol: r.mid.vol }) - mid)).toBeLessThan(1e-12 * mid);
    }
  });
  it('a zero bid fails on the bid (and the mid) only', () => {
    const r = impliedVolBidAsk({ ...o, bid: 0, ask: 0.5 });
    expect(r.bid).toEqual({ ok: false, reason: 'NO_BID' });
    expect(r.mid).toEqual({ ok: false, reason: 'NO_BID' });
    expect(r.ask.ok).toBe(true);
  });
  it('a sub-intrinsic bid on an in-the-money put is BELOW_INTRINSIC for the bid only', () => {
    const put = { ...o, right: 'put' as const, strike: 130 };
    const intrinsic = 130 * Math.exp(-0.03 * 0.25) - 100 * Math.exp(-0.01 * 0.25);
    const r = impliedVolBidAsk({ ...put, bid: intrinsic - 0.2, ask: intrinsic + 0.6 });
    expect(r.bid).toEqual({ ok: false, reason: 'BELOW_INTRINSIC' });
    expect(r.ask.ok).toBe(true);
    expect(r.mid.ok).toBe(true);
  });
  it('crossed quotes fail the mid; a missing ask fails ask and mid', () => {
    expect(impliedVolBidAsk({ ...o, bid: 2, ask: 1.5 }).mid).toEqual({ ok: false, reason: 'CROSSED' });
    const r = impliedVolBidAsk({ ...o, bid: 1, ask: 0 });
    expect(r.ask).toEqual({ ok: false, reason: 'NO_ASK' });
    expect(r.mid).toEqual({ ok: false, reason: 'NO_ASK' });
    expect(r.bid.ok).toBe(true);
  });
  it('an ask above the upper bound is ABOVE_MAX on the ask only', () => {
    const r = impliedVolBidAsk({ ...o, bid: 1, ask: 150 });
    expect(r.ask).toEqual({ ok: false, reason: 'ABOVE_MAX' });
    expect(r.bid.ok).toBe(true);
  });
  it('non-finite quotes are a programmer error', () => {
    expect(() => impliedVolBidAsk({ ...o, bid: Number.NaN, ask: 1 })).toThrow(RangeError);
  });
});
