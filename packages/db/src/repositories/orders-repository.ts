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

export function createOrdersRepository(db: Db, audit: AuditRepository) {
  const { prisma } = db;

  /**
   * Books fills in one transaction: skips brokerFillIds already booked, moves the net
   * position of each contract, marks the order FILLED and audits `order.fill`. A replay
   * books nothing and writes no audit.
   */
  async function bookFills(args: {
    orderId: string;
    brokerOrderId: string;
    fills: BookFill[];
    now: Date;
  }): Promise<{ order: OrderWithLegs; booked: number }> {
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
      if (fresh.length > 0) {
        await tx.fill.createMany({
          data: fresh.map((f) => ({ ...f, orderId: order.id })),
        });
        await moveBook(tx, order, fresh, args.now);
      }
      const statusChanges = order.status !== 'FILLED';
      if (statusChanges) {
        await tx.order.update({
          where: { id: order.id },
          data: { status: 'FILLED', brokerOrderId: args.brokerOrderId, filledAt: args.now },
        });
      }
      if (fresh.length > 0 || statusChanges) {
        await audit.append(tx, SYSTEM_ACTOR, {
          action: 'order.fill',
          entityType: 'Order',
          entityId: order.id,
          data: {
            clientOrderId: order.clientOrderId,
            brokerOrderId: args.brokerOrderId,
            fills: fresh.map((f) => ({ ...f, filledAt: f.filledAt.toISOString() })),
          },
        });
      }
      return { order: await load(tx, order.id), booked: fresh.length };
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
