/** Mini-batch assembly: exact rows gathered, masks with the right values and rate, seeded shuffles. */
import { createRng } from '@zomma/engine/rng';
import { describe, expect, it } from 'vitest';
import type { ort } from '../onnx/session.ts';
import { BatchBuffers, shuffleInto, subset } from './data.ts';

describe('BatchBuffers', () => {
  it('gathers rows order[start..start+count) of every column and fills inverted-dropout masks', () => {
    const n = 10;
    const x = Float32Array.from({ length: n * 3 * 2 }, (_, i) => i); // rows of [3, 2]
    const ids = BigInt64Array.from({ length: n }, (_, i) => BigInt(100 + i));
    const buffers = new BatchBuffers(
      [
        { name: 'x', shape: ['batch', 3, 2] },
        { name: 'ids', shape: ['batch'], dtype: 'int64' },
      ],
      [{ input: 'dropout.d', shape: ['batch', 500], rate: 0.25 }],
      'float32',
    );
    const order = Uint32Array.of(7, 2, 9, 0, 4, 1, 3, 5, 6, 8);
    const feeds: Record<string, ort.Tensor> = {};
    const data = { size: n, columns: { x, ids } };
    for (const [start, count] of [
      [0, 4],
      [8, 2], // a smaller last batch reuses the same buffers
    ] as const) {
      buffers.fill(data, order, start, count, createRng(1), feeds);
      expect(feeds.x?.dims).toEqual([count, 3, 2]);
      const rows = Array.from(order.subarray(start, start + count));
      expect(Array.from(feeds.x?.data as Float32Array)).toEqual(
        rows.flatMap((r) => Array.from(x.subarray(6 * r, 6 * r + 6))),
      );
      expect(Array.from(feeds.ids?.data as BigInt64Array)).toEqual(rows.map((r) => BigInt(100 + r)));
      const mask = feeds['dropout.d']?.data as Float32Array;
      expect(mask.length).toBe(count * 500);
      expect(new Set(mask)).toEqual(new Set([0, Math.fround(4 / 3)]));
      const dropped = mask.filter((v) => v === 0).length / mask.length;
      expect(Math.abs(dropped - 0.25)).toBeLessThan(0.05); // seeded; 0.05 is ≥ 3.6 standard deviations (≥ 1000 draws)
    }
  });
});

describe('shuffles and subsets', () => {
  it('shuffleInto is a seeded permutation', () => {
    const a = shuffleInto(new Uint32Array(50), createRng(3));
    expect([...a].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffleInto(new Uint32Array(50), createRng(3))).toEqual(a);
    expect(shuffleInto(new Uint32Array(50), createRng(4))).not.toEqual(a);
  });

  it('subset copies the chosen rows of every column', () => {
    const d = {
      size: 4,
      columns: { a: Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7), b: Uint8Array.of(9, 8, 7, 6) },
    };
    const s = subset(d, [3, 0]);
    expect(Array.from(s.columns.a as Float64Array)).toEqual([6, 7, 0, 1]);
    expect(Array.from(s.columns.b as Uint8Array)).toEqual([6, 9]);
  });
});
