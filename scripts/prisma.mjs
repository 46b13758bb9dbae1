#!/usr/bin/env node
// Runs the Prisma CLI offline: generate, validate and format only need the
// query compiler (Wasm). Migrations go through packages/db/src/migrate instead.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const allowed = new Set(['generate', 'validate', 'format']);
if (!allowed.has(args[0] ?? '')) {
  console.error(
    `scripts/prisma.mjs: only ${[...allowed].join(', ')} run offline; use npm run db:* for migrations`,
  );
  process.exit(2);
}
const result = spawnSync(resolve(root, 'node_modules/.bin/prisma'), args, {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: resolve(root, 'scripts/no-native-schema-engine.sh'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
