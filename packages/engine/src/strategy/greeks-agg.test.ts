import { describe, expect, it } from 'vitest';
import { type PositionLeg, positionValue } from '../portfolio/position.ts';
import { positionGreeks } from './greeks-agg.ts';
import { ALL, asOf, built, market, volOf } from './strategy-fixtures.test-helper.ts';

const V = (legs: readonly PositionLeg[], spotMove: number, volShift: number, daysForward: number) =>
  positionValue(legs, market, asOf, { spotMove, volShift, daysForward }, volOf);

describe('positionGreeks', () => {
  it.each(ALL)('%s: matches central finite differences of positionValue', (_n, legs) => {
    const g = positionGreeks(legs, market, asOf, volOf);
    const S = market.spot;
    const h = 1e-4; // relative spot bump (FD truncation ~1e-8 relative, rounding ~1e-9)
    const dS = S * h;
    const delta = (V(legs, h, 0, 0) - V(legs, -h, 0, 0)) / (2 * dS);
    const gamma = (V(legs, h, 0, 0) - 2 * V(legs, 0, 0, 0) + V(legs, -h, 0, 0)) / (dS * dS);
    const vega = (V(legs, 0, 1e-4, 0) - V(legs, 0, -1e-4, 0)) / 2e-4;
    // Theta = −∂V/∂T = ∂V/∂(days passed), per day.
    const thetaDay = (V(legs, 0, 0, 0.01) - V(legs, 0, 0, -0.01)) / 0.02;
    const tol = (x: number, rel: number, abs: number) => rel * Math.abs(x) + abs;
    expect(Math.abs(g.perUnit.delta - delta)).toBeLessThan(tol(delta, 1e-6, 1e-4));
    expect(Math.abs(g.perUnit.gamma - gamma)).toBeLessThan(tol(gamma, 1e-3, 1e-4));
    expect(Math.abs(g.perUnit.vega - vega)).toBeLessThan(tol(vega, 1e-6, 1e-4));
    expect(Math.abs(g.thetaPerDay - thetaDay)).toBeLessThan(tol(thetaDay, 1e-4, 1e-4));
    // Display scaling and the per-leg sum.
    expect(g.vegaPerVolPoint).toBeCloseTo(g.perUnit.vega * 0.01, 12);
    expect(g.deltaDollars).toBeCloseTo(g.perUnit.delta * S, 9);
    expect(g.dollarGammaPer1Pct).toBeCloseTo(g.perUnit.gamma * S * S * 0.01, 9);
    const sum = g.perLeg.reduce((a, x) => a + x.delta, 0);
    expect(g.perUnit.delta).toBeCloseTo(sum, 12);
  });

  it('gamma per 1% is the delta change per 1% (from a ±0.05% move); stock delta = quantity', () => {
    const legs = built('long_straddle');
    const g = positionGreeks(legs, market, asOf, volOf);
    const dUp = positionGreeks(legs, { ...market, spot: market.spot * 1.0005 }, asOf, volOf).perUnit.delta;
    const dDn = positionGreeks(legs, { ...market, spot: market.spot * 0.9995 }, asOf, volOf).perUnit.delta;
    expect(g.gammaPer1Pct).toBeCloseTo(10 * (dUp - dDn), 3);
    expect(g.dollarGammaPer1Pct).toBeCloseTo(10 * (dUp - dDn) * market.spot, 1);
    const stock = positionGreeks(built('long_stock'), market, asOf, volOf);
    expect(stock.perUnit).toEqual({ delta: 100, gamma: 0, vega: 0, theta: 0, rho: 0 });
    const cc = positionGreeks(built('covered_call'), market, asOf, volOf);
    expect(cc.perLeg[0]?.delta).toBe(100);
  });
});
