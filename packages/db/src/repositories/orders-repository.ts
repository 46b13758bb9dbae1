import { AppError, DecimalString, type OrderStatus } from '@zomma/contracts';
import { type Db, inTransaction, type Tx } from '../client.ts';
import { decimalString } from '../decimal.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { type AuditRepository, SYSTEM_ACTOR } from './audit-repository.ts';
import { moveBook } from './position-book.ts';
import { isUuid } from './signal-mapper.ts';

export interface OrderLegDto {
  id: string;
  idx: number;
  symbol: string;
  right: 'CALL' | 'PUT';
  side: 'BUY' | 'SELL';
  ratio: number;
  strike: DecimalString;
  expiry: Date;
}

/** An order as the executor needs it: legs, and the signal's underlying and multiplier. */
export interface OrderWithLegs {
  id: string;
  clientOrderId: string;
  signalId: string;
  status: OrderStatus;
  quantity: number;
  /** Per-share net limit: positive = debit, negative = credit. */
  limitPrice: DecimalString;
  broker: string;
  brokerOrderId: string | null;
  rejectReason: string | null;
  attempts: number;
  submittedAt: Date | null;
  filledAt: Date | null;
  underlying: string;
  multiplier: number;
  legs: OrderLegDto[];
}

export interface BookFill {
  brokerFillId: string;
  orderLegId: string;
  side: 'BUY' | 'SELL';
  /** Contracts, positive. */
  quantity: number;
  /** Per share. */
  price: DecimalString;
  filledAt: Date;
}

const ORDER_SELECT = {
  id: true,
  clientOrderId: true,
  signalId: true,
  status: true,
  quantity: true,
  limitPrice: true,
  broker: true,
  brokerOrderId: true,
  rejectReason: true,
  attempts: true,
  submittedAt: true,
  filledAt: true,
  signal: { select: { underlying: true, multiplier: true } },
  legs: {
    orderBy: { idx: 'asc' },
    select: {
      id: true,
      idx: true,
      symbol: true,
      right: true,
      side: true,
      ratio: true,
      strike: true,
      expiry: true,
    },
  },
} as const satisfies Prisma.OrderSelect;

type Row = Prisma.OrderGetPayload<{ select: typeof ORDER_SELECT }>;

function toDto(r: Row): OrderWithLegs {
  const { signal, legs, limitPrice, ...rest } = r;
  return {
    ...rest,
    limitPrice: decimalString(limitPrice),
    underlying: signal.underlying,
    multiplier: signal.multiplier,
    legs: legs.map((l) => ({ ...l, strike: decimalString(l.strike) })),
  };
}

async function load(client: Tx | Db['prisma'], id: string): Promise<OrderWithLegs> {
  const row = isUuid(id) ? await client.order.findUnique({ where: { id }, select: ORDER_SELECT }) : null;
  if (!row) throw new AppError('NOT_FOUND', `order ${id} not found`, { orderId: id });
  return toDto(row);
}

