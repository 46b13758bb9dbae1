import { describe, expect, it } from 'vitest';
import { fromMicros, netPriceMicros, toMicros, withinLimit } from './net-price.ts';

describe('net price arithmetic (exact, in millionths)', () => {
  it.each([
    ['0', 0n],
    ['1', 1_000_000n],
    ['-1.25', -1_250_000n],
    ['0.000001', 1n],
    ['12.345678', 12_345_678n],
    ['-0.5', -500_000n],
  ])('toMicros(%s) = %s', (text, micros) => {
    expect(toMicros(text)).toBe(micros);
    expect(toMicros(fromMicros(micros))).toBe(micros);
  });

  it('refuses more than 6 decimals or non-numbers', () => {
    expect(() => toMicros('1.0000001')).toThrow();
    expect(() => toMicros('abc')).toThrow();
    expect(() => toMicros('1e3')).toThrow();
  });

  it('natural net of a bull put spread and a butterfly, hand-computed', () => {
    // Sell 95P at bid 2.90, buy 90P at ask 1.60: 1.60 − 2.90 = −1.30 (a credit).
    expect(
      fromMicros(
        netPriceMicros([
          { side: 'SELL', ratio: 1, price: '2.9' },
          { side: 'BUY', ratio: 1, price: '1.6' },
        ]),
      ),
    ).toBe('-1.3');
    // Buy 1 at 3.10, sell 2 at 1.20, buy 1 at 0.30: 3.1 − 2.4 + 0.3 = 1.0 (a debit);
    // in floats 3.1 - 2 * 1.2 + 0.3 is 0.9999999999999998.
    expect(
      netPriceMicros([
        { side: 'BUY', ratio: 1, price: '3.1' },
        { side: 'SELL', ratio: 2, price: '1.2' },
        { side: 'BUY', ratio: 1, price: '0.3' },
      ]),
    ).toBe(1_000_000n);
  });

  it('withinLimit: a debit pays at most the limit, a credit receives at least it', () => {
    expect(withinLimit(toMicros('1'), '1')).toBe(true);
    expect(withinLimit(toMicros('1.01'), '1')).toBe(false);
    expect(withinLimit(toMicros('0.99'), '1')).toBe(true);
    expect(withinLimit(toMicros('-1.3'), '-1.3')).toBe(true);
    expect(withinLimit(toMicros('-1.35'), '-1.3')).toBe(true); // more credit
    expect(withinLimit(toMicros('-1.25'), '-1.3')).toBe(false); // less credit
  });
});
