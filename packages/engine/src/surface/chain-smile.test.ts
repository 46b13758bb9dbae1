import { describe, expect, it } from 'vitest';
import { priceEuropean } from '../pricing/black-scholes.ts';
import { type ChainQuote, inferForward, smileFromChain } from './chain-smile.ts';

// A synthetic chain priced by Black–Scholes with known spot, rate, dividend yield and a skewed smile.
const SPOT = 100;
const RATE = 0.03;
const DIV = 0.01;
const T = 0.5;
const volOf = (strike: number): number => 0.25 - 0.2 * Math.log(strike / SPOT);
const HALF_SPREAD = 0.02;

function chain(): ChainQuote[] {
  const out: ChainQuote[] = [];
  for (let strike = 70; strike <= 130; strike += 5) {
    for (const right of ['call', 'put'] as const) {
      const p = priceEuropean({
        right,
        spot: SPOT,
        strike,
        tYears: T,
        rate: RATE,
        dividendYield: DIV,
        vol: volOf(strike),
      });
      out.push({ right, strike, bid: Math.max(p - HALF_SPREAD, 0), ask: p + HALF_SPREAD });
    }
  }
  return out;
}

describe('forward from put–call parity', () => {
  it('recovers F = S·e^{(r−q)T} to 1e-9 relative and the rate to 1e-9 (symmetric spreads)', () => {
    const f = inferForward(chain(), T);
    expect(f.ok).toBe(true);
    if (!f.ok) return;
    const forward = SPOT * Math.exp((RATE - DIV) * T);
    expect(Math.abs(f.forward / forward - 1)).toBeLessThan(1e-9);
    expect(Math.abs(f.rate - RATE)).toBeLessThan(1e-9);
    expect(f.pairs).toBe(8);
  });
  // Puts marked up by 3% of strike: the parity slope implies D ≈ 1.015 (rate ≈ −3%), outside the band.
  it('an implausible parity rate is clamped to the band; no two-sided pairs is reported', () => {
    const skewed = chain().map((q) =>
      q.right === 'put' ? { ...q, bid: q.bid + q.strike * 0.03, ask: q.ask + q.strike * 0.03 } : q,
    );
    const f = inferForward(skewed, T);
    expect(f.ok && f.rate).toBe(-0.02);
    expect(
      inferForward(
        chain().map((q) => ({ ...q, bid: 0 })),
        T,
      ),
    ).toEqual({ ok: false, reason: 'NO_PARITY_PAIRS' });
  });
});

describe('smile from chain', () => {
  it('uses the OTM side, brackets the true vol between bid and ask vols, and skips crossed quotes', () => {
    const quotes = chain();
    const crossed = quotes.findIndex((q) => q.strike === 120 && q.right === 'call');
    quotes[crossed] = { right: 'call', strike: 120, bid: 2, ask: 1 };
    const forward = SPOT * Math.exp((RATE - DIV) * T);
    const smile = smileFromChain(quotes, T, forward, RATE);
    expect(smile.length).toBe(12);
    for (const q of smile) {
      expect(q.right).toBe(q.strike < forward ? 'put' : 'call');
      expect(q.k).toBeCloseTo(Math.log(q.strike / forward), 14);
      expect(q.bidVol).not.toBeNull();
      expect(q.bidVol ?? 1).toBeLessThan(volOf(q.strike));
      expect(q.askVol).toBeGreaterThan(volOf(q.strike));
    }
  });
});
