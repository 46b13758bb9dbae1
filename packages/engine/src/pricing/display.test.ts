import { describe, expect, it } from 'vitest';
import { priceEuropean } from './black-scholes.ts';
import {
  BASIS_POINT,
  charmPerDay,
  colorPerDay,
  DAYS_PER_YEAR,
  epsilonPerBasisPoint,
  rhoPerBasisPoint,
  thetaPerDay,
  VOL_POINT,
  vannaPerVolPoint,
  vegaPerVolPoint,
  vetaPerDayPerVolPoint,
  vommaPerVolPoint,
} from './display.ts';
import { greeksEuropean } from './greeks.ts';

describe('display constants and helpers', () => {
  it('constants: 365 days, 1 vol point = 0.01, 1 bp = 0.0001', () => {
    expect([DAYS_PER_YEAR, VOL_POINT, BASIS_POINT]).toEqual([365, 0.01, 0.0001]);
  });
  it.each([
    ['thetaPerDay', thetaPerDay(-36.5), -0.1],
    ['charmPerDay', charmPerDay(0.73), 0.002],
    ['colorPerDay', colorPerDay(-3.65), -0.01],
    ['vetaPerDayPerVolPoint', vetaPerDayPerVolPoint(-365), -0.01],
    ['vegaPerVolPoint', vegaPerVolPoint(25), 0.25],
    ['vannaPerVolPoint', vannaPerVolPoint(-1.5), -0.015],
    ['vommaPerVolPoint', vommaPerVolPoint(92.3444), 0.00923444],
    ['rhoPerBasisPoint', rhoPerBasisPoint(38.7325), 0.00387325],
    ['epsilonPerBasisPoint', epsilonPerBasisPoint(-50), -0.005],
  ])('%s', (_name, got, want) => {
    expect(Math.abs(got - want)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(want));
  });
  it('per-day theta and per-point vega predict the repriced option to first order', () => {
    const o = {
      right: 'call' as const,
      spot: 100,
      strike: 105,
      tYears: 0.5,
      rate: 0.03,
      dividendYield: 0.01,
      vol: 0.25,
    };
    const g = greeksEuropean(o);
    const dayLater = priceEuropean({ ...o, tYears: o.tYears - 1 / DAYS_PER_YEAR });
    expect(Math.abs(dayLater - g.price - thetaPerDay(g.theta))).toBeLessThan(1e-4);
    const volUp = priceEuropean({ ...o, vol: o.vol + VOL_POINT });
    expect(Math.abs(volUp - g.price - vegaPerVolPoint(g.vega))).toBeLessThan(1e-3);
    const rateUp = priceEuropean({ ...o, rate: o.rate + BASIS_POINT });
    expect(Math.abs(rateUp - g.price - rhoPerBasisPoint(g.rho))).toBeLessThan(1e-6);
  });
});
