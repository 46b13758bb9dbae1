import { defineConfig } from 'prisma/config';

// Prisma 7 loads no .env and `env()` fails when unset: read process.env directly.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://127.0.0.1:5432/zomma' },
});
