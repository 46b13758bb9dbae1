import { defineConfig } from 'vitest/config';

// Vitest 5's reporter calls Map.groupBy (Node 21+); Node 20 lacks it and the error summary crashes.
// (Typed loosely: the repo's lib is ES2023, which does not declare Map.groupBy.)
if (typeof (Map as unknown as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    value<K, V>(items: Iterable<V>, key: (item: V, index: number) => K): Map<K, V[]> {
      const groups = new Map<K, V[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const group = groups.get(k);
        if (group) group.push(item);
        else groups.set(k, [item]);
      }
      return groups;
    },
  });
}

const EXCLUDE = [
  '**/node_modules/**',
  '**/.next/**',
  '**/dist/**',
  'e2e/**',
  '**/*.e2e.ts',
  'packages/db/src/generated/**',
];

/**
 * Two projects: `unit` (every *.test.ts except *.int.test.ts) and `int` (*.int.test.ts,
 * real Postgres/Redis; a global setup migrates the template database once per run).
 * `npm run test:unit`, `npm run test:int`, or `npx vitest run <path>`.
 */
export default defineConfig({
  // The repo's tsconfig keeps JSX for Next (jsx: preserve); component tests need it compiled.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    // 2-core machines: two test files at a time.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'packages/**/*.test.ts',
            'apps/**/*.test.ts',
            'apps/**/*.test.tsx',
            'scripts/**/*.test.ts',
            'bench/**/*.test.ts',
            'docker/**/*.test.ts',
          ],
          exclude: [...EXCLUDE, '**/*.int.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['packages/**/*.int.test.ts', 'apps/**/*.int.test.ts', 'scripts/**/*.int.test.ts'],
          exclude: EXCLUDE,
          globalSetup: ['./test/global-setup.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
