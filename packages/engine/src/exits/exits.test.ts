import { describe, expect, it } from 'vitest';
import { BASE_SCENARIO, MS_PER_YEAR, type PositionLeg, positionValue } from '../portfolio/position.ts';
import { priceEuropean } from '../pricing/black-scholes.ts';
import type { OptionRight } from '../types.ts';
import { type ExitPosition, type ExitRule, evaluateExits, exitPositionOf } from './index.ts';

const DAY = 24 * 3600 * 1000;
const entryAt = new Date('2026-03-02T21:00:00Z');
const expiry = new Date(entryAt.getTime() + 45 * DAY);
const r = 0.03;
const q = 0.01;
const vol = 0.2;
const price = (right: OptionRight, strike: number, spot: number, at: Date) =>
  priceEuropean({
    right,
    spot,
    strike,
    tYears: (expiry.getTime() - at.getTime()) / MS_PER_YEAR,
    rate: r,
    dividendYield: q,
    vol,
  });
const opt = (right: OptionRight, strike: number, quantity: number): PositionLeg => ({
  instrument: { kind: 'option', underlying: 'ZMA', right, strike, expiry, multiplier: 100 },
  quantity,
  entryPrice: price(right, strike, 100, entryAt),
});
// Short iron condor 90/95/105/110, one lot, opened at spot 100 for a credit.
const condorLegs = [opt('put', 90, 1), opt('put', 95, -1), opt('call', 105, -1), opt('call', 110, 1)];
const ctx = { market: { spot: 100, rate: r, dividendYield: q }, asOf: entryAt, volOf: () => vol };
const credit = -condorLegs.reduce((c, l) => c + l.quantity * 100 * (l.entryPrice ?? 0), 0);

/** Independent P&L: per leg (BSM price now − entry) × quantity × 100. */
const condorPnl = (spot: number, at: Date) =>
  condorLegs.reduce((s, l) => {
    const i = l.instrument;
    if (i.kind !== 'option') return s;
    return s + l.quantity * 100 * (price(i.right, i.strike, spot, at) - (l.entryPrice ?? 0));
  }, 0);

describe('iron condor (marks from positionValue)', () => {
  const position = exitPositionOf(condorLegs, ctx);
  const markAt = (spot: number, at: Date) => ({
    value: positionValue(condorLegs, { spot, rate: r, dividendYield: q }, at, BASE_SCENARIO, () => vol),
    underlyingPrice: spot,
  });

  it('has the closed-form max loss (width − credit) and max profit (credit)', () => {
    expect(credit).toBeGreaterThan(50);
    expect(position.entryCost).toBeCloseTo(-credit, 9);
    expect(position.maxProfit).toBeCloseTo(credit, 9);
    expect(position.maxLoss).toBeCloseTo(500 - credit, 9);
  });

  it('stops at a loss of 200% of the credit, expressed as a fraction of max loss', () => {
    const rules: ExitRule[] = [{ kind: 'STOP_LOSS', fractionOfMaxLoss: (2 * credit) / (500 - credit) }];
    const at = new Date(entryAt.getTime() + 10 * DAY);
    let triggeredCount = 0;
    for (let spot = 80; spot <= 100; spot += 0.25) {
      const ev = evaluateExits(position, markAt(spot, at), rules, at);
      const ref = condorPnl(spot, at);
      expect(ev.pnl).toBeCloseTo(ref, 6);
      const expected = ref <= -2 * credit;
      expect(ev.triggered.length === 1).toBe(expected);
      if (expected) {
        triggeredCount++;
        expect(ev.triggered[0]?.threshold).toBeCloseTo(-2 * credit, 9);
        expect(ev.triggered[0]?.measured).toBeCloseTo(ref, 6);
      }
    }
    // The scan crosses the stop: some spots trigger, some do not.
    expect(triggeredCount).toBeGreaterThan(0);
    expect(triggeredCount).toBeLessThan(81);
  });

  it('takes profit at 50% of max profit as time passes near the money', () => {
    const rules: ExitRule[] = [{ kind: 'TAKE_PROFIT', fractionOfMaxProfit: 0.5 }];
    for (const days of [1, 10, 20, 30, 40, 44]) {
      const at = new Date(entryAt.getTime() + days * DAY);
      const ev = evaluateExits(position, markAt(100, at), rules, at);
      const ref = condorPnl(100, at);
      expect(ev.triggered.length === 1).toBe(ref >= 0.5 * credit);
    }
    const late = new Date(entryAt.getTime() + 44 * DAY);
    expect(evaluateExits(position, markAt(100, late), rules, late).triggered[0]?.rule.kind).toBe(
      'TAKE_PROFIT',
    );
    expect(evaluateExits(position, markAt(100, entryAt), rules, entryAt).triggered).toEqual([]);
  });

  it('per-leg price marks give the same P&L as a valuation mark', () => {
    const at = new Date(entryAt.getTime() + 5 * DAY);
    const legPrices = condorLegs.map((l) =>
      l.instrument.kind === 'option' ? price(l.instrument.right, l.instrument.strike, 97, at) : 0,
    );
    const ev = evaluateExits(position, { legPrices, underlyingPrice: 97 }, [], at);
    expect(ev.pnl).toBeCloseTo(condorPnl(97, at), 9);
    expect(() => evaluateExits(position, { legPrices: [1], underlyingPrice: 97 }, [], at)).toThrow(
      RangeError,
    );
  });
});

