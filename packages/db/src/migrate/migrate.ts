import pg from 'pg';
import { withDefaultUser } from '../connection-url.ts';
import { LOCKS, lockSession, unlockSession } from '../locks.ts';
import { DEFAULT_MIGRATIONS_DIR, type MigrationFile, readMigrations } from './migration-files.ts';

export type MigrationErrorKind =
  | 'CHECKSUM_MISMATCH'
  | 'FAILED_MIGRATION'
  | 'MIGRATION_FAILED_TO_APPLY'
  | 'BAD_URL';

/** Refusal of the migration runner: the database and the migrations directory disagree. */
export class MigrationError extends Error {
  readonly kind: MigrationErrorKind;
  readonly migrationName: string | null;

  constructor(
    kind: MigrationErrorKind,
    message: string,
    migrationName: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
    this.kind = kind;
    this.migrationName = migrationName;
  }
}

export interface MigrateOptions {
  /** postgresql:// URL of the target database; it is created when missing. */
  url: string;
  /** Defaults to prisma/migrations of this repository. */
  migrationsDir?: string;
  /** Progress lines (default: silent). */
  log?: (line: string) => void;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
  createdDatabase: boolean;
}

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

function databaseName(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new MigrationError('BAD_URL', 'invalid database URL', null, { cause });
  }
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!name) throw new MigrationError('BAD_URL', 'the database URL names no database', null);
  return name;
}

/** The same server, database `postgres`. */
export function maintenanceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Creates the database named in `url` when missing. Returns true when it created it. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const admin = new pg.Client({ connectionString: withDefaultUser(maintenanceUrl(url)) });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (e) {
      // Another process created it between our check and our CREATE.
      const code = (e as { code?: string }).code;
      if (code === '42P04' || code === '23505') return false;
      throw e;
    }
  } finally {
    await admin.end();
  }
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies every migration of the directory not yet recorded in `_prisma_migrations`, in
 * order, each in its own transaction, under a session advisory lock (web and worker may
 * start together). Refuses when an applied migration's file changed or a failed one is
 * recorded. Idempotent.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const createdDatabase = await ensureDatabase(options.url);
  if (createdDatabase) log(`created database ${databaseName(options.url)}`);
  const files = readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: withDefaultUser(options.url) });
  await client.connect();
  try {
    await lockSession(client, LOCKS.migrations);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const rows = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
         WHERE rolled_back_at IS NULL ORDER BY started_at`,
      );
      const applied = new Map(rows.rows.map((r) => [r.migration_name, r]));
      for (const row of rows.rows) {
        if (row.finished_at === null) {
          throw new MigrationError(
            'FAILED_MIGRATION',
            `migration ${row.migration_name} is recorded as failed; resolve it before migrating`,
            row.migration_name,
          );
        }
      }
      const result: MigrateResult = { applied: [], alreadyApplied: [], createdDatabase };
      for (const file of files) {
        const done = applied.get(file.name);
        if (done) {
          if (done.checksum !== file.checksum) {
            throw new MigrationError(
              'CHECKSUM_MISMATCH',
              `migration ${file.name} was edited after it was applied (checksum ${done.checksum} in the database, ${file.checksum} on disk)`,
              file.name,
            );
          }
          result.alreadyApplied.push(file.name);
          continue;
        }
        await applyOne(client, file);
        log(`applied ${file.name}`);
        result.applied.push(file.name);
      }
      return result;
    } finally {
      await unlockSession(client, LOCKS.migrations);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(file.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES (gen_random_uuid()::text, $1, now(), $2, NULL, NULL, now(), 1)`,
      [file.checksum, file.name],
    );
    await client.query('COMMIT');
  } catch (cause) {
    await client.query('ROLLBACK');
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new MigrationError(
      'MIGRATION_FAILED_TO_APPLY',
      `migration ${file.name} failed: ${message}`,
      file.name,
      {
        cause,
      },
    );
  }
}
