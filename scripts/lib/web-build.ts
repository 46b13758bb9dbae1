/**
 * `next build` only when the web app's inputs changed: a sha256 over every source file
 * the build reads (apps/web, packages/{contracts,db,engine}/src, the Prisma schema, the
 * lockfile) is stored in .zomma/web-build.sha256 after a successful build.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runToEnd } from './processes.ts';

const SKIP_DIRS = new Set(['node_modules', '.next', '.turbo', 'generated', 'coverage', 'test-results']);
const INPUT_ROOTS = [
  'apps/web',
  'packages/contracts/src',
  'packages/db/src',
  'packages/engine/src',
  'prisma/schema.prisma',
  'package-lock.json',
  'tsconfig.base.json',
];

function listFiles(path: string, out: string[]) {
  if (!existsSync(path)) return;
  const entries = readdirSync(path, { withFileTypes: true });
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) listFiles(full, out);
    } else if (entry.isFile() && !entry.name.endsWith('.tsbuildinfo') && entry.name !== 'next-env.d.ts') {
      out.push(full);
    }
  }
}

export function webInputsHash(root: string): string {
  const files: string[] = [];
  for (const input of INPUT_ROOTS) {
    const full = join(root, input);
    if (!existsSync(full)) continue;
    if (statSync(full).isFile()) files.push(full);
    else listFiles(full, files);
  }
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function hashFile(root: string) {
  return join(root, '.zomma', 'web-build.sha256');
}

export function webBuildIsCurrent(root: string): boolean {
  const buildId = join(root, 'apps/web/.next/BUILD_ID');
  const stored = hashFile(root);
  if (!existsSync(buildId) || !existsSync(stored)) return false;
  return readFileSync(stored, 'utf8').trim() === webInputsHash(root);
}

/** Builds apps/web for production unless the stored input hash matches. Returns true when it built. */
export async function ensureWebBuild(
  root: string,
  env: NodeJS.ProcessEnv,
  options: { force?: boolean } = {},
): Promise<boolean> {
  if (!options.force && webBuildIsCurrent(root)) return false;
  const before = webInputsHash(root);
  await runToEnd(join(root, 'node_modules/.bin/next'), ['build'], join(root, 'apps/web'), {
    ...env,
    NEXT_TELEMETRY_DISABLED: '1',
  });
  mkdirSync(join(root, '.zomma'), { recursive: true });
  writeFileSync(hashFile(root), `${before}\n`);
  return true;
}
