/** npm run db:migrate: applies prisma/migrations to DATABASE_URL (created when missing). */
import { migrate } from '../packages/db/src/migrate/index.ts';

const url = process.env.DATABASE_URL ?? 'postgresql://127.0.0.1:5432/zomma';
const result = await migrate({ url, log: (line) => console.log(line) });
console.log(
  `migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied (${new URL(url).pathname.slice(1)})`,
);
