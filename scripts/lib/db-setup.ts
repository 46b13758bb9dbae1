/**
 * Database preparation shared by `npm start`, the e2e global setup and the compose
 * `migrate` service: create the database if missing, apply migrations, seed demo data.
 */
import { createDb, DEMO_MODEL_NAME, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '@zomma/db';
import { migrate } from '@zomma/db/migrate';

export interface DemoUserLine {
  email: string;
  role: string;
}

export interface PreparedDatabase {
  migrationsApplied: number;
  createdDatabase: boolean;
  /** Demo users (development only); empty when not seeded. */
  users: DemoUserLine[];
  /** The demo users' password (development only); empty when not seeded. */
  password: string;
  /** The model name the demo seed registers (champion + challenger). */
  modelName: string;
}

export async function prepareDatabase(options: { url: string; seed: boolean }): Promise<PreparedDatabase> {
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
  try {
    await seedDemo(db, { now: new Date() });
  } finally {
    await db.close();
  }
  return {
    ...prepared,
    users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role })),
    password: DEMO_PASSWORD,
  };
}
