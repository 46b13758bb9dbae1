/**
 * Drives the plain C twins in bench/c from TypeScript: compiles them with the system gcc, passes
 * columnar inputs through a binary file, reads the results back. Bench/test tooling only (Node APIs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GREEK_FIELDS, type GreekField } from '../../packages/engine/src/pricing/greeks-batch.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Output columns of greeks.c, in file order: the engine's own field order (price + 16 Greeks). */
export const GREEK_COLUMNS = GREEK_FIELDS;
export type GreekColumn = GreekField;

/** Columnar vanilla inputs (the shape greeksBatch takes). */
export interface VanillaColumns {
  right: Uint8Array;
  spot: Float64Array;
  strike: Float64Array;
  tYears: Float64Array;
  rate: Float64Array;
  dividendYield: Float64Array;
  vol: Float64Array;
}

export interface CTimings {
  n: number;
  runsMs: number[];
  medianMs: number;
}

/** The gcc version line, or null when gcc is not installed. */
export function gccVersion(): string | null {
  const r = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0 || typeof r.stdout !== 'string') return null;
  return r.stdout.split('\n')[0] ?? null;
}

/** A fresh private temp directory and its disposer. */
export function makeTempDir(prefix: string): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Compiles bench/c/<source> with gcc and the given optimisation flags; returns the executable. */
export function compileC(source: string, flags: readonly string[], outDir: string, exeName: string): string {
  const exe = join(outDir, exeName);
  execFileSync('gcc', [...flags, '-march=native', '-o', exe, join(HERE, source), '-lm'], { stdio: 'pipe' });
  return exe;
}

/** Writes the binary input file read by greeks.c (uint64 n, six double columns, right bytes). */
export function writeGreeksInput(file: string, c: VanillaColumns): void {
  const n = c.spot.length;
  const buf = Buffer.alloc(8 + 6 * 8 * n + n);
  buf.writeBigUInt64LE(BigInt(n), 0);
  let off = 8;
  for (const col of [c.spot, c.strike, c.tYears, c.rate, c.dividendYield, c.vol]) {
    if (col.length !== n) throw new RangeError('input columns must have equal lengths');
    Buffer.from(col.buffer, col.byteOffset, col.byteLength).copy(buf, off);
    off += 8 * n;
  }
  Buffer.from(c.right.buffer, c.right.byteOffset, c.right.byteLength).copy(buf, off);
  writeFileSync(file, buf);
}

function parseTimings(exe: string, stdout: string): CTimings {
  const t = JSON.parse(stdout.trim()) as { n?: unknown; runs_ms?: unknown; median_ms?: unknown };
  if (typeof t.n !== 'number' || !Array.isArray(t.runs_ms) || typeof t.median_ms !== 'number') {
    throw new Error(`unexpected output from ${exe}: ${stdout}`);
  }
  return { n: t.n, runsMs: t.runs_ms.map(Number), medianMs: t.median_ms };
}

/** Runs the compiled greeks twin `runs` times (after its own warm-up); timings only. */
export function timeGreeksC(exe: string, inFile: string, runs: number): CTimings {
  return parseTimings(exe, execFileSync(exe, [inFile, '-', String(runs)], { encoding: 'utf8' }));
}

/** Runs the compiled greeks twin `runs` times (after its own warm-up) and reads its 17 columns. */
export function runGreeksC(
  exe: string,
  inFile: string,
  outFile: string,
  runs: number,
): { timings: CTimings; columns: Record<GreekColumn, Float64Array> } {
  const timings = parseTimings(exe, execFileSync(exe, [inFile, outFile, String(runs)], { encoding: 'utf8' }));
  const n = timings.n;
  const raw = readFileSync(outFile);
  if (raw.byteLength !== GREEK_COLUMNS.length * 8 * n) throw new Error('C output has the wrong size');
  // Copy into an aligned buffer (Buffer slices may not be 8-byte aligned).
  const all = new Float64Array(GREEK_COLUMNS.length * n);
  new Uint8Array(all.buffer).set(raw);
  const columns = {} as Record<GreekColumn, Float64Array>;
  GREEK_COLUMNS.forEach((name, k) => {
    columns[name] = all.subarray(k * n, (k + 1) * n);
  });
  return { timings, columns };
}

/** One American option for the C reference (right 0 call, 1 put). */
export interface AmericanCase {
  right: 0 | 1;
  spot: number;
  strike: number;
  tYears: number;
  rate: number;
  dividendYield: number;
  vol: number;
}

/**
 * Converged American prices from american-ref.c (Crank–Nicolson/Rannacher finite differences with
 * Brennan–Schwartz, Richardson over grids N, 2N, 4N; `steps` = N, even): `price` = the finest
 * Richardson value, `errorEstimate` = its distance to the next coarser Richardson value.
 */
export function americanReferenceC(
  exe: string,
  cases: readonly AmericanCase[],
  steps: number,
): { price: number; errorEstimate: number }[] {
  const input = cases
    .map((c) => `${c.right} ${c.spot} ${c.strike} ${c.tYears} ${c.rate} ${c.dividendYield} ${c.vol}`)
    .join('\n');
  const stdout = execFileSync(exe, [String(steps)], { input: `${input}\n`, encoding: 'utf8' });
  const lines = stdout.trim().split('\n');
  if (lines.length !== cases.length) throw new Error('american-ref returned the wrong number of lines');
  return lines.map((line) => {
    const [a, b] = line.split(' ').map(Number);
    if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) {
      throw new Error(`american-ref: bad line ${line}`);
    }
    return { price: a, errorEstimate: Math.abs(a - b) };
  });
}
