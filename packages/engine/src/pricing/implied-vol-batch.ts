/**
 * Column-wise implied vols: the same solver as impliedVol (impliedVolCore), one row at a time,
 * with no allocation in the loop; `out` is reused when given.
 */
import { IV_CORE_ABOVE_MAX, IV_CORE_BELOW_INTRINSIC, impliedVolCore } from './implied-vol.ts';

/** Status codes of impliedVolBatch (Uint8Array `status`). vol is NaN whenever status ≠ OK. */
export const IV_STATUS = {
  OK: 0,
  BELOW_INTRINSIC: 1,
  ABOVE_MAX: 2,
  NO_CONVERGENCE: 3,
  /** A row the scalar impliedVol would reject with RangeError (non-finite, spot/strike ≤ 0, tYears < 0, right ∉ {0, 1}). */
  INVALID_INPUT: 4,
} as const;

export interface ImpliedVolBatchColumns {
  /** 0 = call, 1 = put. */
  right: Uint8Array;
  spot: Float64Array;
  strike: Float64Array;
  tYears: Float64Array;
  rate: Float64Array;
  dividendYield: Float64Array;
  price: Float64Array;
}

export interface ImpliedVolBatchResult {
  vol: Float64Array;
  status: Uint8Array;
}

/** Implied vols for n rows of columns (all of length n). Throws RangeError on length mismatch. */
export function impliedVolBatch(
  cols: ImpliedVolBatchColumns,
  out?: ImpliedVolBatchResult,
): ImpliedVolBatchResult {
  const n = cols.price.length;
  if (
    cols.right.length !== n ||
    cols.spot.length !== n ||
    cols.strike.length !== n ||
    cols.tYears.length !== n ||
    cols.rate.length !== n ||
    cols.dividendYield.length !== n
  ) {
    throw new RangeError('impliedVolBatch: all columns must have the same length');
  }
  if (out && (out.vol.length < n || out.status.length < n)) {
    throw new RangeError('impliedVolBatch: out columns are shorter than the input');
  }
  const res = out ?? { vol: new Float64Array(n), status: new Uint8Array(n) };
  const { right, spot, strike, tYears, rate, dividendYield, price } = cols;
  const { vol, status } = res;
  for (let i = 0; i < n; i++) {
    const r = right[i] ?? 255;
    const s = spot[i] ?? Number.NaN;
    const k = strike[i] ?? Number.NaN;
    const t = tYears[i] ?? Number.NaN;
    const rr = rate[i] ?? Number.NaN;
    const q = dividendYield[i] ?? Number.NaN;
    const p = price[i] ?? Number.NaN;
    const valid =
      (r === 0 || r === 1) &&
      s > 0 &&
      k > 0 &&
      t >= 0 &&
      s < Number.POSITIVE_INFINITY &&
      k < Number.POSITIVE_INFINITY &&
      t < Number.POSITIVE_INFINITY &&
      Number.isFinite(rr) &&
      Number.isFinite(q) &&
      Number.isFinite(p);
    if (!valid) {
      vol[i] = Number.NaN;
      status[i] = IV_STATUS.INVALID_INPUT;
      continue;
    }
    const code = impliedVolCore(r === 0 ? 1 : -1, s, k, t, rr, q, p);
    if (code >= 0) {
      vol[i] = code;
      status[i] = IV_STATUS.OK;
    } else {
      vol[i] = Number.NaN;
      status[i] =
        code === IV_CORE_BELOW_INTRINSIC
          ? IV_STATUS.BELOW_INTRINSIC
          : code === IV_CORE_ABOVE_MAX
            ? IV_STATUS.ABOVE_MAX
            : IV_STATUS.NO_CONVERGENCE;
    }
  }
  return res;
}
