/**
 * npm run db:migration -- <name> [--draft]
 * Diffs prisma/migrations against prisma/schema.prisma with Prisma's Wasm schema engine
 * (in-memory PGlite shadow database) and writes prisma/migrations/<ts>_<name>/migration.sql.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH } from '../packages/db/src/migrate/migration-files.ts';
import { MIGRATION_LOCKFILE, planMigration } from '../packages/db/src/migrate/schema-engine.ts';

const args = process.argv.slice(2);
const draft = args.includes('--draft');
const name = args.find((a) => !a.startsWith('--'));
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <snake_case_name> [--draft]');
  process.exit(2);
}
const planned = await planMigration({ name, schema: readFileSync(DEFAULT_SCHEMA_PATH, 'utf8'), draft });
if (!planned) {
  console.log('schema.prisma and the migrations agree: no migration needed (use --draft for an empty one)');
  process.exit(0);
}
const dir = join(DEFAULT_MIGRATIONS_DIR, planned.folder);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), planned.script);
const lock = join(DEFAULT_MIGRATIONS_DIR, 'migration_lock.toml');
if (!existsSync(lock)) writeFileSync(lock, MIGRATION_LOCKFILE);
console.log(`wrote ${join('prisma/migrations', planned.folder, 'migration.sql')}`);