describe('boundaries (exact currency values)', () => {
  // Defined risk: credit 100, max loss 400.
  const p: ExitPosition = { legs: condorLegs, entryCost: -100, maxLoss: 400, maxProfit: 100 };
  const rows: { rule: ExitRule; value?: number; spot?: number; dte?: number; hit: boolean }[] = [
    { rule: { kind: 'STOP_LOSS', fractionOfMaxLoss: 0.5 }, value: -299, hit: false },
    { rule: { kind: 'STOP_LOSS', fractionOfMaxLoss: 0.5 }, value: -300, hit: true },
    { rule: { kind: 'STOP_LOSS', fractionOfMaxLoss: 0.5 }, value: -301, hit: true },
    // Both given: the tighter stop (loss 150) applies.
    { rule: { kind: 'STOP_LOSS', fractionOfMaxLoss: 0.5, amount: 150 }, value: -249, hit: false },
    { rule: { kind: 'STOP_LOSS', fractionOfMaxLoss: 0.5, amount: 150 }, value: -250, hit: true },
    { rule: { kind: 'TAKE_PROFIT', fractionOfMaxProfit: 0.5 }, value: -51, hit: false },
    { rule: { kind: 'TAKE_PROFIT', fractionOfMaxProfit: 0.5 }, value: -50, hit: true },
    { rule: { kind: 'TAKE_PROFIT', fractionOfMaxProfit: 0.5 }, value: -49, hit: true },
    { rule: { kind: 'UNDERLYING_BELOW', level: 95 }, spot: 95.01, hit: false },
    { rule: { kind: 'UNDERLYING_BELOW', level: 95 }, spot: 95, hit: true },
    { rule: { kind: 'UNDERLYING_ABOVE', level: 105 }, spot: 104.99, hit: false },
    { rule: { kind: 'UNDERLYING_ABOVE', level: 105 }, spot: 105, hit: true },
    { rule: { kind: 'DAYS_TO_EXPIRY', days: 21 }, dte: 21 + 1 / 86_400_000, hit: false },
    { rule: { kind: 'DAYS_TO_EXPIRY', days: 21 }, dte: 21, hit: true },
    { rule: { kind: 'DAYS_TO_EXPIRY', days: 21 }, dte: 20.5, hit: true },
  ];
  it.each(rows)(
    '$rule.kind value=$value spot=$spot dte=$dte → $hit',
    ({ rule, value = -100, spot = 100, dte = 30, hit }) => {
      const now = new Date(expiry.getTime() - Math.round(dte * DAY));
      const ev = evaluateExits(p, { value, underlyingPrice: spot }, [rule], now);
      expect(ev.triggered).toHaveLength(hit ? 1 : 0);
      if (hit && rule.kind === 'DAYS_TO_EXPIRY') expect(ev.triggered[0]?.measured).toBe(dte);
    },
  );

  it('orders several triggers by priority (stops first, take-profit last), then by rule order', () => {
    const now = new Date(expiry.getTime() - 10 * DAY);
    const rules: ExitRule[] = [
      { kind: 'DAYS_TO_EXPIRY', days: 21 },
      { kind: 'UNDERLYING_BELOW', level: 100 },
      { kind: 'UNDERLYING_BELOW', level: 99 },
      { kind: 'STOP_LOSS', amount: 100 },
      { kind: 'TAKE_PROFIT', fractionOfMaxProfit: 0.5 },
    ];
    const down = evaluateExits(p, { value: -250, underlyingPrice: 98 }, rules, now);
    expect(down.triggered.map((t) => t.ruleIndex)).toEqual([3, 1, 2, 0]);
    expect(down.triggered[0]).toMatchObject({ measured: -150, threshold: -100 });
    const up = evaluateExits(
      p,
      { value: -20, underlyingPrice: 106 },
      [...rules, { kind: 'UNDERLYING_ABOVE', level: 105 }],
      now,
    );
    expect(up.triggered.map((t) => t.ruleIndex)).toEqual([5, 0, 4]);
  });
});

