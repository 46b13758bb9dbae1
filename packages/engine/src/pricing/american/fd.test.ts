import { describe, expect, it } from 'vitest';
import type { VanillaInputs } from '../../types.ts';
import { priceEuropean } from '../black-scholes.ts';
import { priceAmericanFD, solveAmericanFD } from './fd.ts';

describe('priceAmericanFD', () => {
  it('call with q = 0 (no early exercise) converges to Black–Scholes at second order', () => {
    const o: VanillaInputs = {
      right: 'call',
      spot: 95,
      strike: 100,
      tYears: 1,
      rate: 0.05,
      dividendYield: 0,
      vol: 0.25,
    };
    const exact = priceEuropean(o);
    const e1 = Math.abs(priceAmericanFD(o, { spaceSteps: 400, timeSteps: 400 }) - exact);
    const e2 = Math.abs(priceAmericanFD(o, { spaceSteps: 800, timeSteps: 800 }) - exact);
    // Measured: 1.25e-3 at 400², 3.1e-4 at 800² (the grid spans ±6.5 sd, so dx is coarse-ish).
    expect(e2).toBeLessThan(4e-4);
    expect(e1 / e2).toBeGreaterThan(3); // ≈ 4 for second order
  });
  it('put: successive grid differences shrink by ≈ 4 (second order)', () => {
    const o: VanillaInputs = {
      right: 'put',
      spot: 90,
      strike: 100,
      tYears: 1,
      rate: 0.06,
      dividendYield: 0.0,
      vol: 0.3,
    };
    const v = [200, 400, 800].map((n) => priceAmericanFD(o, { spaceSteps: n, timeSteps: n }));
    const ratio = ((v[1] ?? 0) - (v[0] ?? 0)) / ((v[2] ?? 0) - (v[1] ?? 0));
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5.5);
  });
  it('deep in-the-money put is exercised: price K − S, delta −1, theta 0', () => {
    const g = solveAmericanFD({
      right: 'put',
      spot: 50,
      strike: 100,
      tYears: 1,
      rate: 0.08,
      dividendYield: 0,
      vol: 0.2,
    });
    expect(g.price).toBeCloseTo(50, 12);
    expect(g.delta).toBe(-1);
    expect(g.theta).toBe(0);
  });
  it('cash dividend: a call is exercised just before the ex-date', () => {
    // S = 100, K = 90, dividend 8 at t = 0.25. Exercising at the ex-date is worth S − K·e^{−r·0.25} today
    // (the stock pays nothing before), a lower bound; holding to expiry is worth the European call on
    // the escrowed spot S − 8·e^{−r·0.25}, far below it.
    const o: VanillaInputs = {
      right: 'call',
      spot: 100,
      strike: 90,
      tYears: 0.5,
      rate: 0.05,
      dividendYield: 0,
      vol: 0.2,
    };
    const dividends = [{ tYears: 0.25, amount: 8 }];
    const american = priceAmericanFD(o, { dividends, spaceSteps: 800, timeSteps: 400 });
    const exerciseAtExDate = 100 - 90 * Math.exp(-0.05 * 0.25);
    const escrowedEuropean = priceEuropean({ ...o, spot: 100 - 8 * Math.exp(-0.05 * 0.25) });
    expect(american).toBeGreaterThanOrEqual(exerciseAtExDate - 1e-6);
    expect(american).toBeGreaterThan(escrowedEuropean + 2);
    // Upper bound: no-dividend American call = European call (q = 0).
    expect(american).toBeLessThan(priceEuropean(o));
    // A zero dividend changes nothing.
    expect(priceAmericanFD(o, { dividends: [{ tYears: 0.25, amount: 0 }], spaceSteps: 400 })).toBeCloseTo(
      priceAmericanFD(o, { spaceSteps: 400 }),
      6, // the ex-date still adds a time node (and a Rannacher restart)
    );
  });
  it('cash dividend on a put raises it (the spot drops)', () => {
    const o: VanillaInputs = {
      right: 'put',
      spot: 100,
      strike: 100,
      tYears: 1,
      rate: 0.05,
      dividendYield: 0,
      vol: 0.25,
    };
    expect(priceAmericanFD(o, { dividends: [{ tYears: 0.5, amount: 3 }] })).toBeGreaterThan(
      priceAmericanFD(o) + 1,
    );
  });
  it('rejects bad inputs', () => {
    const o: VanillaInputs = {
      right: 'put',
      spot: 100,
      strike: 100,
      tYears: 1,
      rate: 0.05,
      dividendYield: 0,
      vol: 0,
    };
    expect(() => priceAmericanFD(o)).toThrow(RangeError);
    expect(() => priceAmericanFD({ ...o, vol: 0.2 }, { spaceSteps: 3 })).toThrow(RangeError);
  });
});
