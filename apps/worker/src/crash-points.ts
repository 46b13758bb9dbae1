/**
 * Test-only fault injection for order execution. When `ZOMMA_CRASH_AT` names one of these
 * steps, the worker process kills itself with SIGKILL right there (no cleanup, no flush),
 * which is how crash safety is proven in apps/worker/src/crash.int.test.ts.
 * The env schema refuses `ZOMMA_CRASH_AT` when NODE_ENV=production.
 */
export const CRASH_POINTS = [
  'after-mark-submitting',
  'before-broker-submit',
  'after-broker-submit',
  'after-mark-accepted',
  'after-book-fills',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** Called by the execution handler at each step; a no-op unless the step is armed. */
export type CrashHook = (step: CrashPoint) => void;

export const noCrash: CrashHook = () => {};

/** The production hook: SIGKILL this process at the armed step. */
export function processKillAt(armed: CrashPoint | undefined): CrashHook {
  if (armed === undefined) return noCrash;
  return (step) => {
    if (step === armed) process.kill(process.pid, 'SIGKILL');
  };
}
