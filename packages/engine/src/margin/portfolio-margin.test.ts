import { describe, expect, it } from 'vitest';
import { MS_PER_YEAR, type PositionLeg } from '../portfolio/position.ts';
import { priceEuropean } from '../pricing/black-scholes.ts';
import { PM_CLASSES, portfolioMargin } from './portfolio-margin.ts';

const asOf = new Date('2026-01-02T21:00:00Z');
const expiry = new Date(asOf.getTime() + 0.5 * MS_PER_YEAR);
// r = q = 0 so a European put is worth at least K − S (used as a bound below).
const market = { spot: 100, rate: 0, dividendYield: 0 };
const VOL = 0.25;
const volOf = () => VOL;
const stock = (q: number): PositionLeg => ({ instrument: { kind: 'stock', underlying: 'XYZ' }, quantity: q });
const opt = (q: number, right: 'call' | 'put', strike: number, multiplier = 100): PositionLeg => ({
  instrument: { kind: 'option', underlying: 'XYZ', right, strike, expiry, multiplier },
  quantity: q,
});
const bs = (right: 'call' | 'put', spot: number, strike: number, vol: number) =>
  priceEuropean({ right, spot, strike, tYears: 0.5, rate: 0, dividendYield: 0, vol });

describe('portfolioMargin', () => {
  it('long stock: 15% of its value (equity class)', () => {
    const r = portfolioMargin([stock(1000)], market, asOf, volOf);
    expect(r.requirement).toBeCloseTo(0.15 * 100 * 1000, 6);
    expect(r.minimum).toBe(0);
    expect(r.worst.scenario.spotMove).toBeCloseTo(-0.15, 12);
  });

  it('grid: 10 equally spaced spot points, endpoints included, × 3 vol shifts', () => {
    const r = portfolioMargin([stock(100)], market, asOf, volOf);
    expect(r.grid).toHaveLength(10 * 3);
    const moves = [...new Set(r.grid.map((g) => g.scenario.spotMove))];
    expect(moves).toHaveLength(10);
    moves.forEach((m, k) => {
      expect(m).toBeCloseTo(-0.15 + (0.3 * k) / 9, 12);
    });
    expect(new Set(r.grid.map((g) => g.scenario.volShift))).toEqual(new Set([-0.05, 0, 0.05]));
  });

  it('long stock + long put: equals an independent grid scan and is capped by the put', () => {
    const legs = [stock(100), opt(1, 'put', 95)];
    const r = portfolioMargin(legs, market, asOf, volOf);
    const p0 = bs('put', 100, 95, VOL);
    // Reference: revalue directly with BSM on the same grid.
    let maxLoss = 0;
    for (let k = 0; k < 10; k++) {
      const s = 100 * (1 - 0.15 + (0.3 * k) / 9);
      for (const dv of [-0.05, 0, 0.05]) {
        const v = 100 * s + 100 * bs('put', s, 95, VOL + dv);
        maxLoss = Math.max(maxLoss, 100 * 100 + 100 * p0 - v);
      }
    }
    expect(r.maxLoss).toBeCloseTo(maxLoss, 6);
    expect(r.requirement).toBeCloseTo(Math.max(maxLoss, 37.5), 6);
    // With r = q = 0 the put is worth ≥ 95 − S, so the loss is at most (100 − 95 + p0) × 100.
    expect(r.maxLoss).toBeLessThanOrEqual((100 - 95 + p0) * 100 + 1e-9);
    expect(r.requirement).toBeLessThan(0.15 * 100 * 100);
  });

  it('straddles: long loses at most its premium (worst at the centre, vol down); short worst at an edge, vol up', () => {
    const long = [opt(1, 'call', 100), opt(1, 'put', 100)];
    const short = [opt(-1, 'call', 100), opt(-1, 'put', 100)];
    const premium = 100 * (bs('call', 100, 100, VOL) + bs('put', 100, 100, VOL));
    const rl = portfolioMargin(long, market, asOf, volOf);
    expect(rl.maxLoss).toBeGreaterThan(0);
    expect(rl.maxLoss).toBeLessThan(premium);
    expect(Math.abs(rl.worst.scenario.spotMove)).toBeCloseTo(0.15 / 9, 12);
    expect(rl.worst.scenario.volShift).toBe(-0.05);
    const rs = portfolioMargin(short, market, asOf, volOf);
    expect(Math.abs(rs.worst.scenario.spotMove)).toBeCloseTo(0.15, 12);
    expect(rs.worst.scenario.volShift).toBe(0.05);
    // The grids are mirror images: every point's P&L is opposite.
    rl.grid.forEach((g, i) => {
      expect(g.pnl).toBeCloseTo(-(rs.grid[i]?.pnl ?? Number.NaN), 6);
    });
    // Long + short = flat: only the per-contract minimum remains (4 contracts × $37.50).
    const flat = portfolioMargin([...long, ...short], market, asOf, volOf);
    expect(flat.maxLoss).toBeCloseTo(0, 9);
    expect(flat.requirement).toBe(150);
  });

  it('per-contract minimum scales with the multiplier', () => {
    const farCall = portfolioMargin([opt(1, 'call', 200)], market, asOf, volOf);
    expect(farCall.maxLoss).toBeLessThan(37.5);
    expect(farCall.requirement).toBe(37.5);
    expect(portfolioMargin([opt(2, 'call', 200, 10)], market, asOf, volOf).requirement).toBe(7.5);
  });

  it('classes and overrides: broad index −8%/+6%, custom range', () => {
    const idx = portfolioMargin([stock(100)], market, asOf, volOf, { underlyingClass: 'broadIndexHighCap' });
    expect(idx.requirement).toBeCloseTo(0.08 * 100 * 100, 6);
    const moves = idx.grid.map((g) => g.scenario.spotMove);
    expect(Math.min(...moves)).toBeCloseTo(PM_CLASSES.broadIndexHighCap.down, 12);
    expect(Math.max(...moves)).toBeCloseTo(0.06, 12);
    const short = portfolioMargin([stock(-100)], market, asOf, volOf, {
      underlyingClass: 'broadIndexHighCap',
    });
    expect(short.requirement).toBeCloseTo(0.06 * 100 * 100, 6);
    const custom = portfolioMargin([stock(100)], market, asOf, volOf, {
      config: { down: -0.2, up: 0.1, points: 4, volShifts: [0] },
    });
    expect(custom.grid).toHaveLength(4);
    expect(custom.requirement).toBeCloseTo(0.2 * 100 * 100, 6);
  });
});
