import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCK_CLASS, LOCKS } from './locks.ts';

const SRC = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('advisory lock registry', () => {
  it('keeps the keys processes of older releases use (a changed number would stop excluding them)', () => {
    expect(LOCK_CLASS).toEqual({
      AUDIT_CHAIN: 1,
      MODEL_NAME: 2,
      MIGRATIONS: 3,
      LIMITS: 4,
      SEED: 5,
      TEST_TEMPLATE: 6,
      RISK_BOOK: 7,
    });
    expect(LOCKS).toEqual({
      auditChain: [1, 1],
      migrations: [3, 1],
      limits: [4, 1],
      seed: [5, 1],
      testTemplate: [6, 1],
      riskBook: [7, 1],
    });
  });

  it('gives every lock its own class', () => {
    const classes = Object.values(LOCK_CLASS);
    expect(new Set(classes).size).toBe(classes.length);
    const fixed = Object.values(LOCKS).map(([classId]) => classId);
    expect(new Set(fixed).size).toBe(fixed.length);
    expect(fixed).not.toContain(LOCK_CLASS.MODEL_NAME);
  });

  it('is the only place in packages/db that takes an advisory lock', () => {
    const users = sourceFiles(SRC)
      .filter((f) => /pg_advisory/i.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(users).toEqual(['locks.ts']);
  });
});
