import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface ChildWorker {
  readonly child: ChildProcess;
  /** Every JSON log line the child wrote so far. */
  readonly logs: Record<string, unknown>[];
  /** Resolves with the exit code and signal once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the child logged 'worker ready' (rejects if it exits first). */
  readonly ready: Promise<void>;
  /** SIGKILL if still running (test cleanup). */
  kill(): Promise<void>;
}

/** Runs apps/worker/src/main.ts (through tsx) as a real process with exactly the given variables (plus PATH/HOME). */
export function spawnWorker(
  vars: Record<string, string>,
  inherited: Record<string, string | undefined>,
): ChildWorker {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR']) {
    const value = inherited[key];
    if (value !== undefined) env[key] = value;
  }
  // node --import tsx (not the tsx CLI): the worker is this very process, so signals reach it.
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { NODE_ENV: 'test', ...env, ...vars },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let onReady: () => void = () => {};
  let buffer = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'worker ready') onReady();
      } catch {
        // not a log line
      }
      nl = buffer.indexOf('\n');
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    exited.then(({ code, signal }) =>
      reject(
        new Error(`worker exited before ready (code ${code}, signal ${signal}): ${stderr.slice(-2000)}`),
      ),
    );
  });
  ready.catch(() => {});
  return {
    child,
    logs,
    exited,
    ready,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
