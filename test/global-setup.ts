/**
 * Vitest global setup of the `int` project: builds (once per migrations content) the
 * template database every test database is cloned from, so test files start in ~100 ms.
 * Teardown drops the test databases of this run that a crashed file left behind (only
 * when ZOMMA_TEST_RUN_ID names the run: other people's databases are never touched).
 */
import {
  dropLeftoverTestDatabases,
  ensureTemplate,
  testDatabasePrefix,
  testRunId,
} from '../packages/db/src/testing.ts';

export async function setup(): Promise<void> {
  await ensureTemplate();
}

export async function teardown(): Promise<void> {
  if (testRunId()) await dropLeftoverTestDatabases(testDatabasePrefix());
}
