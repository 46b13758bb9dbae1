/**
 * Database preparation shared by `npm start`, the e2e global setup and the compose
 * `migrate` service: create the database if missing, apply migrations, seed demo data
 * (demo users only outside production, or with `allowDemoUsers`; see `seedDemo`), and the
 * learned signal model as v3 of the demo model (see seed-signal-model.ts).
 */
import { createDb, DEMO_MODEL_NAME, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '@zomma/db';
import { migrate } from '@zomma/db/migrate';
import { seedSignalModel } from './seed-signal-model.ts';

export interface DemoUserLine {
  email: string;
  role: string;
}

export interface PreparedDatabase {
  migrationsApplied: number;
  createdDatabase: boolean;
  /** Demo users (development only); empty when not seeded (or refused in production). */
  users: DemoUserLine[];
  /** The demo users' password (development only); empty when not seeded. */
  password: string;
  /** The model name the demo seed registers (champion + challenger). */
  modelName: string;
}

export interface PrepareDatabaseOptions {
  url: string;
  seed: boolean;
  /**
   * Create the demo users even when NODE_ENV is production (local demo only; the compose
   * `migrate` service sets it from ZOMMA_DEMO_USERS=1). Outside production they are always seeded.
   */
  allowDemoUsers?: boolean;
}

export async function prepareDatabase(options: PrepareDatabaseOptions): Promise<PreparedDatabase> {
  const result = await migrate({ url: options.url });
  const prepared: PreparedDatabase = {
    migrationsApplied: result.applied.length,
    createdDatabase: result.createdDatabase,
    users: [],
    password: '',
    modelName: DEMO_MODEL_NAME,
  };
  if (!options.seed) return prepared;
  const db = createDb({ url: options.url, poolMax: 2 });
  let demoUsersSkipped: boolean;
  try {
    const seeded = await seedDemo(db, { now: new Date(), allowDemoUsers: options.allowDemoUsers ?? false });
    demoUsersSkipped = seeded.demoUsersSkipped;
    // The learned signal model as v3 (no alias); db cannot import ml, so it is registered here.
    await seedSignalModel(db);
  } finally {
    await db.close();
  }
  if (demoUsersSkipped) return prepared;
  return {
    ...prepared,
    users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role })),
    password: DEMO_PASSWORD,
  };
}
