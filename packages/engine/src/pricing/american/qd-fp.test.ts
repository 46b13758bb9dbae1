import { describe, expect, it } from 'vitest';
import { normCdf, normPdf } from '../normal.ts';
import { expSmall, tabNormCdf, tabNormPdf } from './qd-fp.ts';

describe("the fixed-point kernels' tabulated normal and small exponential", () => {
  // Off-grid points (the table's cells are 1/64 wide): errors peak mid-cell.
  const xs = Array.from({ length: 40_001 }, (_, i) => -10 + i * 0.0005 + 1e-7);

  it('Φ from the table is within 1e-10 of the full-precision normCdf on [−10, 10]', () => {
    let worst = 0;
    for (const x of xs) worst = Math.max(worst, Math.abs(tabNormCdf(x) - normCdf(x)));
    expect(worst).toBeLessThan(1e-10);
    expect(worst).toBeGreaterThan(1e-14); // it is an approximation: the check can see its error
  });

  it('φ from the table is within 2e-10 of the exact density on [−10, 10]', () => {
    let worst = 0;
    for (const x of xs) worst = Math.max(worst, Math.abs(tabNormPdf(x) - normPdf(x)));
    expect(worst).toBeLessThan(2e-10);
  });

  it('clamps outside the table: Φ is 0 or 1, φ vanishes', () => {
    expect(tabNormCdf(-40)).toBeLessThan(1e-18);
    expect(tabNormCdf(40)).toBe(1);
    expect(tabNormPdf(40)).toBeLessThan(1e-17);
  });

  it('expSmall matches Math.exp to 5e-14 relative on |x| ≤ 0.5 and is Math.exp outside', () => {
    let worst = 0;
    for (let i = 0; i <= 10_000; i++) {
      const x = -0.5 + i * 1e-4;
      worst = Math.max(worst, Math.abs(expSmall(x) / Math.exp(x) - 1));
    }
    expect(worst).toBeLessThan(5e-14);
    expect(expSmall(3)).toBe(Math.exp(3));
    expect(expSmall(-700)).toBe(Math.exp(-700));
  });
});
