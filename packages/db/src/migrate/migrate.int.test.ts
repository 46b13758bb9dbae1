import { randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testServerUrl } from '../testing.ts';
import { MigrationError, maintenanceUrl, migrate, quoteIdent } from './migrate.ts';
import { DEFAULT_MIGRATIONS_DIR, readMigrations, sha256Hex } from './migration-files.ts';

const created: string[] = [];

function freshUrl(): string {
  const name = `zomma_mig_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  created.push(name);
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: maintenanceUrl(testServerUrl()) });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  await admin.end();
});

describe('migrate()', () => {
  it('creates the database, applies every migration once and records Prisma-compatible rows', async () => {
    const url = freshUrl();
    const files = readMigrations();
    const first = await migrate({ url });
    expect(first.createdDatabase).toBe(true);
    expect(first.applied).toEqual(files.map((f) => f.name));
    const second = await migrate({ url });
    expect(second).toEqual({ applied: [], alreadyApplied: files.map((f) => f.name), createdDatabase: false });

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const r of rows) {
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.applied_steps_count).toBe(1);
    }
    // The checksum is sha256 of the file bytes, computed here independently.
    const { readFileSync } = await import('node:fs');
    const initFile = files[0];
    if (!initFile) throw new Error('no migrations');
    const hex = (await import('node:crypto'))
      .createHash('sha256')
      .update(readFileSync(join(DEFAULT_MIGRATIONS_DIR, initFile.name, 'migration.sql')))
      .digest('hex');
    expect(rows[0]?.checksum).toBe(hex);
    // Prisma's own columns, with the types it creates.
    const cols = await query<{ column_name: string }>(
      url,
      `SELECT column_name FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY column_name`,
    );
    expect(cols.map((c) => c.column_name)).toEqual([
      'applied_steps_count',
      'checksum',
      'finished_at',
      'id',
      'logs',
      'migration_name',
      'rolled_back_at',
      'started_at',
    ]);
  });

  it('is safe when several processes migrate the same new database at once', async () => {
    const url = freshUrl();
    const results = await Promise.all([migrate({ url }), migrate({ url }), migrate({ url })]);
    const applied = results.flatMap((r) => r.applied);
    expect(applied).toEqual(readMigrations().map((m) => m.name));
    const [{ n }] = (await query<{ n: string }>(
      url,
      'SELECT count(*)::text AS n FROM "_prisma_migrations"',
    )) as [{ n: string }];
    expect(Number(n)).toBe(readMigrations().length);
  });

  it('refuses with CHECKSUM_MISMATCH when an applied migration was edited', async () => {
    const url = freshUrl();
    const dir = mkdtempSync(join(tmpdir(), 'zomma-mig-'));
    try {
      cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
      await migrate({ url, migrationsDir: dir });
      const first = readMigrations(dir)[0];
      if (!first) throw new Error('no migrations');
      appendFileSync(join(dir, first.name, 'migration.sql'), '\n-- edited later\n');
      const error = await migrate({ url, migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).kind).toBe('CHECKSUM_MISMATCH');
      expect((error as MigrationError).migrationName).toBe(first.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies a new migration later, and rolls back a failing one without recording it', async () => {
    const url = freshUrl();
    const dir = mkdtempSync(join(tmpdir(), 'zomma-mig-'));
    try {
      cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
      await migrate({ url, migrationsDir: dir });
      cpSync(join(dir, readMigrations(dir)[0]?.name ?? ''), join(dir, '29990101000000_x'), {
        recursive: true,
      });
      writeFileSync(
        join(dir, '29990101000000_x', 'migration.sql'),
        'CREATE TABLE "Extra" (id int);\nSELECT 1/0;\n',
      );
      const error = await migrate({ url, migrationsDir: dir }).catch((e: unknown) => e);
      expect((error as MigrationError).kind).toBe('MIGRATION_FAILED_TO_APPLY');
      const extra = await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Extra'`);
      expect(extra).toHaveLength(0);
      writeFileSync(join(dir, '29990101000000_x', 'migration.sql'), 'CREATE TABLE "Extra" (id int);\n');
      const ok = await migrate({ url, migrationsDir: dir });
      expect(ok.applied).toEqual(['29990101000000_x']);
      const rows = await query<{ checksum: string }>(
        url,
        `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = '29990101000000_x'`,
      );
      expect(rows[0]?.checksum).toBe(sha256Hex('CREATE TABLE "Extra" (id int);\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('installs the append-only trigger on AuditEvent', async () => {
    const url = freshUrl();
    await migrate({ url });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(
        `INSERT INTO "AuditEvent" (action, "entityType", "entityId", data, "prevHash", hash) VALUES ('a','b','c','{}','p','h')`,
      );
      await expect(c.query(`UPDATE "AuditEvent" SET action = 'x'`)).rejects.toThrow(/append-only: UPDATE/);
      await expect(c.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only: DELETE/);
      await expect(c.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only: TRUNCATE/);
      const rows = await c.query(`SELECT action FROM "AuditEvent"`);
      expect(rows.rows).toEqual([{ action: 'a' }]);
    } finally {
      await c.end();
    }
  });
});