describe('unlimited risk', () => {
  // Naked short call: profitLoss reports unlimited max loss; max profit = the credit.
  const legs = [opt('call', 105, -1)];
  const position = exitPositionOf(legs, ctx);
  const credit1 = 100 * (legs[0]?.entryPrice ?? 0);

  it('skips the %-of-max-loss stop and uses the currency stop', () => {
    expect(position.maxLoss).toBe('unlimited');
    expect(position.maxProfit).toBeCloseTo(credit1, 9);
    const at = new Date(entryAt.getTime() + 5 * DAY);
    const mark = (spot: number) => ({
      value: positionValue(legs, { spot, rate: r, dividendYield: q }, at, BASE_SCENARIO, () => vol),
      underlyingPrice: spot,
    });
    const pctOnly = evaluateExits(position, mark(115), [{ kind: 'STOP_LOSS', fractionOfMaxLoss: 0.5 }], at);
    expect(pctOnly.triggered).toEqual([]);
    expect(pctOnly.skipped).toEqual([{ ruleIndex: 0, reason: 'UNLIMITED_MAX_LOSS_NEEDS_AMOUNT' }]);
    const rule: ExitRule = { kind: 'STOP_LOSS', fractionOfMaxLoss: 0.5, amount: 500 };
    for (const spot of [100, 105, 108, 110, 112, 115, 120]) {
      const ref = -100 * (price('call', 105, spot, at) - (legs[0]?.entryPrice ?? 0));
      const ev = evaluateExits(position, mark(spot), [rule], at);
      expect(ev.pnl).toBeCloseTo(ref, 6);
      expect(ev.triggered.length === 1).toBe(ref <= -500);
    }
    expect(evaluateExits(position, mark(120), [rule], at).triggered[0]?.threshold).toBe(-500);
    expect(evaluateExits(position, mark(100), [rule], at).triggered).toEqual([]);
  });

  it('skips take-profit on unlimited max profit', () => {
    const long: ExitPosition = { legs, entryCost: 300, maxLoss: 300, maxProfit: 'unlimited' };
    const ev = evaluateExits(
      long,
      { value: 10_000, underlyingPrice: 200 },
      [{ kind: 'TAKE_PROFIT', fractionOfMaxProfit: 0.5 }],
      entryAt,
    );
    expect(ev.skipped).toEqual([{ ruleIndex: 0, reason: 'UNLIMITED_MAX_PROFIT' }]);
  });
});
