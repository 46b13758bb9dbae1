import { describe, expect, it } from 'vitest';
import { preTradeCheck, type RiskCheckName } from './pre-trade-check.ts';

const limits = { version: 7, maxContractsPerOrder: 40, maxLossPerTrade: 1000, maxPortfolioDelta: 150 };
const quiet = { contracts: 1, maxLossDollars: 10, deltaShares: 0 };

function find(name: RiskCheckName, v: ReturnType<typeof preTradeCheck>) {
  const c = v.checks.find((x) => x.name === name);
  if (!c) throw new Error(`missing ${name}`);
  return c;
}

describe('preTradeCheck', () => {
  it('passes a small trade with all three checks, echoing the limits version', () => {
    const v = preTradeCheck(quiet, { deltaShares: 0 }, limits);
    expect(v.ok).toBe(true);
    expect(v.limitsVersion).toBe(7);
    expect(v.checks.map((c) => c.name)).toEqual([
      'MAX_CONTRACTS_PER_ORDER',
      'MAX_LOSS_PER_TRADE',
      'MAX_PORTFOLIO_DELTA',
    ]);
    expect(v.checks.map((c) => c.unit)).toEqual(['contracts', 'USD', 'shares']);
    expect(v.checks.every((c) => c.status === 'pass' && c.excess === 0)).toBe(true);
  });

  // Limit 40: 90% = 36. Below → pass, 36..40 → warn, 41 → fail.
  it.each([
    [35, 'pass', 0, true],
    [36, 'warn', 0, true],
    [40, 'warn', 0, true],
    [41, 'fail', 1, false],
    [48, 'fail', 8, false],
  ] as const)('contracts %d → %s (excess %d)', (contracts, status, excess, ok) => {
    const v = preTradeCheck({ ...quiet, contracts }, { deltaShares: 0 }, limits);
    const c = find('MAX_CONTRACTS_PER_ORDER', v);
    expect([c.status, c.value, c.limit, c.excess, v.ok]).toEqual([status, contracts, 40, excess, ok]);
  });

  it('contracts message names the limit and the overage', () => {
    const v = preTradeCheck({ ...quiet, contracts: 48 }, { deltaShares: 0 }, limits);
    expect(find('MAX_CONTRACTS_PER_ORDER', v).message).toBe(
      'Max contracts per order: 48 > limit 40 (over by 8)',
    );
  });

  // Limit $1,000: warn from $900, fail above $1,000.
  it.each([
    [899.99, 'pass', 0],
    [900, 'warn', 0],
    [1000, 'warn', 0],
    [1000.01, 'fail', 0.01],
  ] as const)('max loss $%d → %s', (maxLossDollars, status, excess) => {
    const c = find(
      'MAX_LOSS_PER_TRADE',
      preTradeCheck({ ...quiet, maxLossDollars }, { deltaShares: 0 }, limits),
    );
    expect(c.status).toBe(status);
    expect(Math.abs(c.excess - excess)).toBeLessThan(1e-9);
  });

  it('max loss message uses dollars with separators', () => {
    const v = preTradeCheck(
      { ...quiet, maxLossDollars: 1250 },
      { deltaShares: 0 },
      { ...limits, maxLossPerTrade: 1000 },
    );
    expect(find('MAX_LOSS_PER_TRADE', v).message).toBe(
      'Max loss per trade: $1,250.00 > limit $1,000.00 (over by $250.00)',
    );
  });

  // Portfolio delta after the trade: |portfolio + trade| against 150 (warn from 135).
  it.each([
    [-120, 254, 134, 'pass'],
    [-120, 255, 135, 'warn'],
    [100, 50, 150, 'warn'],
    [100, 51, 151, 'fail'],
    [-100, -51, 151, 'fail'],
    [200, -100, 100, 'pass'], // a trade that reduces an over-limit book passes
  ] as const)('portfolio %d + trade %d → |%d| %s', (portfolio, trade, after, status) => {
    const v = preTradeCheck({ ...quiet, deltaShares: trade }, { deltaShares: portfolio }, limits);
    const c = find('MAX_PORTFOLIO_DELTA', v);
    expect(c.value).toBe(after);
    expect(c.status).toBe(status);
    expect(c.excess).toBe(Math.max(0, after - 150));
  });

  it('portfolio delta message shows the sum and the overage', () => {
    const v = preTradeCheck({ ...quiet, deltaShares: 300 }, { deltaShares: -120 }, limits);
    expect(find('MAX_PORTFOLIO_DELTA', v).message).toBe(
      'Max portfolio delta: |−120 + 300| = 180 shares > limit 150 shares (over by 30 shares)',
    );
  });

  it('a warn does not block; any fail does', () => {
    expect(
      preTradeCheck({ ...quiet, contracts: 40, maxLossDollars: 950 }, { deltaShares: 0 }, limits).ok,
    ).toBe(true);
    expect(preTradeCheck({ ...quiet, maxLossDollars: 1001 }, { deltaShares: 0 }, limits).ok).toBe(false);
  });

  it('non-finite inputs are programmer errors', () => {
    expect(() =>
      preTradeCheck({ ...quiet, maxLossDollars: Number.POSITIVE_INFINITY }, { deltaShares: 0 }, limits),
    ).toThrow(RangeError);
  });
});
