// `node scripts/lib/test-summary.mjs REPORT_DIR FAILED_STEPS`: sums the vitest JSON reports
// (vitest.json) and the Playwright JSON report (playwright.json) into one
// line, "N passed, N failed". Plain ESM, no dependencies.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = '.', failedStepsArg = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const parts = [];

function read(name) {
  const file = join(dir, name);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    parts.push(`${name}: unreadable`);
    return null;
  }
}

for (const name of ['vitest.json']) {
  const r = read(name);
  if (!r) continue;
  const p = Number(r.numPassedTests ?? 0);
  const f = Number(r.numFailedTests ?? 0);
  const s = Number(r.numPendingTests ?? 0) + Number(r.numTodoTests ?? 0);
  // A suite that failed to load has no tests but counts as a failure.
  const brokenSuites = Array.isArray(r.testResults)
    ? r.testResults.filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length
    : 0;
  passed += p;
  failed += f + brokenSuites;
  skipped += s;
  parts.push(`${name.replace('.json', '')}: ${p} passed, ${f + brokenSuites} failed, ${s} skipped`);
}

const pw = read('playwright.json');
if (pw?.stats) {
  const p = Number(pw.stats.expected ?? 0) + Number(pw.stats.flaky ?? 0);
  const f = Number(pw.stats.unexpected ?? 0);
  const s = Number(pw.stats.skipped ?? 0);
  const errors = Array.isArray(pw.errors) ? pw.errors.length : 0;
  passed += p;
  failed += f + errors;
  skipped += s;
  parts.push(
    `playwright: ${p} passed${pw.stats.flaky ? ` (${pw.stats.flaky} flaky)` : ''}, ${f + errors} failed, ${s} skipped`,
  );
}

for (const part of parts) process.stdout.write(`  ${part}\n`);
const failedSteps = Number(failedStepsArg);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
if (failedSteps > 0) process.stdout.write(`(${failedSteps} step(s) failed; see above)\n`);
