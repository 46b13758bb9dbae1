import { describe, expect, it } from 'vitest';
import { positionValue } from '../portfolio/position.ts';
import { DEFAULT_SPOT_GRID, DEFAULT_VOL_SHOCKS, HISTORICAL_SHOCKS, stressTest } from './stress.ts';
import { asOf, book, markets, mixedLegs, option, shortStraddle, volOf } from './test-book.ts';

const longPuts = () => [option('AAA', 'put', 95, 45, 5), option('BBB', 'put', 240, 90, 2)];

describe('stressTest', () => {
  it('grid shape: 10 spot moves in ±15% × the vol shocks; historical shocks as documented', () => {
    const r = stressTest(book(mixedLegs()));
    expect(DEFAULT_SPOT_GRID).toHaveLength(10);
    expect(Math.min(...DEFAULT_SPOT_GRID)).toBe(-0.15);
    expect(Math.max(...DEFAULT_SPOT_GRID)).toBe(0.15);
    expect(r.grid).toHaveLength(DEFAULT_VOL_SHOCKS.length);
    for (const row of r.grid) expect(row).toHaveLength(10);
    expect(r.historical.map((h) => h.name)).toEqual([
      'Black Monday (1987-10-19)',
      'October 2008 (2008-10)',
      'Volmageddon (2018-02-05)',
      'COVID crash (2020-03-16)',
    ]);
    const all = [...r.grid.flat(), ...r.historical].map((p) => p.pnl);
    expect(r.worst.pnl).toBe(Math.min(...all));
  });

  it('every P&L is a difference of positionValue (grid and historical, per underlying)', () => {
    const legs = mixedLegs();
    const r = stressTest(book(legs), { betas: { AAA: 1.5, BBB: 0.5 } });
    const beta: Record<string, number> = { AAA: 1.5, BBB: 0.5 };
    for (const p of [...r.grid.flat(), ...r.historical]) {
      let total = 0;
      for (const u of p.byUnderlying) {
        const m = markets[u.underlying];
        if (m === undefined) throw new Error(u.underlying);
        const ul = legs.filter((l) => l.instrument.underlying === u.underlying);
        const move = Math.max(-0.99, (beta[u.underlying] ?? Number.NaN) * p.spotMove);
        const shocked = positionValue(
          ul,
          m,
          asOf,
          { spotMove: move, volShift: p.volShift, daysForward: 0 },
          volOf,
        );
        const now = positionValue(ul, m, asOf, { spotMove: 0, volShift: 0, daysForward: 0 }, volOf);
        expect(u.pnl).toBeCloseTo(shocked - now, 8);
        total += shocked - now;
      }
      expect(p.pnl).toBeCloseTo(total, 8);
    }
  });

  it('long puts gain and a short straddle loses in every historical crash', () => {
    const puts = stressTest(book(longPuts()));
    const straddle = stressTest(book(shortStraddle()));
    expect(puts.historical).toHaveLength(HISTORICAL_SHOCKS.length);
    for (const p of puts.historical) expect(p.pnl).toBeGreaterThan(0);
    for (const p of straddle.historical) expect(p.pnl).toBeLessThan(0);
    // Short straddle: every grid point with a non-negative vol shift loses.
    for (const p of straddle.grid.flat()) if (p.volShift >= 0) expect(p.pnl).toBeLessThan(0);
  });

  it('custom grid and shocks; beta scales the spot move; missing beta fails', () => {
    const r = stressTest(book(longPuts()), {
      spotGrid: [-0.1, 0.1],
      volShocks: [0],
      shocks: [{ name: 'x', date: '2000-01-01', spotMove: -0.1, volShift: 0 }],
      betas: { AAA: 1, BBB: 1 },
    });
    expect(r.grid).toHaveLength(1);
    expect(r.historical[0]?.pnl).toBeCloseTo(r.grid[0]?.[0]?.pnl ?? Number.NaN, 9);
    expect(() => stressTest(book(longPuts()), { betas: { AAA: 1 } })).toThrow(/BBB/);
  });
});
