/** Builders for tests (exported through `@zomma/db/testing`). */
import { randomUUID } from 'node:crypto';
import type { RiskVerdict } from '@zomma/contracts';
import type { Repositories } from './repositories/index.ts';
import type { SignalDraft } from './repositories/signals-repository.ts';

/**
 * A bull put spread on ZMA (sell 95P, buy 90P), 1 unit = 1 contract per leg; asOf now,
 * expiring in 10 minutes unless overridden. Unique dedupeKey per call unless given.
 */
export function signalDraft(modelVersionId: string, overrides: Partial<SignalDraft> = {}): SignalDraft {
  const asOf = overrides.asOf ?? new Date();
  const expiry = new Date('2027-01-15T00:00:00.000Z');
  return {
    asOf,
    expiresAt: new Date(asOf.getTime() + 10 * 60_000),
    underlying: 'ZMA',
    underlyingPrice: '100',
    strategy: 'BULL_PUT_SPREAD',
    quantity: 2,
    netDebit: '-1.5',
    maxLoss: '350',
    maxProfit: '150',
    delta: '12',
    rationale: 'test fixture',
    modelVersionId,
    dedupeKey: `test:${randomUUID()}`,
    legs: [
      {
        idx: 0,
        symbol: 'ZMA270115P00095000',
        right: 'PUT',
        side: 'SELL',
        ratio: 1,
        strike: '95',
        expiry,
        bid: '2.9',
        ask: '3.1',
        mid: '3',
        iv: '0.25',
        delta: '-0.3',
      },
      {
        idx: 1,
        symbol: 'ZMA270115P00090000',
        right: 'PUT',
        side: 'BUY',
        ratio: 1,
        strike: '90',
        expiry,
        bid: '1.4',
        ask: '1.6',
        mid: '1.5',
        iv: '0.27',
        delta: '-0.18',
      },
    ],
    ...overrides,
  };
}

export function passingVerdict(limitsVersion = 1): RiskVerdict {
  return {
    ok: true,
    limitsVersion,
    checks: [
      {
        name: 'MAX_CONTRACTS_PER_ORDER',
        label: 'Contracts per order',
        status: 'pass',
        value: 4,
        limit: 40,
        excess: 0,
        unit: 'contracts',
        message: '4 of 40 contracts',
      },
    ],
  };
}

export function failingVerdict(limitsVersion = 1): RiskVerdict {
  return {
    ok: false,
    limitsVersion,
    checks: [
      {
        name: 'MAX_LOSS_PER_TRADE',
        label: 'Max loss per trade',
        status: 'fail',
        value: 7000,
        limit: 5000,
        excess: 2000,
        unit: 'USD',
        message: 'max loss 7000 USD exceeds 5000 USD by 2000',
      },
      {
        name: 'MAX_CONTRACTS_PER_ORDER',
        label: 'Contracts per order',
        status: 'pass',
        value: 4,
        limit: 40,
        excess: 0,
        unit: 'contracts',
        message: '4 of 40 contracts',
      },
    ],
  };
}

/**
 * Books a complete fill of every leg of an order (quantity × ratio contracts each) at `prices`
 * per side, with fill ids `F-<leg idx>`, through the repository (one transaction, audited).
 */
export async function fillOrderCompletely(
  repos: Repositories,
  orderId: string,
  prices: { buy: string; sell: string; brokerOrderId: string; now: Date },
): Promise<void> {
  const order = await repos.orders.get(orderId);
  await repos.orders.bookFills({
    orderId: order.id,
    brokerOrderId: prices.brokerOrderId,
    fills: order.legs.map((leg) => ({
      brokerFillId: `F-${leg.idx}`,
      orderLegId: leg.id,
      side: leg.side,
      quantity: order.quantity * leg.ratio,
      price: leg.side === 'SELL' ? prices.sell : prices.buy,
      filledAt: prices.now,
    })),
    now: prices.now,
  });
}
