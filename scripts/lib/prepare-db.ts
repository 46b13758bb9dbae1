/**
 * `tsx scripts/lib/prepare-db.ts [--seed]`: create the database named by DATABASE_URL if
 * missing, apply migrations, and with --seed add the demo users and limits (development
 * only). The compose `migrate` service runs this.
 */
import { prepareDatabase } from './db-setup.ts';
import { DEFAULT_DATABASE_URL } from './services.ts';

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const seed = process.argv.includes('--seed');
const result = await prepareDatabase({ url, seed });
process.stdout.write(`migrations applied now: ${result.migrationsApplied}\n`);
if (seed) {
  process.stdout.write('demo users (development only):\n');
  for (const user of result.users) process.stdout.write(`  ${user.role.padEnd(13)} ${user.email}\n`);
  process.stdout.write(`  password: ${result.password}\n`);
}
