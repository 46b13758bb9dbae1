import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracy, rocAuc, rSquared } from './metrics.ts';

describe('metrics', () => {
  it('rocAuc equals the pairwise count P(s₁ > s₀) + ½·P(tie), ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 6 })), {
          minLength: 2,
          maxLength: 60,
        }),
        (pairs) => {
          const y = pairs.map((p) => p[0]);
          const s = pairs.map((p) => p[1]);
          let num = 0;
          let den = 0;
          for (let i = 0; i < y.length; i++) {
            for (let j = 0; j < y.length; j++) {
              if (y[i] !== 1 || y[j] !== 0) continue;
              den++;
              const a = s[i] as number;
              const b = s[j] as number;
              num += a > b ? 1 : a === b ? 0.5 : 0;
            }
          }
          const auc = rocAuc(y, s);
          if (den === 0) expect(auc).toBeNaN();
          else expect(auc).toBeCloseTo(num / den, 12);
        },
      ),
    );
  });

  it('rSquared is 1 for a perfect fit and 0 for the mean; accuracy picks the arg-max column', () => {
    expect(rSquared([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(rSquared([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(accuracy([0, 2], [0.5, 0.3, 0.2, 0.1, 0.1, 0.8], 3)).toBe(1);
    expect(accuracy([1, 2], [0.5, 0.3, 0.2, 0.1, 0.8, 0.1], 3)).toBe(0);
  });
});
