import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRow, FLOAT32_MAX, splitRows, stackRows } from './batch-rows.ts';

describe('checkRow', () => {
  it('accepts exactly `width` finite numbers (arrays and typed arrays)', () => {
    expect(checkRow([1, -2.5, 0], 3, 'float32')).toEqual({ ok: true });
    expect(checkRow(Float64Array.of(1e300, 2), 2, 'float64')).toEqual({ ok: true });
  });

  it('refuses wrong width, non-numbers, NaN, ±Infinity and float32 overflow, naming the index', () => {
    expect(checkRow([1, 2], 3, 'float32')).toMatchObject({ ok: false, reason: 'expected 3 features, got 2' });
    expect(checkRow('abc', 3, 'float32')).toMatchObject({ ok: false });
    expect(checkRow({ length: 1, 0: 1 }, 1, 'float32')).toMatchObject({ ok: false });
    expect(checkRow([1, Number.NaN], 2, 'float64')).toMatchObject({ ok: false, index: 1 });
    expect(checkRow([Number.NEGATIVE_INFINITY], 1, 'float64')).toMatchObject({ ok: false, index: 0 });
    expect(checkRow([0, '1'], 2, 'float64')).toMatchObject({ ok: false, index: 1 });
    expect(checkRow([0, 0, 1e39], 3, 'float32')).toMatchObject({ ok: false, index: 2 });
    expect(checkRow([1e39], 1, 'float64')).toEqual({ ok: true });
    // The bound is the largest finite float32: it survives the conversion, the next double up does not round back.
    expect(Float32Array.of(FLOAT32_MAX)[0]).toBe(FLOAT32_MAX);
    expect(checkRow([FLOAT32_MAX], 1, 'float32')).toEqual({ ok: true });
  });
});

describe('stackRows / splitRows', () => {
  it('split(stack(rows)) gives the rows back (float64 exactly)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((w) =>
          fc.tuple(
            fc.constant(w),
            fc.array(
              fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: w, maxLength: w }),
              {
                minLength: 1,
                maxLength: 20,
              },
            ),
          ),
        ),
        ([w, rows]) => {
          const stacked = stackRows(rows, w, 'float64');
          expect(stacked.length).toBe(rows.length * w);
          expect(splitRows(stacked, rows.length)).toEqual(rows);
        },
      ),
    );
  });

  it('float32 stacking rounds like Math.fround; int64 data splits into numbers', () => {
    const s = stackRows([[0.1, 1 / 3]], 2, 'float32');
    expect(s).toBeInstanceOf(Float32Array);
    expect(Array.from(s)).toEqual([Math.fround(0.1), Math.fround(1 / 3)]);
    expect(splitRows(BigInt64Array.of(1n, -2n, 3n, 4n), 2)).toEqual([
      [1, -2],
      [3, 4],
    ]);
  });

  it('refuses data that does not split evenly and rows of the wrong width', () => {
    expect(() => splitRows([1, 2, 3], 2)).toThrow(RangeError);
    expect(() => splitRows([], 0)).toThrow(RangeError);
    expect(() => stackRows([[1, 2], [3]], 2, 'float64')).toThrow(/row 1 has 1 values/);
  });
});
