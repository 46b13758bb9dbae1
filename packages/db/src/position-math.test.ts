import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.ts';
import { applyFill, FLAT, type PositionState, unrealizedPnl } from './position-math.ts';

const d = (s: string) => new Decimal(s);
const show = (p: PositionState) => ({
  q: p.quantity,
  avg: p.avgPrice.toString(),
  pnl: p.realizedPnl.toString(),
});

describe('applyFill (hand-computed, multiplier 100)', () => {
  it('opens, adds, reduces, flips and closes a long', () => {
    // buy 2 @ 1.50 → +2 @ 1.50
    let p = applyFill(FLAT, { side: 'BUY', quantity: 2, price: d('1.50') }, 100);
    expect(show(p)).toEqual({ q: 2, avg: '1.5', pnl: '0' });
    // buy 1 @ 2.10 → +3 @ (2×1.5 + 2.1)/3 = 5.1/3 = 1.7
    p = applyFill(p, { side: 'BUY', quantity: 1, price: d('2.10') }, 100);
    expect(show(p)).toEqual({ q: 3, avg: '1.7', pnl: '0' });
    // sell 1 @ 2.00 → +2 @ 1.7, realized (2.0 − 1.7) × 1 × 100 = 30
    p = applyFill(p, { side: 'SELL', quantity: 1, price: d('2.00') }, 100);
    expect(show(p)).toEqual({ q: 2, avg: '1.7', pnl: '30' });
    // sell 5 @ 1.20 → close 2: (1.2 − 1.7) × 2 × 100 = −100 → realized −70; open −3 @ 1.2
    p = applyFill(p, { side: 'SELL', quantity: 5, price: d('1.20') }, 100);
    expect(show(p)).toEqual({ q: -3, avg: '1.2', pnl: '-70' });
    // buy 3 @ 0.95 → short closed: (1.2 − 0.95) × 3 × 100 = 75 → realized 5; flat
    p = applyFill(p, { side: 'BUY', quantity: 3, price: d('0.95') }, 100);
    expect(show(p)).toEqual({ q: 0, avg: '0', pnl: '5' });
  });

  it('adds to a short with a weighted average and rounds to 6 dp', () => {
    let p = applyFill(FLAT, { side: 'SELL', quantity: 1, price: d('1') }, 100);
    p = applyFill(p, { side: 'SELL', quantity: 2, price: d('2') }, 100);
    // (1 + 4) / 3 = 1.6666666… → 1.666667
    expect(show(p)).toEqual({ q: -3, avg: '1.666667', pnl: '0' });
  });

  it('refuses a non-positive quantity', () => {
    expect(() => applyFill(FLAT, { side: 'BUY', quantity: 0, price: d('1') }, 100)).toThrow();
  });

  it('unrealized P&L is (mark − avg) × signed qty × multiplier', () => {
    // short 2 @ 3.00 marked at 2.50: (2.5 − 3) × (−2) × 100 = +100
    expect(unrealizedPnl({ quantity: -2, avgPrice: d('3') }, d('2.5'), 100).toString()).toBe('100');
    // long 1 @ 1.25 marked at 1.00, multiplier 10: −2.5
    expect(unrealizedPnl({ quantity: 1, avgPrice: d('1.25') }, d('1'), 10).toString()).toBe('-2.5');
  });
});
