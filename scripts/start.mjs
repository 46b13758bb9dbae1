#!/usr/bin/env node
// `npm start`: plain Node ESM so it runs before dependencies exist. It installs them and
// generates the Prisma client when needed (scripts/lib/bootstrap.mjs), then hands over to
// scripts/lib/start-app.ts (run through tsx in this same process) for services, database,
// build and the web/worker children.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureDependencies, ensurePrismaClient } from './lib/bootstrap.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

ensureDependencies();
ensurePrismaClient();

const { register } = await import('tsx/esm/api');
register();
const app = await import(pathToFileURL(join(root, 'scripts', 'lib', 'start-app.ts')).href);
await app.main(root);
