import { AppError, type JobPayload } from '@zomma/contracts';
import type { BrokerOrder, BrokerOrderRequest } from '../broker/broker-adapter.ts';
import type { HandlerContext } from '../handler-context.ts';

type OrderWithLegs = Awaited<ReturnType<HandlerContext['repos']['orders']['get']>>;

export type ExecuteOrderResult =
  | { outcome: 'already-final'; status: string }
  | { outcome: 'filled'; brokerOrderId: string; fills: number; submitted: boolean }
  | { outcome: 'rejected'; reason: string };

const FINAL = new Set(['FILLED', 'REJECTED', 'CANCELED']);

/**
 * Sends one order to the broker and books its fills, safe against a crash at any point:
 * every state change is persisted before the side effect it announces, and an order whose
 * fate is unknown (SUBMITTING or later) is looked up at the broker by client order id
 * before anything is resubmitted. An ACCEPTED order is never resubmitted: the broker has
 * acknowledged it, so the handler only asks for it and books its fills once it is filled
 * (until then, or if the broker cannot find it, the job fails retryably and is run again).
 */
export async function executeOrder(
  ctx: HandlerContext,
  payload: JobPayload<'orders.execute'>,
): Promise<ExecuteOrderResult> {
  const { repos, broker, crash } = ctx;
  const log = ctx.log.child({ orderId: payload.orderId });

  // 1. Load; a final order is a no-op (a duplicate job, or a retry after the last step).
  const order = await repos.orders.get(payload.orderId); // NOT_FOUND (not retryable) if missing
  if (FINAL.has(order.status)) {
    log.info({ status: order.status }, 'order already final');
    return { outcome: 'already-final', status: order.status };
  }
  const fateUnknown = order.status !== 'NEW';
  const acknowledged = order.status === 'ACCEPTED';

  // 2. Persist the intent before talking to the broker (an ACCEPTED order is past that).
  if (!acknowledged) {
    await repos.orders.markSubmitting(order.id, ctx.now());
    crash('after-mark-submitting');
  }

  // 3. Ask before (re)submitting whenever a previous attempt may have reached the broker.
  let brokerOrder = fateUnknown ? await broker.getByClientOrderId(order.clientOrderId) : null;
  if (acknowledged) brokerOrder = checkAcknowledged(order, brokerOrder);
  const submitted = brokerOrder === null;
  if (brokerOrder === null) {
    crash('before-broker-submit');
    try {
      brokerOrder = await broker.submit(toBrokerRequest(order));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'BROKER_REJECTED')) throw error;
      await repos.orders.markRejected(order.id, error.message);
      log.warn({ reason: error.message }, 'order refused by broker');
      return { outcome: 'rejected', reason: error.message };
    }
    crash('after-broker-submit');
  } else {
    log.info({ brokerOrderId: brokerOrder.id }, 'broker already has the order; not resubmitting');
  }

  if (brokerOrder.status === 'rejected' || brokerOrder.status === 'canceled') {
    const reason = brokerOrder.rejectReason ?? `broker ${brokerOrder.status} the order`;
    await repos.orders.markRejected(order.id, reason);
    log.warn({ reason }, 'order rejected by broker');
    return { outcome: 'rejected', reason };
  }

  // 4. Acknowledge, then book every fill in one transaction (idempotent on broker fill id).
  await repos.orders.markAccepted(order.id, brokerOrder.id);
  crash('after-mark-accepted');
  if (brokerOrder.status !== 'filled') {
    // Not complete yet at the broker: let BullMQ come back later (retryable).
    throw new AppError('BROKER_UNAVAILABLE', `order ${order.clientOrderId} not filled yet`, {
      brokerStatus: brokerOrder.status,
    });
  }
  const fills = toFills(order, brokerOrder);
  await repos.orders.bookFills({
    orderId: order.id,
    brokerOrderId: brokerOrder.id,
    fills,
    now: ctx.now(),
  });
  crash('after-book-fills');
  log.info({ brokerOrderId: brokerOrder.id, fills: fills.length, submitted }, 'order filled');
  return { outcome: 'filled', brokerOrderId: brokerOrder.id, fills: fills.length, submitted };
}

/**
 * The broker's order for an order it already ACCEPTED. Missing: the broker lost or cannot yet
 * see an order it acknowledged; resubmitting could trade twice, so fail retryably and keep
 * asking. A different broker order id is corrupt data: fail fast, not retryable.
 */
function checkAcknowledged(order: OrderWithLegs, brokerOrder: BrokerOrder | null): BrokerOrder {
  if (brokerOrder === null) {
    throw new AppError(
      'BROKER_UNAVAILABLE',
      `broker has no order ${order.clientOrderId} though it accepted it as ${order.brokerOrderId ?? '?'}; not resubmitting`,
      { clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId },
    );
  }
  if (order.brokerOrderId !== null && brokerOrder.id !== order.brokerOrderId) {
    throw new AppError(
      'CONFLICT',
      `broker order for ${order.clientOrderId} is ${brokerOrder.id}, but it accepted ${order.brokerOrderId}`,
      { clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId, brokerSays: brokerOrder.id },
    );
  }
  return brokerOrder;
}

function toBrokerRequest(order: OrderWithLegs): BrokerOrderRequest {
  return {
    clientOrderId: order.clientOrderId,
    underlying: order.underlying,
    quantity: order.quantity,
    limitPrice: order.limitPrice,
    legs: order.legs.map((leg) => ({
      idx: leg.idx,
      symbol: leg.symbol,
      right: leg.right,
      side: leg.side,
      ratio: leg.ratio,
      strike: leg.strike,
      expiry: leg.expiry,
    })),
  };
}

/** Maps broker fills to our legs; a fill we cannot place is corrupt data and fails fast. */
function toFills(order: OrderWithLegs, brokerOrder: BrokerOrder) {
  return brokerOrder.fills.map((fill) => {
    const leg = order.legs.find((l) => l.idx === fill.legIdx);
    if (!leg || leg.side !== fill.side) {
      throw new AppError(
        'INTERNAL',
        `broker fill ${fill.id} does not match a leg of ${order.clientOrderId}`,
        {
          legIdx: fill.legIdx,
        },
      );
    }
    return {
      brokerFillId: fill.id,
      orderLegId: leg.id,
      side: fill.side,
      quantity: fill.quantity,
      price: fill.price,
      filledAt: fill.filledAt,
    };
  });
}
