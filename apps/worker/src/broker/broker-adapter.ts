import type { OptionRight, Side } from '@zomma/contracts';

/** One leg of a multi-leg option order as sent to a broker. */
export interface BrokerOrderLeg {
  idx: number;
  /** OCC contract symbol. */
  symbol: string;
  right: OptionRight;
  side: Side;
  /** Contracts per strategy unit. */
  ratio: number;
  strike: string;
  expiry: Date;
}

export interface BrokerOrderRequest {
  /** Our idempotency key: a broker keeps one order per client order id. */
  clientOrderId: string;
  underlying: string;
  /** Strategy units; each leg trades quantity × ratio contracts. */
  quantity: number;
  /**
   * Per-share net limit: positive = debit, negative = credit. The order fills only at a net
   * price no worse than this (a debit ≤ limit, a credit ≥ |limit|); until then it works.
   */
  limitPrice: string;
  legs: BrokerOrderLeg[];
}

export interface BrokerFill {
  /** The broker's execution id (unique; a replayed fill is booked once). */
  id: string;
  legIdx: number;
  side: Side;
  /** Contracts, positive. */
  quantity: number;
  /** Per-share price, decimal string. */
  price: string;
  filledAt: Date;
}

/** Lower-case like Alpaca's order statuses. */
export type BrokerOrderStatus = 'accepted' | 'partially_filled' | 'filled' | 'rejected' | 'canceled';

export interface BrokerOrder {
  /** The broker's own order id. */
  id: string;
  clientOrderId: string;
  status: BrokerOrderStatus;
  rejectReason: string | null;
  fills: BrokerFill[];
}

/**
 * What execution needs of a broker (Alpaca-shaped). Implementations validate what the
 * broker returns and throw AppError: BROKER_UNAVAILABLE for transient failures (retried),
 * BROKER_REJECTED only for malformed requests; an order the broker refuses comes back as
 * a `rejected` BrokerOrder.
 */
export interface BrokerAdapter {
  readonly name: string;
  /** Places the order; for a client order id the broker already has, returns that order. */
  submit(order: BrokerOrderRequest): Promise<BrokerOrder>;
  /** The broker's order for our client order id, or null if it never received it. */
  getByClientOrderId(clientOrderId: string): Promise<BrokerOrder | null>;
  /**
   * Cancels a working order; returns the order as it is afterwards (`canceled`, or whatever
   * final state it reached first, e.g. `filled`), or null if the broker never received it.
   */
  cancel(clientOrderId: string, reason: string): Promise<BrokerOrder | null>;
}