async function lockOrder(tx: Tx, id: string): Promise<OrderWithLegs> {
  if (isUuid(id)) await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${id}::uuid FOR UPDATE`;
  return load(tx, id);
}

const TERMINAL: readonly OrderStatus[] = ['FILLED', 'REJECTED', 'CANCELED'];

/**
 * Contracts booked per leg (already booked + `fresh`) against quantity × ratio. Returns whether
 * every leg is complete; throws CORRUPT_DATA (nothing written yet) on an over-fill.
 */
async function checkLegQuantities(tx: Tx, order: OrderWithLegs, fresh: BookFill[]): Promise<boolean> {
  const booked = await tx.fill.findMany({
    where: { orderId: order.id },
    select: { orderLegId: true, quantity: true },
  });
  const filled = new Map<string, number>();
  for (const f of [...booked, ...fresh])
    filled.set(f.orderLegId, (filled.get(f.orderLegId) ?? 0) + f.quantity);
  let complete = true;
  for (const leg of order.legs) {
    const required = order.quantity * leg.ratio;
    const got = filled.get(leg.id) ?? 0;
    if (got > required) {
      throw new AppError(
        'CORRUPT_DATA',
        `order ${order.clientOrderId} leg ${leg.idx}: fills add up to ${got} contracts, more than the ${required} ordered`,
        { orderId: order.id, legIdx: leg.idx, filled: got, ordered: required },
      );
    }
    if (got < required) complete = false;
  }
  return complete;
}

export function createOrdersRepository(db: Db, audit: AuditRepository) {
  const { prisma } = db;

  /**
   * Books fills in one transaction: skips brokerFillIds already booked, moves the net
   * position of each contract and audits `order.fill`. The order becomes FILLED only when
   * the fills booked for every leg add up to quantity × ratio; short of that the partial
   * fills are booked and the order stays (or becomes) ACCEPTED. More than quantity × ratio on
   * any leg is corrupt broker data: AppError CORRUPT_DATA (not retryable) and nothing written. A replay books nothing and writes no audit.
   */
  async function bookFills(args: {
    orderId: string;
    brokerOrderId: string;
    fills: BookFill[];
    now: Date;
  }): Promise<{ order: OrderWithLegs; booked: number; complete: boolean }> {
    return inTransaction(prisma, async (tx) => {
      const order = await lockOrder(tx, args.orderId);
      const legs = new Map(order.legs.map((l) => [l.id, l]));
      for (const f of args.fills) {
        const leg = legs.get(f.orderLegId);
        if (!leg)
          throw new AppError('BAD_INPUT', `fill ${f.brokerFillId}: leg ${f.orderLegId} is not on this order`);
        if (!Number.isInteger(f.quantity) || f.quantity <= 0 || !DecimalString.safeParse(f.price).success) {
          throw new AppError('BAD_INPUT', `fill ${f.brokerFillId}: quantity or price invalid`);
        }
        if (f.side !== leg.side) {
          throw new AppError('BAD_INPUT', `fill ${f.brokerFillId}: side ${f.side} on a ${leg.side} leg`);
        }
      }
      const known = await tx.fill.findMany({
        where: { brokerFillId: { in: args.fills.map((f) => f.brokerFillId) } },
        select: { brokerFillId: true },
      });
      const seen = new Set(known.map((k) => k.brokerFillId));
      const fresh: BookFill[] = [];
      for (const f of args.fills) {
        if (seen.has(f.brokerFillId)) continue;
        seen.add(f.brokerFillId);
        fresh.push(f);
      }
      const complete = await checkLegQuantities(tx, order, fresh);
      if (fresh.length > 0) {
        await tx.fill.createMany({
          data: fresh.map((f) => ({ ...f, orderId: order.id })),
        });
        await moveBook(tx, order, fresh, args.now);
      }
      const nextStatus: OrderStatus | null = complete
        ? order.status === 'FILLED'
          ? null
          : 'FILLED'
        : order.status === 'NEW' || order.status === 'SUBMITTING'
          ? 'ACCEPTED'
          : null;
      if (nextStatus !== null) {
        await tx.order.update({
          where: { id: order.id },
          data: {
            status: nextStatus,
            brokerOrderId: args.brokerOrderId,
            ...(nextStatus === 'FILLED' ? { filledAt: args.now } : {}),
          },
        });
      }
      if (fresh.length > 0 || nextStatus === 'FILLED') {
        await audit.append(tx, SYSTEM_ACTOR, {
          action: 'order.fill',
          entityType: 'Order',
          entityId: order.id,
          data: {
            clientOrderId: order.clientOrderId,
            brokerOrderId: args.brokerOrderId,
            complete,
            fills: fresh.map((f) => ({ ...f, filledAt: f.filledAt.toISOString() })),
          },
        });
      }
      return { order: await load(tx, order.id), booked: fresh.length, complete };
    });
  }

  return {
    get: (id: string) => load(prisma, id),

    /** NEW|SUBMITTING → SUBMITTING with attempts+1; any other status: returned unchanged. */
    async markSubmitting(id: string, now: Date = new Date()): Promise<OrderWithLegs> {
      return inTransaction(prisma, async (tx) => {
        const order = await lockOrder(tx, id);
        if (order.status !== 'NEW' && order.status !== 'SUBMITTING') return order;
        await tx.order.update({
          where: { id },
          data: { status: 'SUBMITTING', attempts: { increment: 1 }, submittedAt: now },
        });
        return load(tx, id);
      });
    },

    /** NEW|SUBMITTING → ACCEPTED with the broker's id; later statuses are left as they are. */
    async markAccepted(id: string, brokerOrderId: string): Promise<OrderWithLegs> {
      return inTransaction(prisma, async (tx) => {
        const order = await lockOrder(tx, id);
        if (order.status !== 'NEW' && order.status !== 'SUBMITTING') return order;
        await tx.order.update({ where: { id }, data: { status: 'ACCEPTED', brokerOrderId } });
        return load(tx, id);
      });
    },

    bookFills,

    /** → REJECTED with the reason and an `order.reject` audit; terminal orders are returned unchanged. */
    async markRejected(id: string, reason: string): Promise<OrderWithLegs> {
      return inTransaction(prisma, async (tx) => {
        const order = await lockOrder(tx, id);
        if (TERMINAL.includes(order.status)) return order;
        await tx.order.update({ where: { id }, data: { status: 'REJECTED', rejectReason: reason } });
        await audit.append(tx, SYSTEM_ACTOR, {
          action: 'order.reject',
          entityType: 'Order',
          entityId: id,
          data: { clientOrderId: order.clientOrderId, reason, previousStatus: order.status },
        });
        return load(tx, id);
      });
    },

    /**
     * → CANCELED with the reason (kept in rejectReason) and an `order.cancel` audit; terminal
     * orders are returned unchanged. Fills booked before the cancel stay booked.
     */
    async markCanceled(id: string, reason: string): Promise<OrderWithLegs> {
      return inTransaction(prisma, async (tx) => {
        const order = await lockOrder(tx, id);
        if (TERMINAL.includes(order.status)) return order;
        await tx.order.update({ where: { id }, data: { status: 'CANCELED', rejectReason: reason } });
        await audit.append(tx, SYSTEM_ACTOR, {
          action: 'order.cancel',
          entityType: 'Order',
          entityId: id,
          data: { clientOrderId: order.clientOrderId, reason, previousStatus: order.status },
        });
        return load(tx, id);
      });
    },

    /**
     * Ids of orders not final yet (NEW, SUBMITTING, or ACCEPTED by the broker but not filled)
     * whose last update is older than `olderThan`, oldest first.
     */
    async listStale(args: { olderThan: Date }): Promise<string[]> {
      const rows = await prisma.order.findMany({
        where: { status: { in: ['NEW', 'SUBMITTING', 'ACCEPTED'] }, updatedAt: { lt: args.olderThan } },
        orderBy: { createdAt: 'asc' },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
