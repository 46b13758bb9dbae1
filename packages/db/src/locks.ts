/**
 * The one registry of PostgreSQL advisory locks used by packages/db. Every key is a pair of
 * int4 `(classId, objectId)`; the class says what the lock serializes. Keep the numbers
 * stable: web and worker processes of different releases may run side by side (rolling
 * deploy) and must still exclude each other. Add a new class at the end, never reuse one.
 *
 * | class | object          | scope       | serializes                                            |
 * |-------|-----------------|-------------|-------------------------------------------------------|
 * | 1     | 1               | transaction | appends to the audit hash chain (no fork of the chain) |
 * | 2     | hashtext(name)  | transaction | version creation and alias moves of one model name    |
 * | 3     | 1               | session     | the migration runner (web and worker boot together)   |
 * | 4     | 1               | transaction | risk-limit updates (version n+1 is written once)      |
 * | 5     | 1               | transaction | the demo seed (idempotent under concurrent boots)     |
 * | 6     | 1               | session     | building the test template database (tests only)      |
 * | 7     | 1               | transaction | the risk book: approvals read the book, then add to it |
 *
 * Class 6 is taken on the server's maintenance database, the others on the app database.
 */
import type { Tx } from './client.ts';

/** `(classId, objectId)` of a two-int4 advisory lock. */
export type LockKey = readonly [classId: number, objectId: number];

/** Lock classes (the first int4 key). */
export const LOCK_CLASS = {
  AUDIT_CHAIN: 1,
  MODEL_NAME: 2,
  MIGRATIONS: 3,
  LIMITS: 4,
  SEED: 5,
  TEST_TEMPLATE: 6,
  RISK_BOOK: 7,
} as const;

/** The fixed keys (every class but MODEL_NAME, whose object id is `hashtext(name)`). */
export const LOCKS = {
  /** Audit chain: held by every `audit.append` until commit. */
  auditChain: [LOCK_CLASS.AUDIT_CHAIN, 1],
  /** Migration runner (session lock). */
  migrations: [LOCK_CLASS.MIGRATIONS, 1],
  /** Risk limits: read version n, insert n+1. */
  limits: [LOCK_CLASS.LIMITS, 1],
  /** Demo seed. */
  seed: [LOCK_CLASS.SEED, 1],
  /** Test template database build (session lock on the maintenance database). */
  testTemplate: [LOCK_CLASS.TEST_TEMPLATE, 1],
  /**
   * Risk book: `signals.approve` takes it first, so the portfolio (positions and orders in
   * flight) it checks against cannot change before its own order is committed.
   */
  riskBook: [LOCK_CLASS.RISK_BOOK, 1],
} as const satisfies Record<string, LockKey>;

/** Transaction-scoped lock on `key`, released at commit or rollback. */
export async function lockForTransaction(tx: Tx, key: LockKey): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key[0]}::int, ${key[1]}::int)`;
}

/** Transaction-scoped lock on one model name (class MODEL_NAME, object `hashtext(name)`). */
export async function lockModelName(tx: Tx, name: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_CLASS.MODEL_NAME}::int, hashtext(${name}))`;
}

/** The part of a `pg` client session locks need. */
export interface SqlSession {
  query(text: string, values: unknown[]): Promise<unknown>;
}

/** Session-scoped lock on `key` (held until `unlockSession` or the connection ends). */
export async function lockSession(client: SqlSession, key: LockKey): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1::int, $2::int)', [key[0], key[1]]);
}

export async function unlockSession(client: SqlSession, key: LockKey): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1::int, $2::int)', [key[0], key[1]]);
}
