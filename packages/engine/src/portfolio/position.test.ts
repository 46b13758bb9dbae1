import { describe, expect, it } from 'vitest';
import { priceEuropean } from '../pricing/black-scholes.ts';
import { BASE_SCENARIO, legValue, MS_PER_YEAR, type PositionLeg, positionValue } from './position.ts';

const asOf = new Date('2026-01-02T21:00:00Z');
const expiry = new Date(asOf.getTime() + 0.5 * MS_PER_YEAR);
const market = { spot: 100, rate: 0.03, dividendYield: 0.01 };
const call = (quantity: number, strike = 100): PositionLeg => ({
  instrument: { kind: 'option', underlying: 'ZMA', right: 'call', strike, expiry, multiplier: 100 },
  quantity,
});
const vol = () => 0.25;

describe('legValue', () => {
  it('values an option leg as quantity × multiplier × BSM price', () => {
    const p = priceEuropean({
      right: 'call',
      spot: 100,
      strike: 100,
      tYears: 0.5,
      rate: 0.03,
      dividendYield: 0.01,
      vol: 0.25,
    });
    expect(legValue(call(-3), market, asOf, BASE_SCENARIO, vol)).toBeCloseTo(-300 * p, 9);
  });

  it('applies spot moves, vol shifts and time decay', () => {
    const v = legValue(call(1), market, asOf, { spotMove: -0.1, volShift: 0.05, daysForward: 73 }, vol);
    const p = priceEuropean({
      right: 'call',
      spot: 90,
      strike: 100,
      tYears: 0.3,
      rate: 0.03,
      dividendYield: 0.01,
      vol: 0.3,
    });
    expect(v).toBeCloseTo(100 * p, 9);
  });

  it('is intrinsic once the scenario passes expiry, and stock is quantity × spot', () => {
    expect(
      legValue(call(2, 90), market, asOf, { spotMove: 0.1, volShift: 0, daysForward: 400 }, vol),
    ).toBeCloseTo(2 * 100 * 20, 9);
    const stock: PositionLeg = { instrument: { kind: 'stock', underlying: 'ZMA' }, quantity: -50 };
    expect(
      positionValue([stock], market, asOf, { spotMove: 0.02, volShift: 0, daysForward: 0 }, vol),
    ).toBeCloseTo(-5100, 9);
  });

  it('put–call parity holds for a conversion (long stock, long put, short call) at any scenario', () => {
    const legs: PositionLeg[] = [
      { instrument: { kind: 'stock', underlying: 'ZMA' }, quantity: 100 },
      {
        instrument: { kind: 'option', underlying: 'ZMA', right: 'put', strike: 105, expiry, multiplier: 100 },
        quantity: 1,
      },
      {
        instrument: {
          kind: 'option',
          underlying: 'ZMA',
          right: 'call',
          strike: 105,
          expiry,
          multiplier: 100,
        },
        quantity: -1,
      },
    ];
    for (const s of [BASE_SCENARIO, { spotMove: -0.2, volShift: 0.1, daysForward: 30 }]) {
      const t = 0.5 - s.daysForward / 365;
      const S = 100 * (1 + s.spotMove);
      // S − C + P = K e^{−rT} + S (1 − e^{−qT}) per share
      const expected = 100 * (105 * Math.exp(-0.03 * t) + S * (1 - Math.exp(-0.01 * t)));
      expect(positionValue(legs, market, asOf, s, vol)).toBeCloseTo(expected, 8);
    }
  });
});
