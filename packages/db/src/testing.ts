/**
 * Integration-test support for any package or app: a fresh, migrated Postgres database
 * per call, cloned from a template database (migrated once per migrations content).
 *
 * Server: env ZOMMA_TEST_PG (default postgresql://root@127.0.0.1:5432/postgres; only the
 * server part is used). Reading env is fine here: this module is test-only.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from './client.ts';
import { withDefaultUser } from './connection-url.ts';
import { LOCKS, lockSession, unlockSession } from './locks.ts';
import { maintenanceUrl, migrate, quoteIdent } from './migrate/migrate.ts';
import { readMigrations, sha256Hex } from './migrate/migration-files.ts';
import { createRepositories, type Repositories } from './repositories/index.ts';
import { seedDemo } from './seed.ts';

export interface TestDatabase {
  url: string;
  name: string;
  db: Db;
  repos: Repositories;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

export function testServerUrl(): string {
  return withDefaultUser(process.env.ZOMMA_TEST_PG ?? 'postgresql://root@127.0.0.1:5432/postgres');
}

function databaseUrl(name: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** The template's name depends on the migrations' content: edited migrations get a new template. */
export function templateName(): string {
  const digest = sha256Hex(
    readMigrations()
      .map((m) => `${m.name}:${m.checksum}`)
      .join('\n'),
  );
  return `zomma_tpl_${digest.slice(0, 16)}`;
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: maintenanceUrl(testServerUrl()) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let templateReady: Promise<string> | null = null;

/**
 * Creates the template database if missing: built under a temporary name, migrated, then
 * renamed, so its existence means it is complete. Serialized across processes by an
 * advisory lock on the server's `postgres` database. Called by the vitest global setup;
 * also lazily by createTestDatabase.
 */
export function ensureTemplate(): Promise<string> {
  templateReady ??= buildTemplate().catch((e: unknown) => {
    templateReady = null;
    throw e;
  });
  return templateReady;
}

async function buildTemplate(): Promise<string> {
  const name = templateName();
  return withAdmin(async (admin) => {
    await lockSession(admin, LOCKS.testTemplate);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return name;
      const building = `${name}_build_${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)}`);
      await migrate({ url: databaseUrl(building) });
      await admin.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
      return name;
    } finally {
      await unlockSession(admin, LOCKS.testTemplate);
    }
  });
}

/** ZOMMA_TEST_RUN_ID (set by scripts/test.sh) reduced to [a-z0-9_], at most 20 chars; '' when unset. */
export function testRunId(): string {
  return (process.env.ZOMMA_TEST_RUN_ID ?? '')
    .replace(/[^a-zA-Z0-9_]/g, '')
    .slice(0, 20)
    .toLowerCase();
}

/** Prefix of the databases createTestDatabase makes in this run. */
export function testDatabasePrefix(): string {
  const run = testRunId();
  return `zomma_t_${run ? `${run}_` : ''}`;
}

function uniqueName(): string {
  return `${testDatabasePrefix()}${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** A fresh migrated database (optionally seeded with the demo data) and its repositories. */
export async function createTestDatabase(
  options: { seed?: boolean; poolMax?: number; now?: Date } = {},
): Promise<TestDatabase> {
  const template = await ensureTemplate();
  const name = uniqueName();
  await withAdmin(async (admin) => {
    // CREATE DATABASE … TEMPLATE fails if another session is copying the same template at
    // that instant ("source database is being accessed"): retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== '55006' || attempt >= 50) throw e;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  const url = databaseUrl(name);
  const db = createDb({ url, poolMax: options.poolMax ?? 10 });
  const repos = createRepositories(db);
  if (options.seed) await seedDemo(db, { now: options.now ?? new Date() });
  let dropped = false;
  return {
    url,
    name,
    db,
    repos,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.close();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}

/** Drops the databases this module created that were left behind (crashed runs). */
export async function dropLeftoverTestDatabases(prefix = 'zomma_t_'): Promise<number> {
  return withAdmin(async (admin) => {
    const rows = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix.replaceAll('_', '\\_')}%`],
    );
    for (const r of rows.rows)
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(r.datname)} WITH (FORCE)`);
    return rows.rowCount ?? 0;
  });
}

export { failingVerdict, fillOrderCompletely, passingVerdict, signalDraft } from './testing-fixtures.ts';
