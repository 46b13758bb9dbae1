/**
 * `tsx scripts/lib/build-web.ts [--force]`: production `next build` of apps/web unless
 * .zomma/web-build.sha256 matches its inputs (see web-build.ts).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuild } from './web-build.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = await ensureWebBuild(
  root,
  { ...process.env, NODE_ENV: 'production' },
  { force: process.argv.includes('--force') },
);
process.stdout.write(built ? 'web app built\n' : 'web build is up to date (inputs unchanged): reusing it\n');
