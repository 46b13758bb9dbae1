import { PrismaPg } from '@prisma/adapter-pg';
import { withDefaultUser } from './connection-url.ts';
import { Prisma, PrismaClient } from './generated/prisma/client.ts';

export type { PrismaClient };
export { Prisma };

/** A Prisma client bound to one Postgres database, and a way to close its pool. */
export interface Db {
  prisma: PrismaClient;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** postgresql:// URL; a missing user defaults to the OS user (as libpq does). */
  url: string;
  /** Pool size (default 10). */
  poolMax?: number;
}

export function createDb(options: CreateDbOptions): Db {
  const adapter = new PrismaPg({
    connectionString: withDefaultUser(options.url),
    max: options.poolMax ?? 10,
  });
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    async close() {
      await prisma.$disconnect();
    },
  };
}

/** What repositories receive inside `prisma.$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;

/** Interactive transaction with timeouts that tolerate queueing behind the audit lock. */
export function inTransaction<T>(prisma: PrismaClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(fn, { maxWait: 20_000, timeout: 30_000 });
}

/** True for a Prisma unique-constraint violation. */
export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
}
