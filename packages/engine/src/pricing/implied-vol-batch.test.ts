import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceEuropean } from './black-scholes.ts';
import { impliedVol } from './implied-vol.ts';
import { type ImpliedVolBatchColumns, IV_STATUS, impliedVolBatch } from './implied-vol-batch.ts';

const STATUS_OF = {
  BELOW_INTRINSIC: IV_STATUS.BELOW_INTRINSIC,
  ABOVE_MAX: IV_STATUS.ABOVE_MAX,
  NO_CONVERGENCE: IV_STATUS.NO_CONVERGENCE,
};

function columns(n: number): ImpliedVolBatchColumns {
  return {
    right: new Uint8Array(n),
    spot: new Float64Array(n),
    strike: new Float64Array(n),
    tYears: new Float64Array(n),
    rate: new Float64Array(n),
    dividendYield: new Float64Array(n),
    price: new Float64Array(n),
  };
}

describe('impliedVolBatch equals the scalar impliedVol', () => {
  it('row by row, bit for bit, including out-of-bounds prices (fast-check, 200 batches of 50)', () => {
    const row = fc.record({
      put: fc.boolean(),
      k: fc.double({ min: -5, max: 5, noNaN: true }),
      tYears: fc.double({ min: 0, max: 5, noNaN: true }),
      rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
      q: fc.double({ min: 0, max: 0.06, noNaN: true }),
      vol: fc.double({ min: 0.01, max: 3, noNaN: true }),
      // Scale the model price by up to ±50% so some rows fall outside the bounds.
      bump: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 50 }), (rows) => {
        const cols = columns(rows.length);
        rows.forEach((r, i) => {
          const strike = 100 * Math.exp(r.k * r.vol * Math.sqrt(r.tYears));
          const o = {
            right: r.put ? 'put' : 'call',
            spot: 100,
            strike,
            tYears: r.tYears,
            rate: r.rate,
            dividendYield: r.q,
            vol: r.vol,
          } as const;
          cols.right[i] = r.put ? 1 : 0;
          cols.spot[i] = 100;
          cols.strike[i] = strike;
          cols.tYears[i] = r.tYears;
          cols.rate[i] = r.rate;
          cols.dividendYield[i] = r.q;
          cols.price[i] = priceEuropean(o) * r.bump;
        });
        const out = impliedVolBatch(cols);
        rows.forEach((r, i) => {
          const scalar = impliedVol({
            right: r.put ? 'put' : 'call',
            spot: 100,
            strike: cols.strike[i] ?? 0,
            tYears: r.tYears,
            rate: r.rate,
            dividendYield: r.q,
            price: cols.price[i] ?? 0,
          });
          if (scalar.ok) {
            expect(out.status[i]).toBe(IV_STATUS.OK);
            expect(Object.is(out.vol[i], scalar.vol)).toBe(true);
          } else {
            expect(out.status[i]).toBe(STATUS_OF[scalar.reason]);
            expect(Number.isNaN(out.vol[i])).toBe(true);
          }
        });
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('reuses `out` (same arrays, stale values overwritten) and marks invalid rows', () => {
    const cols = columns(4);
    cols.right.set([0, 1, 2, 0]);
    cols.spot.set([100, 100, 100, -1]);
    cols.strike.set([100, 100, 100, 100]);
    cols.tYears.set([1, 1, 1, 1]);
    cols.price.set([8, 8, 8, 8]);
    const out = { vol: new Float64Array(4).fill(42), status: new Uint8Array(4).fill(9) };
    const res = impliedVolBatch(cols, out);
    expect(res).toBe(out);
    expect(Array.from(res.status)).toEqual([
      IV_STATUS.OK,
      IV_STATUS.OK,
      IV_STATUS.INVALID_INPUT,
      IV_STATUS.INVALID_INPUT,
    ]);
    const scalar = impliedVol({
      right: 'call',
      spot: 100,
      strike: 100,
      tYears: 1,
      rate: 0,
      dividendYield: 0,
      price: 8,
    });
    expect(scalar.ok && res.vol[0] === scalar.vol).toBe(true);
    expect(res.vol[0]).toBe(res.vol[1]); // ATM forward: call and put prices are equal, so are vols
    expect(Number.isNaN(res.vol[2]) && Number.isNaN(res.vol[3])).toBe(true);
  });

  it('throws on mismatched column lengths or a short `out`', () => {
    const cols = { ...columns(3), price: new Float64Array(2) };
    expect(() => impliedVolBatch(cols)).toThrow(RangeError);
    expect(() =>
      impliedVolBatch(columns(3), { vol: new Float64Array(2), status: new Uint8Array(3) }),
    ).toThrow(RangeError);
  });
});
