// Dependencies and the Prisma client, before anything TypeScript can run. Plain Node ESM.
// Used by scripts/start.mjs (imported) and scripts/test.sh (`node scripts/lib/bootstrap.mjs`).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stateDir = join(root, '.zomma');

function log(message) {
  process.stdout.write(`[bootstrap] ${message}\n`);
}

function sha256Of(paths) {
  const hash = createHash('sha256');
  for (const p of paths) {
    hash.update(p);
    hash.update(existsSync(p) ? readFileSync(p) : Buffer.alloc(0));
  }
  return hash.digest('hex');
}

function readState(name) {
  const file = join(stateDir, name);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

function writeState(name, value) {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, name), `${value}\n`);
}

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  });
  if (result.status !== 0) {
    log(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

/** npm install when node_modules is missing or the lockfile changed since the last install. */
export function ensureDependencies() {
  const lock = join(root, 'package-lock.json');
  const installedLock = join(root, 'node_modules', '.package-lock.json');
  const lockHash = sha256Of([lock]);
  const recorded = readState('install.sha256');
  let needed = !existsSync(join(root, 'node_modules')) || !existsSync(installedLock);
  if (!needed && recorded !== null) needed = recorded !== lockHash;
  // No record yet (first run on an existing checkout): trust npm's own hidden lockfile.
  if (!needed && recorded === null) needed = statSync(lock).mtimeMs > statSync(installedLock).mtimeMs + 1000;
  if (needed) {
    log('installing dependencies (npm install)');
    run('npm', ['install', '--no-audit', '--no-fund'], { ONNXRUNTIME_NODE_INSTALL: 'skip' });
  }
  writeState('install.sha256', sha256Of([lock]));
}

/** prisma generate when the client is missing or the schema changed since it was generated. */
export function ensurePrismaClient() {
  const schema = join(root, 'prisma', 'schema.prisma');
  const client = join(root, 'packages', 'db', 'src', 'generated', 'prisma', 'client.ts');
  const schemaHash = sha256Of([schema]);
  const recorded = readState('prisma-client.sha256');
  const stale =
    !existsSync(client) ||
    (recorded !== null ? recorded !== schemaHash : statSync(schema).mtimeMs > statSync(client).mtimeMs);
  if (stale) {
    log('generating the Prisma client');
    run(process.execPath, [join(root, 'scripts', 'prisma.mjs'), 'generate']);
  }
  writeState('prisma-client.sha256', schemaHash);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureDependencies();
  ensurePrismaClient();
}
