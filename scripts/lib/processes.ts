/**
 * Child processes in their own process groups, with prefixed output, and a stop that
 * signals the whole group (so `npm`/`tsx`/`next` grandchildren never outlive us).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface ChildSpec {
  /** Shown as `[name]` before each output line. */
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Also append raw output to this file. */
  logFile?: string;
  /** Print output to our stdout (default true). */
  echo?: boolean;
}

export interface RunningChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code (or the signal name) when the child exits. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the process group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

function pipeLines(stream: Readable | null, prefix: string, echo: boolean, log: WriteStream | undefined) {
  if (!stream) return;
  const rl = createInterface({ input: stream });
  rl.on('line', (line) => {
    if (echo) process.stdout.write(`${prefix} ${line}\n`);
    log?.write(`${line}\n`);
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

export function startChild(spec: ChildSpec): RunningChild {
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = spec.logFile ? createWriteStream(spec.logFile, { flags: 'a' }) : undefined;
  const prefix = `[${spec.name}]`;
  const echo = spec.echo ?? true;
  pipeLines(child.stdout, prefix, echo, log);
  pipeLines(child.stderr, prefix, echo, log);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      log?.end();
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      process.stderr.write(`${prefix} failed to start: ${err.message}\n`);
      resolve('spawn-error');
    });
  });
  let exitedAlready = false;
  void exited.then(() => {
    exitedAlready = true;
  });
  return {
    name: spec.name,
    process: child,
    exited,
    async stop(graceMs = 8000) {
      if (!exitedAlready) signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Grandchildren that ignored SIGTERM and survived the leader.
      signalGroup(child, 'SIGKILL');
    },
  };
}

/** Runs a command to completion with inherited stdio; throws on a non-zero exit. */
export function runToEnd(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Polls `url` until it answers with any HTTP status below 500, or the child exits. */
export async function waitForHttp(url: string, timeoutMs: number, child?: RunningChild): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let childGone = false;
  void child?.exited.then(() => {
    childGone = true;
  });
  for (;;) {
    if (childGone) throw new Error(`${child?.name ?? 'process'} exited before ${url} answered`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
