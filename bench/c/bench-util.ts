/** Small helpers of the pricing bench: timing, medians, column comparison, table formatting. */
import { GREEK_COLUMNS, type GreekColumn } from './c-twin.ts';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? Number.NaN) + (s[m] ?? Number.NaN)) / 2;
}

/** Wall times (ms) of `runs` calls of fn after `warmup` untimed calls. */
export function timeRuns(fn: () => void, runs: number, warmup: number): number[] {
  for (let k = 0; k < warmup; k++) fn();
  const ms: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return ms;
}

export const fmt = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined ? '—' : x.toPrecision(digits);

/** One table row: first cell left-aligned, the others right-aligned, to the given widths. */
export const row = (cells: readonly string[], widths: readonly number[]): string =>
  cells.map((c, k) => (k === 0 ? c.padEnd(widths[k] ?? 0) : c.padStart(widths[k] ?? 0))).join('  ');

/** max(acc, x) where a NaN x wins (so a NaN anywhere shows up as NaN, never as 0). */
export const maxNan = (acc: number, x: number): number => (Number.isNaN(x) || x > acc ? x : acc);

export interface ColumnDiff {
  name: GreekColumn;
  abs: number;
  rel: number;
}

/** Per column: max |a−b| and max |a−b| / max(|a|, |b|, 1e-12·max|column of a|). */
export function compareColumns(
  a: Record<GreekColumn, Float64Array>,
  b: Record<GreekColumn, Float64Array>,
): ColumnDiff[] {
  return GREEK_COLUMNS.map((name) => {
    const x = a[name];
    const y = b[name];
    if (x.length !== y.length) throw new RangeError(`column ${name}: lengths differ`);
    let scale = 0;
    for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i] ?? 0));
    let abs = 0;
    let rel = 0;
    for (let i = 0; i < x.length; i++) {
      const u = x[i] ?? Number.NaN;
      const v = y[i] ?? Number.NaN;
      const d = Math.abs(u - v);
      abs = maxNan(abs, d);
      rel = maxNan(rel, d / Math.max(Math.abs(u), Math.abs(v), 1e-12 * scale));
    }
    return { name, abs, rel };
  });
}
