import type { Db } from '../client.ts';
import { isUniqueViolation } from '../client.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/** A row of the simulated broker's own book (it stands for an outside system). */
export interface SimBrokerRecord {
  id: string;
  clientOrderId: string;
  status: string;
  payload: unknown;
  fills: unknown;
  createdAt: Date;
}

const SELECT = {
  id: true,
  clientOrderId: true,
  status: true,
  payload: true,
  fills: true,
  createdAt: true,
} as const;

export function createSimBrokerRepository({ prisma }: Db) {
  async function find(clientOrderId: string): Promise<SimBrokerRecord | null> {
    return prisma.simBrokerOrder.findUnique({ where: { clientOrderId }, select: SELECT });
  }
  return {
    find,
    /** Idempotent: when the client order id is already on the book, returns that row unchanged. */
    async insert(r: {
      clientOrderId: string;
      status: string;
      payload: unknown;
      fills: unknown;
    }): Promise<SimBrokerRecord> {
      const existing = await find(r.clientOrderId);
      if (existing) return existing;
      try {
        return await prisma.simBrokerOrder.create({
          data: {
            clientOrderId: r.clientOrderId,
            status: r.status,
            payload: r.payload as Prisma.InputJsonValue,
            fills: r.fills as Prisma.InputJsonValue,
          },
          select: SELECT,
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const raced = await find(r.clientOrderId);
        if (!raced) throw e;
        return raced;
      }
    },
    /**
     * Compare-and-set of a working order: moves it from status `from` to `to` (with its new
     * fills and payload) only if it is still in `from`, so a fill and a cancel racing on one
     * order cannot both win. Returns the row as it is afterwards, or null if there is none.
     */
    async transition(r: {
      clientOrderId: string;
      from: string;
      to: string;
      payload: unknown;
      fills: unknown;
    }): Promise<SimBrokerRecord | null> {
      await prisma.simBrokerOrder.updateMany({
        where: { clientOrderId: r.clientOrderId, status: r.from },
        data: {
          status: r.to,
          payload: r.payload as Prisma.InputJsonValue,
          fills: r.fills as Prisma.InputJsonValue,
        },
      });
      return find(r.clientOrderId);
    },
  };
}

export type SimBrokerRepository = ReturnType<typeof createSimBrokerRepository>;
