/**
 * `tsx scripts/lib/prepare-db.ts [--seed]`: create the database named by DATABASE_URL if
 * missing, apply migrations, and with --seed add the demo limits and models, and the demo
 * users (shared published password: development only). With NODE_ENV=production the demo
 * users are refused unless ZOMMA_DEMO_USERS=1. The compose `migrate` service runs this.
 */
import { prepareDatabase } from './db-setup.ts';
import { DEFAULT_DATABASE_URL } from './services.ts';

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const seed = process.argv.includes('--seed');
const allowDemoUsers = process.env.ZOMMA_DEMO_USERS === '1';
const result = await prepareDatabase({ url, seed, allowDemoUsers });
process.stdout.write(`migrations applied now: ${result.migrationsApplied}\n`);
if (seed && result.users.length === 0) {
  process.stdout.write('demo users not created (NODE_ENV=production; ZOMMA_DEMO_USERS=1 allows them)\n');
} else if (seed) {
  process.stdout.write('demo users (development only):\n');
  for (const user of result.users) process.stdout.write(`  ${user.role.padEnd(13)} ${user.email}\n`);
  process.stdout.write(`  password: ${result.password}\n`);
}
