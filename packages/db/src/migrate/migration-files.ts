import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** prisma/migrations of this repository (packages/db/src/migrate → ../../../../prisma/migrations). */
export const DEFAULT_MIGRATIONS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../prisma/migrations',
);

/** prisma/schema.prisma of this repository. */
export const DEFAULT_SCHEMA_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../prisma/schema.prisma',
);

export interface MigrationFile {
  /** Folder name, e.g. `20261124000000_init`; also the `migration_name` Prisma records. */
  name: string;
  sql: string;
  /** sha256 hex of the file bytes, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every `<dir>/<name>/migration.sql`, sorted by folder name (timestamp prefix). */
export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: sha256Hex(bytes) };
    });
}
