import { describe, expect, it } from 'vitest';
import { daysToExpiry, listExpiries, yearsToExpiry } from './expiries.ts';

const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('listExpiries', () => {
  // 2026-12-16 is a Wednesday; 2026-12-18 a Friday (checked against a calendar).
  it.each([
    ['Wednesday', '2026-12-16T15:00:00Z', ['2026-12-18', '2026-12-25', '2027-01-01']],
    [
      'Friday before the 20:00 UTC cutoff',
      '2026-12-18T19:59:59Z',
      ['2026-12-18', '2026-12-25', '2027-01-01'],
    ],
    ['Friday at the cutoff', '2026-12-18T20:00:00Z', ['2026-12-25', '2027-01-01', '2027-01-08']],
    ['Saturday', '2026-12-19T00:00:00Z', ['2026-12-25', '2027-01-01', '2027-01-08']],
    ['Thursday late', '2024-02-29T23:59:59Z', ['2024-03-01', '2024-03-08', '2024-03-15']],
  ])('%s', (_name, asOf, want) => {
    const got = listExpiries(new Date(asOf), 3);
    expect(got.map(iso)).toEqual(want);
    for (const d of got) {
      expect(d.getUTCDay()).toBe(5);
      expect(d.getUTCHours()).toBe(0);
    }
  });

  it('count 0 gives none; a negative count is a programmer error', () => {
    expect(listExpiries(new Date('2026-01-01T00:00:00Z'), 0)).toEqual([]);
    expect(() => listExpiries(new Date('2026-01-01T00:00:00Z'), -1)).toThrow(RangeError);
  });
});

describe('year fractions', () => {
  it('ACT/365 to the 20:00 UTC cutoff', () => {
    const asOf = new Date('2026-12-11T20:00:00Z');
    const expiry = new Date('2026-12-18T00:00:00Z');
    expect(daysToExpiry(asOf, expiry)).toBe(7);
    expect(yearsToExpiry(asOf, expiry)).toBe(7 / 365);
    expect(yearsToExpiry(new Date('2026-12-19T00:00:00Z'), expiry)).toBe(0);
  });
});
