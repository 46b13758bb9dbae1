/**
 * Stacking single requests along the batch dimension and splitting results back. Pure; the
 * inference service runs one ORT call per stacked batch.
 */
import type { FeatureDtype } from './serving-signature.ts';

/** Largest finite float32 (2^128 − 2^104); anything larger in magnitude becomes ±Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

export type RowCheck = { ok: true } | { ok: false; reason: string; index?: number };

/** A request row must have exactly `width` finite numbers representable in `dtype`. */
export function checkRow(row: unknown, width: number, dtype: FeatureDtype): RowCheck {
  const isArrayLike = Array.isArray(row) || row instanceof Float32Array || row instanceof Float64Array;
  if (!isArrayLike) return { ok: false, reason: 'features must be an array of numbers' };
  const values = row as ArrayLike<unknown>;
  if (values.length !== width) {
    return { ok: false, reason: `expected ${width} features, got ${values.length}` };
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return { ok: false, reason: `feature ${i} is not a finite number`, index: i };
    }
    if (dtype === 'float32' && Math.abs(v) > FLOAT32_MAX) {
      return { ok: false, reason: `feature ${i} overflows float32`, index: i };
    }
  }
  return { ok: true };
}

/** Rows (each already checked to have `width` values) laid end to end: shape [rows.length, width]. */
export function stackRows(
  rows: readonly ArrayLike<number>[],
  width: number,
  dtype: FeatureDtype,
): Float32Array | Float64Array {
  const out =
    dtype === 'float32' ? new Float32Array(rows.length * width) : new Float64Array(rows.length * width);
  rows.forEach((row, r) => {
    if (row.length !== width) throw new RangeError(`row ${r} has ${row.length} values, expected ${width}`);
    for (let j = 0; j < width; j++) out[r * width + j] = row[j] as number;
  });
  return out;
}

/** Splits a batch-first tensor's flat data into `batch` rows (int64 values become numbers). */
export function splitRows(data: ArrayLike<number | bigint>, batch: number): number[][] {
  if (batch < 1 || data.length % batch !== 0) {
    throw new RangeError(`${data.length} values do not split into ${batch} rows`);
  }
  const per = data.length / batch;
  const rows: number[][] = [];
  for (let r = 0; r < batch; r++) {
    const row = new Array<number>(per);
    for (let j = 0; j < per; j++) row[j] = Number(data[r * per + j]);
    rows.push(row);
  }
  return rows;
}
