import { createRng } from '@zomma/engine/rng';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binMatrix, binOf, quantileThresholds } from './binning.ts';

/** Next float32 above / below a float32 (finite, non-zero handling not needed here). */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function nextUp(v: number): number {
  f32[0] = v;
  if (v === 0) return 1.401298464324817e-45;
  u32[0] = (u32[0] as number) + (v > 0 ? 1 : -1);
  return f32[0] as number;
}
function nextDown(v: number): number {
  return -nextUp(-v);
}

describe('quantileThresholds', () => {
  it('puts a cut in every gap when there are few distinct values, each between its neighbours', () => {
    const values = Float32Array.from([3, 1, 2, 2, 2, 5, 1, 3, 0.1, 0.1]).sort();
    const t = quantileThresholds(values, 255);
    const distinct = [0.1, 1, 2, 3, 5].map(Math.fround);
    expect(t.length).toBe(distinct.length - 1);
    for (let k = 0; k < t.length; k++) {
      expect(t[k]).toBeGreaterThan(distinct[k] as number);
      expect(t[k]).toBeLessThanOrEqual(distinct[k + 1] as number);
    }
  });

  it('separates adjacent float32 values (midpoint rounds onto the lower one: the upper value is used)', () => {
    const a = Math.fround(1.1);
    const b = nextUp(a);
    const t = quantileThresholds(Float32Array.from([a, a, b]), 255);
    expect(Array.from(t)).toEqual([b]);
    expect(binOf(t, a)).toBe(0);
    expect(binOf(t, b)).toBe(1);
  });

  it('gives about equal bin counts on continuous data and strictly increasing float32 cuts', () => {
    const rng = createRng(3);
    const v = Float32Array.from({ length: 20_000 }, () => rng.normal()).sort();
    const t = quantileThresholds(v, 64);
    expect(t.length).toBe(63);
    for (let k = 1; k < t.length; k++) expect(t[k]).toBeGreaterThan(t[k - 1] as number);
    const counts = new Array(64).fill(0);
    for (const x of v) counts[binOf(t, x)]++;
    for (const c of counts) expect(Math.abs(c - 20_000 / 64)).toBeLessThan(20);
  });
});

describe('binMatrix', () => {
  it('routes like float32 thresholds: bin ≤ k ⇔ fround(x) < t_k, on ties, threshold values and their neighbours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 40 }), (seed, maxBins) => {
        const rng = createRng(seed);
        const n = 300;
        const d = 3;
        const x = new Float64Array(n * d);
        for (let i = 0; i < n; i++) {
          x[i * d] = Math.round(rng.normal() * 4) / 4; // heavy ties
          x[i * d + 1] = rng.normal() * 1e3; // not float32: rounding matters
          x[i * d + 2] = rng.next() < 0.1 ? Number.NaN : Math.floor(rng.next() * 3);
        }
        const b = binMatrix(x, n, d, { maxBins, sampleRows: 200, seed });
        for (let f = 0; f < d; f++) {
          const t = b.thresholds[f] as Float32Array;
          expect(t.length).toBeLessThan(maxBins);
          expect(b.nBins[f]).toBe(t.length + 1);
          // The matrix rows, plus probes at and around every threshold.
          const probes = [...Array.from({ length: n }, (_, i) => x[i * d + f] as number)];
          for (const c of t) probes.push(c, nextUp(c), nextDown(c), c + 1e-12, c - 1e-12);
          let bad = 0; // counted rather than asserted one by one: ~10⁶ checks
          for (const v of probes) {
            const bin = binOf(t, v);
            if (Number.isNaN(v)) {
              if (bin !== t.length + 1) bad++;
              continue;
            }
            for (let k = 0; k < t.length; k++) if (bin <= k !== Math.fround(v) < (t[k] as number)) bad++;
          }
          // The table lookup in binMatrix agrees with binOf on every row.
          const col = b.bins[f] as Uint8Array;
          for (let i = 0; i < n; i++) if (col[i] !== binOf(t, x[i * d + f] as number)) bad++;
          expect(bad).toBe(0);
          expect(b.hasMissing[f]).toBe(probes.slice(0, n).some(Number.isNaN) ? 1 : 0);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('sorts its sample like Array.prototype.sort (radix keys): same thresholds, signs, zeros and infinities included', () => {
    const rng = createRng(11);
    const specials = [
      0,
      -0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e-45,
      -1e-45,
      3.4e38,
      -3.4e38,
    ];
    const n = 5000;
    const x = Float64Array.from({ length: n }, (_, i) =>
      i < specials.length ? (specials[i] as number) : rng.normal() * 10 ** Math.floor(rng.next() * 8 - 4),
    );
    const b = binMatrix(x, n, 1, { maxBins: 255, sampleRows: n, seed: 0 });
    const sorted = Float32Array.from(Array.from(x, Math.fround).sort((p, q) => p - q));
    expect(Array.from(b.thresholds[0] as Float32Array)).toEqual(Array.from(quantileThresholds(sorted, 255)));
    for (let i = 0; i < n; i++)
      expect(b.bins[0]?.[i]).toBe(binOf(b.thresholds[0] as Float32Array, x[i] as number));
  });

  it('gives a constant or all-missing feature one bin and codes NaN as nBins', () => {
    const x = Float64Array.from([1, Number.NaN, 1, Number.NaN, 1, Number.NaN]);
    const b = binMatrix(x, 3, 2, { maxBins: 255, sampleRows: 10, seed: 0 });
    expect(Array.from(b.nBins)).toEqual([1, 1]);
    expect(Array.from(b.bins[0] as Uint8Array)).toEqual([0, 0, 0]);
    expect(Array.from(b.bins[1] as Uint8Array)).toEqual([1, 1, 1]);
    expect(Array.from(b.hasMissing)).toEqual([0, 1]);
  });

  it('rejects a matrix whose size is not nRows × nFeatures', () => {
    expect(() => binMatrix(new Float64Array(5), 2, 3, { maxBins: 10, sampleRows: 10, seed: 0 })).toThrow(
      RangeError,
    );
  });
});
