import { AppError, type JobPayload } from '@zomma/contracts';
import type { BrokerOrder, BrokerOrderRequest } from '../broker/broker-adapter.ts';
import type { HandlerContext } from '../handler-context.ts';

type OrderWithLegs = Awaited<ReturnType<HandlerContext['repos']['orders']['get']>>;

export type ExecuteOrderResult =
  | { outcome: 'already-final'; status: string }
  | { outcome: 'filled'; brokerOrderId: string; fills: number; submitted: boolean }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'canceled'; reason: string };

const FINAL = new Set(['FILLED', 'REJECTED', 'CANCELED']);

/** Why a limit order that never became marketable is canceled. */
export const TIME_IN_FORCE_REASON = 'limit not reached within time in force';

/**
 * Sends one order to the broker and books its fills, safe against a crash at any point:
 * every state change is persisted before the side effect it announces, and an order whose
 * fate is unknown (SUBMITTING or later) is looked up at the broker by client order id
 * before anything is resubmitted. An ACCEPTED order is never resubmitted: the broker has
 * acknowledged it, so the handler only asks for it and books its fills once it is filled
 * (until then, or if the broker cannot find it, the job fails retryably and is run again).
 * A limit order still working ORDER_TTL_MS after it was submitted is canceled at the broker
 * and marked CANCELED (unless the broker filled it first: then its fills are booked).
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

  if (brokerOrder.status === 'rejected') {
    const reason = brokerOrder.rejectReason ?? 'broker rejected the order';
    await repos.orders.markRejected(order.id, reason);
    log.warn({ reason }, 'order rejected by broker');
    return { outcome: 'rejected', reason };
  }

  // 4. Acknowledge, then book the fills there are in one transaction (idempotent on fill id).
  await repos.orders.markAccepted(order.id, brokerOrder.id);
  crash('after-mark-accepted');
  if (brokerOrder.status === 'accepted' || brokerOrder.status === 'partially_filled') {
    const partial = await bookBrokerFills(ctx, order, brokerOrder);
    const workingSince = order.submittedAt ?? ctx.now();
    if (ctx.now().getTime() - workingSince.getTime() < ctx.env.ORDER_TTL_MS) {
      // Still working at the broker (limit not reached yet): let BullMQ come back later.
      throw new AppError('BROKER_UNAVAILABLE', `order ${order.clientOrderId} not filled yet`, {
        brokerStatus: brokerOrder.status,
        fillsBooked: partial.booked,
      });
    }
    // 5. Time in force is over: cancel at the broker; it may have filled in the meantime.
    const after = await broker.cancel(order.clientOrderId, TIME_IN_FORCE_REASON);
    if (after === null) {
      throw new AppError('BROKER_UNAVAILABLE', `broker lost order ${order.clientOrderId} while canceling`);
    }
    brokerOrder = after;
  }
  if (brokerOrder.status === 'canceled') {
    await bookBrokerFills(ctx, order, brokerOrder); // fills booked before the cancel stay
    const reason = brokerOrder.rejectReason ?? 'canceled at the broker';
    await repos.orders.markCanceled(order.id, reason);
    log.warn({ reason }, 'order canceled');
    return { outcome: 'canceled', reason };
  }
  if (brokerOrder.status !== 'filled') {
    throw new AppError(
      'BROKER_UNAVAILABLE',
      `order ${order.clientOrderId} is ${brokerOrder.status} at the broker`,
      {
        brokerStatus: brokerOrder.status,
      },
    );
  }
  const booked = await bookBrokerFills(ctx, order, brokerOrder);
  if (!booked.complete) {
    throw new AppError(
      'CORRUPT_DATA',
      `broker says ${order.clientOrderId} is filled but its fills do not add up to the order`,
      { brokerOrderId: brokerOrder.id },
    );
  }
  crash('after-book-fills');
  log.info({ brokerOrderId: brokerOrder.id, fills: booked.fills, submitted }, 'order filled');
  return { outcome: 'filled', brokerOrderId: brokerOrder.id, fills: booked.fills, submitted };
}

/** Books whatever fills the broker reports (none is a no-op); see orders.bookFills. */
async function bookBrokerFills(
  ctx: HandlerContext,
  order: OrderWithLegs,
  brokerOrder: BrokerOrder,
): Promise<{ fills: number; booked: number; complete: boolean }> {
  if (brokerOrder.fills.length === 0) return { fills: 0, booked: 0, complete: false };
  const fills = toFills(order, brokerOrder);
  const result = await ctx.repos.orders.bookFills({
    orderId: order.id,
    brokerOrderId: brokerOrder.id,
    fills,
    now: ctx.now(),
  });
  return { fills: fills.length, booked: result.booked, complete: result.complete };
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
        'CORRUPT_DATA',
        `broker fill ${fill.id} does not match a leg of ${order.clientOrderId}`,
        { legIdx: fill.legIdx },
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
