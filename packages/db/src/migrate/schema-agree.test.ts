/**
 * Fails when prisma/schema.prisma and prisma/migrations disagree: the migrations are
 * replayed on an in-memory PGlite shadow by Prisma's Wasm schema engine and diffed against
 * the datamodel. Also proves the check can fail (a mutated schema gives a non-empty diff).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA_PATH, readMigrations } from './migration-files.ts';
import { diffMigrationsToSchema, migrationTimestamp, planMigration } from './schema-engine.ts';

const schema = readFileSync(DEFAULT_SCHEMA_PATH, 'utf8');
const empty = mkdtempSync(join(tmpdir(), 'zomma-no-migrations-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('schema.prisma ↔ prisma/migrations', () => {
  it('the migrations build exactly the datamodel (empty diff)', async () => {
    expect(readMigrations().length).toBeGreaterThan(0);
    const script = await diffMigrationsToSchema({ schema });
    expect(script).toBe('');
  });

  it('a schema with an extra column yields a non-empty diff naming it', async () => {
    const mutated = schema.replace(/(model User \{\n)/, '$1  nickname String?\n');
    expect(mutated).not.toBe(schema);
    const script = await diffMigrationsToSchema({ schema: mutated });
    expect(script).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/);
  });

  it('a schema missing a model yields a DROP TABLE', async () => {
    const mutated = schema.replace(/model SimBrokerOrder \{[^}]*\}\n/, '');
    expect(mutated).not.toBe(schema);
    const script = await diffMigrationsToSchema({ schema: mutated });
    expect(script).toMatch(/DROP TABLE "SimBrokerOrder"/);
  });

  it('planMigration from no migrations creates every table of the schema', async () => {
    const planned = await planMigration({
      name: 'init',
      schema,
      migrationsDir: empty,
      now: new Date('2026-01-02T03:04:05Z'),
    });
    expect(planned?.folder).toBe('20260102030405_init');
    const models = [...schema.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
    expect(models.length).toBe(14);
    for (const m of models) expect(planned?.script).toContain(`CREATE TABLE "${m}"`);
  });

  it('planMigration returns null when nothing changed', async () => {
    expect(await planMigration({ name: 'noop', schema })).toBeNull();
  });

  it('migrationTimestamp is UTC YYYYMMDDHHMMSS', () => {
    expect(migrationTimestamp(new Date('2026-11-24T04:29:06.123Z'))).toBe('20261124042906');
  });
});
