/** npm run db:seed: demo users, limits and models (rules v1, v2; learned v3) into DATABASE_URL (idempotent). Development only. */
import { createDb, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../packages/db/src/index.ts';
import { seedSignalModel } from './lib/seed-signal-model.ts';

const url = process.env.DATABASE_URL ?? 'postgresql://127.0.0.1:5432/zomma';
const db = createDb({ url, poolMax: 2 });
try {
  const result = await seedDemo(db, { now: new Date() });
  console.log(
    `seed: ${result.usersCreated} users, ${result.limitsCreated ? 'limits v1' : 'no limits'}, ${result.modelVersionsCreated} model versions created`,
  );
  const learned = await seedSignalModel(db);
  console.log(
    learned.created
      ? `seed: learned signal model registered as v3 (trained in ${learned.trainMs.toFixed(0)} ms; no alias)`
      : `seed: learned signal model not registered (${learned.reason})`,
  );
  if (result.demoUsersSkipped) {
    console.log('demo users skipped (NODE_ENV=production)');
  } else {
    console.log(`demo users (password "${DEMO_PASSWORD}", development only):`);
    for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(20)} ${u.role}`);
  }
} finally {
  await db.close();
}
