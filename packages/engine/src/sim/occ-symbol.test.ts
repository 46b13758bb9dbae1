import { describe, expect, it } from 'vitest';
import { occSymbol, parseOccSymbol } from './occ-symbol.ts';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe('occSymbol', () => {
  it.each([
    ['ZMA', '2026-12-18', 'call', 105, 'ZMA261218C00105000'],
    ['SPY', '2025-01-17', 'put', 590.5, 'SPY250117P00590500'],
    ['A', '2030-03-01', 'put', 0.5, 'A300301P00000500'],
    ['BRKB', '2027-06-18', 'call', 99999.999, 'BRKB270618C99999999'],
  ] as const)('%s %s %s %d → %s', (root, expiry, right, strike, want) => {
    expect(occSymbol(root, d(expiry), right, strike)).toBe(want);
    expect(parseOccSymbol(want)).toEqual({ root, expiry: d(expiry), right, strike });
  });

  it('rejects strikes and roots the format cannot carry', () => {
    expect(() => occSymbol('ZMA', d('2026-12-18'), 'call', 100000)).toThrow(RangeError);
    expect(() => occSymbol('ZMA', d('2026-12-18'), 'call', 1.0005)).toThrow(RangeError);
    expect(() => occSymbol('zma', d('2026-12-18'), 'call', 1)).toThrow(RangeError);
    expect(() => occSymbol('TOOLONG', d('2026-12-18'), 'call', 1)).toThrow(RangeError);
  });
});

describe('parseOccSymbol', () => {
  it('accepts the space-padded 21-character OSI form', () => {
    expect(parseOccSymbol('SPY   250117P00590500')).toEqual({
      root: 'SPY',
      expiry: d('2025-01-17'),
      right: 'put',
      strike: 590.5,
    });
  });
  it.each([
    '',
    'ZMA261318C00105000',
    'ZMA260230C00105000',
    'ZMA261218X00105000',
    'ZMA261218C0010500',
    'ZMA261218C00000000',
  ])('rejects %j', (s) => {
    expect(parseOccSymbol(s)).toBeNull();
  });
});
