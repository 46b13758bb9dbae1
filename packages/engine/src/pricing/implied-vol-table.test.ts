import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildImpliedVolTable,
  impliedStdDevOtmCallTable,
  TABLE_NODES,
  tableGuess,
} from './implied-vol-table.ts';
import { impliedStdDevOtmCallBounded } from './lets-be-rational.ts';
import { normalisedOtmCall, normalisedVega } from './normalised-black.ts';

/**
 * The reference for every check is the forward normalised Black function b(x, s) (an independent
 * code path from the inversion): s → b(x, s) → ŝ must reprice b to 1e-12 relative or recover s to
 * 1e-9 relative, and to 1e-12 where s is well pinned by b (vega·s/b ≥ 1e-3), as for LBR itself.
 */
function check(x: number, s: number): void {
  const bMax = Math.exp(0.5 * x);
  const b = normalisedOtmCall(x, s);
  if (!(b > 1e-300) || !(b < bMax * (1 - 1e-15))) return;
  const sHat = impliedStdDevOtmCallTable(b, x, bMax);
  const bHat = normalisedOtmCall(x, sHat);
  const priceOk = Math.abs(bHat - b) <= 1e-12 * b;
  const sOk = Math.abs(sHat - s) <= 1e-9 * s;
  expect(priceOk || sOk, `x=${x} s=${s} b=${b} ŝ=${sHat}`).toBe(true);
  if ((normalisedVega(x, s) * s) / b >= 1e-3) expect(Math.abs(sHat - s) / s).toBeLessThanOrEqual(1e-12);
}

describe('impliedStdDevOtmCallTable (table guess + one Householder step)', () => {
  it('dense log grid: 161 × 161 points, x ∈ [−100, −1e-8], s ∈ [1e-3, 30], zero failures', () => {
    for (let i = 0; i <= 160; i++) {
      const x = -(10 ** (-8 + (10 * i) / 160));
      for (let j = 0; j <= 160; j++) check(x, 10 ** (-3 + (4.5 * j) / 160));
    }
  });

  it('fast-check over the bench domain |x/s| ≤ 5, s = σ√T ∈ [5e-4, 11.2] (3000 runs)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: -1e-6, noNaN: true }),
        fc.double({ min: Math.log(5e-4), max: Math.log(11.2), noNaN: true }),
        (z, lnS) => check(z * Math.exp(lnS), Math.exp(lnS)),
      ),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('agrees with full LBR within the conditioning of s given b (4ε·(1 + b/(vega·s)) relative)', () => {
    let worst = 0;
    for (let i = 0; i <= 60; i++) {
      const s = 10 ** (-3 + (4 * i) / 60);
      for (let k = 1; k <= 20; k++) {
        const x = -0.25 * k * s;
        const bMax = Math.exp(0.5 * x);
        const b = normalisedOtmCall(x, s);
        const kappa = b / (normalisedVega(x, s) * s);
        if (!(kappa <= 1e3) || !(b < bMax)) continue;
        const a = impliedStdDevOtmCallTable(b, x, bMax);
        const l = impliedStdDevOtmCallBounded(b, x, bMax);
        worst = Math.max(worst, Math.abs(a - l) / l / (4 * Number.EPSILON * (1 + kappa)));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('outside the table (x = 0, 1 − β/b_max < 1e-8, |x| < 7e-6) it is exactly full LBR', () => {
    const cases: [number, number][] = [
      [0, 0.3],
      [-0.1, 14],
      [-1e-7, 0.02],
      [-2, 14],
    ];
    for (const [x, s] of cases) {
      const bMax = Math.exp(0.5 * x);
      const b = normalisedOtmCall(x, s);
      const a = impliedStdDevOtmCallTable(b, x, bMax);
      expect(Object.is(a, impliedStdDevOtmCallBounded(b, x, bMax)), `x=${x} s=${s}`).toBe(true);
    }
  });
});

describe('tableGuess', () => {
  it('is within 1e-5 (relative) of the true s on ≥ 99% of the bench domain, NaN elsewhere', () => {
    let inside = 0;
    let total = 0;
    let worst = 0;
    for (let i = 0; i <= 80; i++) {
      const s = 5e-4 * (11.2 / 5e-4) ** (i / 80);
      for (let k = 1; k <= 50; k++) {
        const x = -0.1 * k * s;
        const b = normalisedOtmCall(x, s);
        if (!(b > 0)) continue;
        total++;
        const g = tableGuess(b, x, Math.exp(0.5 * x));
        if (Number.isNaN(g)) continue;
        inside++;
        worst = Math.max(worst, Math.abs(g - s) / s);
      }
    }
    expect(inside / total).toBeGreaterThanOrEqual(0.99);
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it('the table is deterministic and has TABLE_NODES finite-or-NaN entries', () => {
    const a = buildImpliedVolTable();
    const b = buildImpliedVolTable();
    expect(a.length).toBe(TABLE_NODES);
    let finite = 0;
    for (let i = 0; i < a.length; i++) {
      expect(Object.is(a[i], b[i])).toBe(true);
      if (Number.isFinite(a[i] ?? Number.NaN)) finite++;
    }
    expect(finite).toBeGreaterThan(0.9 * TABLE_NODES);
  });
});
