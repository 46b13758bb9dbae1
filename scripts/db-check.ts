/**
 * npm run db:check: fails (exit 1) when prisma/schema.prisma and prisma/migrations disagree.
 * Replays the migrations on an in-memory PGlite shadow with Prisma's Wasm schema engine and
 * diffs the result against the datamodel.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_SCHEMA_PATH } from '../packages/db/src/migrate/migration-files.ts';
import { diffMigrationsToSchema } from '../packages/db/src/migrate/schema-engine.ts';

const script = await diffMigrationsToSchema({ schema: readFileSync(DEFAULT_SCHEMA_PATH, 'utf8') });
if (script) {
  console.error('schema.prisma and prisma/migrations disagree. Missing SQL:\n');
  console.error(script);
  console.error('\nCreate a migration with: npm run db:migration -- <name>');
  process.exit(1);
}
console.log('schema.prisma and prisma/migrations agree');
