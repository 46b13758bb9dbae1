import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import type { VanillaInputs } from '../types.ts';
import { greeksEuropean } from './greeks.ts';
import { createGreeksColumns, GREEK_FIELDS, type GreeksBatchInput, greeksBatch } from './greeks-batch.ts';

function columns(rows: VanillaInputs[]): GreeksBatchInput {
  const n = rows.length;
  const cols: GreeksBatchInput = {
    right: new Uint8Array(n),
    spot: new Float64Array(n),
    strike: new Float64Array(n),
    tYears: new Float64Array(n),
    rate: new Float64Array(n),
    dividendYield: new Float64Array(n),
    vol: new Float64Array(n),
  };
  rows.forEach((o, i) => {
    cols.right[i] = o.right === 'call' ? 0 : 1;
    cols.spot[i] = o.spot;
    cols.strike[i] = o.strike;
    cols.tYears[i] = o.tYears;
    cols.rate[i] = o.rate;
    cols.dividendYield[i] = o.dividendYield;
    cols.vol[i] = o.vol;
  });
  return cols;
}

/** Random rows incl. degenerate (T = 0, σ = 0, at the kink) and far-tail ones. */
function randomRows(n: number, seed: number): VanillaInputs[] {
  const rng = createRng(seed);
  const rows: VanillaInputs[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const kind = rng.next();
    rows.push({
      right: u < 0.5 ? 'call' : 'put',
      spot: 100,
      strike: kind < 0.05 ? 100 : 100 * Math.exp(3 * (rng.next() - 0.5)),
      tYears: kind < 0.1 ? 0 : 0.001 + 5 * rng.next(),
      rate: 0.1 * rng.next() - 0.02,
      dividendYield: 0.06 * rng.next(),
      vol: kind > 0.95 ? 0 : 0.01 + 2 * rng.next(),
    });
  }
  return rows;
}

describe('greeksBatch', () => {
  const rows = randomRows(5000, 7);
  const cols = columns(rows);

  it('equals the scalar greeksEuropean bit for bit, every field, 5000 rows', () => {
    const out = greeksBatch(cols);
    const mismatches: string[] = [];
    rows.forEach((o, i) => {
      const g = greeksEuropean(o);
      for (const f of GREEK_FIELDS) if (!Object.is(out[f][i], g[f])) mismatches.push(`${f} row ${i}`);
    });
    expect(mismatches).toEqual([]);
  });

  it('reuses `out` in place (same object and arrays, every value overwritten)', () => {
    const out = createGreeksColumns(rows.length);
    for (const f of GREEK_FIELDS) out[f].fill(Number.NaN);
    const arrays = GREEK_FIELDS.map((f) => out[f]);
    const res = greeksBatch(cols, out);
    expect(res).toBe(out);
    GREEK_FIELDS.forEach((f, j) => {
      expect(res[f]).toBe(arrays[j]);
      expect(res[f].some(Number.isNaN)).toBe(false);
    });
    const fresh = greeksBatch(cols);
    for (const f of GREEK_FIELDS) expect(Array.from(res[f])).toEqual(Array.from(fresh[f]));
  });

  it('handles empty input', () => {
    const out = greeksBatch(columns([]));
    for (const f of GREEK_FIELDS) expect(out[f].length).toBe(0);
  });

  it('validates lengths and rows (RangeError)', () => {
    expect(() => greeksBatch({ ...cols, vol: new Float64Array(3) })).toThrow(RangeError);
    const short = createGreeksColumns(rows.length);
    short.color = new Float64Array(rows.length - 1);
    expect(() => greeksBatch(cols, short)).toThrow(/out\.color/);
    const one = (o: Partial<VanillaInputs>, right = 0) => {
      const c = columns([
        { right: 'call', spot: 100, strike: 100, tYears: 1, rate: 0, dividendYield: 0, vol: 0.2, ...o },
      ]);
      c.right[0] = right;
      return c;
    };
    expect(() => greeksBatch(one({}, 2))).toThrow(RangeError);
    expect(() => greeksBatch(one({ spot: -1 }))).toThrow(RangeError);
    expect(() => greeksBatch(one({ strike: 0 }))).toThrow(RangeError);
    expect(() => greeksBatch(one({ tYears: -1e-9 }))).toThrow(RangeError);
    expect(() => greeksBatch(one({ vol: Number.NaN }))).toThrow(RangeError);
    expect(() => greeksBatch(one({ rate: Number.POSITIVE_INFINITY }))).toThrow(RangeError);
    expect(() => greeksBatch(one({}))).not.toThrow();
  });

  it('createGreeksColumns rejects a bad length', () => {
    expect(() => createGreeksColumns(-1)).toThrow(RangeError);
    expect(() => createGreeksColumns(1.5)).toThrow(RangeError);
  });
});
