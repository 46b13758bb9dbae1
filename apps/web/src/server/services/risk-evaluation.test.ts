import type { PortfolioRisk, RiskLimits, Signal, SignalLeg } from '@zomma/contracts';
import { describe, expect, it } from 'vitest';
import {
  evaluateSignal,
  microsToNumber,
  naturalNetMicros,
  signalExposure,
  toMicros,
} from './risk-evaluation.ts';

const expiry = new Date('2027-01-15T00:00:00.000Z');

function leg(side: 'BUY' | 'SELL', ratio: number, bid: string, ask: string, idx = 0): SignalLeg {
  const mid = ((Number(bid) + Number(ask)) / 2).toFixed(6);
  return {
    idx,
    symbol: `ZMA270115P${String(90 + idx).padStart(5, '0')}000`,
    right: 'PUT',
    side,
    ratio,
    strike: String(90 + idx),
    expiry,
    bid,
    ask,
    mid,
    iv: '0.25',
    delta: '-0.2',
  };
}

/** A signal whose natural price equals its mid (zero-width quotes) unless legs are given. */
function signal(over: Partial<Signal>): Signal {
  return {
    quantity: 1,
    maxLoss: '0',
    netDebit: '0',
    multiplier: 100,
    delta: '0',
    legs: [leg('BUY', 1, '0', '0')],
    ...over,
  } as Signal;
}

function limits(over: Partial<RiskLimits> = {}): RiskLimits {
  return {
    version: 1,
    maxContractsPerOrder: 1000,
    maxLossPerTrade: '1000000',
    maxPortfolioDelta: '1000000',
    ...over,
  } as RiskLimits;
}

const flat: PortfolioRisk = {
  delta: 0,
  pendingDelta: 0,
  openOrders: 0,
  positions: 0,
  unrealizedPnl: 0,
  realizedPnl: 0,
};

function lossCheck(s: Signal, maxLossPerTrade: string) {
  const verdict = evaluateSignal({ signal: s, limits: limits({ maxLossPerTrade }), portfolio: flat });
  const check = verdict.checks.find((c) => c.name === 'MAX_LOSS_PER_TRADE');
  if (!check) throw new Error('no loss check');
  return check;
}

describe('exact exposures: a limit set exactly at the exposure is not breached', () => {
  // Each row: per-unit max loss, quantity, limit = the exact product (floats get these wrong:
  // 0.07 × 100 = 7.000000000000001, 0.1 × 3 = 0.30000000000000004, 1.1 × 3 = 3.3000000000000003).
  it.each([
    ['0.07', 100, '7'],
    ['0.1', 3, '0.3'],
    ['1.1', 3, '3.3'],
    ['0.57', 100, '57'],
    ['4.35', 100, '435'],
    ['333.333333', 3, '999.999999'],
  ])(
    'max loss %s × %i against %s: pass (at the limit), and 0.000001 less fails',
    (maxLoss, quantity, limit) => {
      const at = lossCheck(signal({ maxLoss, quantity }), limit);
      expect(at).toMatchObject({ status: 'warn', value: Number(limit), excess: 0 });
      const below = microsToNumber(toMicros(limit) - 1n).toFixed(6);
      expect(lossCheck(signal({ maxLoss, quantity }), below)).toMatchObject({ status: 'fail' });
    },
  );

  it('floats would have breached these (the reason for the table)', () => {
    expect(0.07 * 100 > 7).toBe(true);
    expect(0.1 * 3 > 0.3).toBe(true);
    expect(1.1 * 3 > 3.3).toBe(true);
  });

  it.each([
    ['0.1', 3, '0.3'],
    ['12.345678', 3, '37.037034'],
    ['-0.07', 100, '7'],
  ])('portfolio delta %s × %i against %s: at the limit, not over', (delta, quantity, limit) => {
    const verdict = evaluateSignal({
      signal: signal({ delta, quantity }),
      limits: limits({ maxPortfolioDelta: limit }),
      portfolio: flat,
    });
    expect(verdict.checks.find((c) => c.name === 'MAX_PORTFOLIO_DELTA')).toMatchObject({
      value: Number(limit),
      excess: 0,
      status: 'warn',
    });
  });
});

describe('max loss at the limit price (the natural price, not the mid)', () => {
  // Bull put spread: sell 95P 2.90/3.10, buy 90P 1.40/1.60. Mid credit 1.50, natural credit
  // 2.90 − 1.60 = 1.30; max loss at mid (5 − 1.5) × 100 = 350, at the natural (5 − 1.3) × 100 = 370.
  const spread = signal({
    quantity: 3,
    netDebit: '-1.5',
    maxLoss: '350',
    delta: '12',
    legs: [leg('SELL', 1, '2.9', '3.1', 5), leg('BUY', 1, '1.4', '1.6', 0)],
  });

  it('natural net: −1.30 per share', () => {
    expect(naturalNetMicros(spread.legs)).toBe(-1_300_000n);
  });

  it('exposure: 370 × 3 = 1110 dollars, 36 shares, 6 contracts', () => {
    expect(signalExposure(spread)).toEqual({ contracts: 6, maxLossDollars: 1110, deltaShares: 36 });
  });

  it('the verdict shows the loss at the limit price: 1110 passes a 1110 limit and fails 1109.99', () => {
    expect(lossCheck(spread, '1110')).toMatchObject({ status: 'warn', value: 1110, limit: 1110 });
    const over = lossCheck(spread, '1109.99');
    expect(over).toMatchObject({ status: 'fail', value: 1110 });
    expect(over.excess).toBeCloseTo(0.01, 9);
    // At the mid it would have been 1050: a 1100 limit must now refuse it.
    expect(lossCheck(spread, '1100')).toMatchObject({ status: 'fail' });
  });

  it('a debit butterfly: buy 1 at 3.10, sell 2 at 1.20 bid, buy 1 at 0.30 → natural 1.00 vs mid', () => {
    const fly = signal({
      quantity: 2,
      netDebit: '0.9',
      maxLoss: '90',
      legs: [leg('BUY', 1, '3', '3.1', 0), leg('SELL', 2, '1.2', '1.3', 1), leg('BUY', 1, '0.2', '0.3', 2)],
    });
    expect(naturalNetMicros(fly.legs)).toBe(1_000_000n);
    // (90 + (1.00 − 0.90) × 100) × 2 = 200.
    expect(signalExposure(fly).maxLossDollars).toBe(200);
  });
});
