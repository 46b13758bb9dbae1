import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalisedBlack,
  normalisedIntrinsic,
  normalisedOtmCall,
  normalisedOtmCallRough,
  normalisedOtmCallVega,
  normalisedVega,
} from './normalised-black.ts';

const EPS = Number.EPSILON;
/** 50-digit mpmath references: packages/engine/fixtures/european-reference.py. */
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/european-reference.json', import.meta.url), 'utf8'),
) as { normalisedBlack: Array<[number, number, 1 | -1, number]> };

describe('normalised Black b(x, s, θ) against 50-digit mpmath', () => {
  // All four regimes (asymptotic h + t ≤ −10, small t < 0.21, erfcx, Φ form) and both sides of
  // each switch; out-of-the-money values down to 1e-300. Measured worst: 30·ε.
  it(`${reference.normalisedBlack.length} points, relative error ≤ 64·ε`, () => {
    let worst = 0;
    for (const [x, s, theta, want] of reference.normalisedBlack) {
      const rel = Math.abs(normalisedBlack(x, s, theta) - want) / want;
      worst = Math.max(worst, rel / EPS);
      expect(rel, `x=${x} s=${s} θ=${theta}`).toBeLessThanOrEqual(64 * EPS);
    }
    expect(worst).toBeGreaterThan(0);
  });
});

describe('identities', () => {
  const xs = fc.double({ min: -40, max: 40, noNaN: true });
  const ss = fc.double({ min: 1e-6, max: 20, noNaN: true });
  it('put = call at −x exactly; call − put = 2·sinh(x/2) (absolute 8·ε·e^{|x|/2})', () => {
    fc.assert(
      fc.property(xs, ss, (x, s) => {
        const c = normalisedBlack(x, s, 1);
        const p = normalisedBlack(x, s, -1);
        expect(p).toBe(normalisedBlack(-x, s, 1));
        expect(Math.abs(c - p - 2 * Math.sinh(0.5 * x))).toBeLessThanOrEqual(
          8 * EPS * Math.exp(0.5 * Math.abs(x)),
        );
      }),
      { numRuns: 1000, seed: 11 },
    );
  });
  it('bounds: intrinsic ≤ b ≤ e^{θx/2}', () => {
    fc.assert(
      fc.property(xs, ss, fc.constantFrom<1 | -1>(1, -1), (x, s, theta) => {
        const b = normalisedBlack(x, s, theta);
        expect(b).toBeGreaterThanOrEqual(normalisedIntrinsic(x, theta) * (1 - 4 * EPS));
        expect(b).toBeLessThanOrEqual(Math.exp(0.5 * theta * x) * (1 + 4 * EPS));
      }),
      { numRuns: 1000, seed: 12 },
    );
  });
  it('vega = ∂b/∂s by a 4-point central difference (relative 1e-7)', () => {
    for (const x of [-8, -2, -0.3, 0, 0.5, 3])
      for (const s of [0.05, 0.3, 1, 2.5]) {
        // Step small against the scale on which ln b′ varies (|∂ ln b′/∂s| = |x²/s³ − s/4|).
        const h = 1e-3 * Math.min(s, 1 / Math.abs((x * x) / (s * s * s) - 0.25 * s));
        const f = (v: number) => normalisedBlack(x, v, 1);
        const fd = (8 * (f(s + h) - f(s - h)) - (f(s + 2 * h) - f(s - 2 * h))) / (12 * h);
        const vega = normalisedVega(x, s);
        expect(Math.abs(fd - vega)).toBeLessThanOrEqual(1e-7 * vega + (1e-13 * normalisedBlack(x, s, 1)) / h);
      }
  });
  it('increasing in s for an out-of-the-money call', () => {
    for (const x of [-20, -3, -0.01]) {
      let prev = 0;
      for (let s = 0.01; s < 30; s *= 1.05) {
        const b = normalisedOtmCall(x, s);
        expect(b).toBeGreaterThanOrEqual(prev);
        prev = b;
      }
    }
  });
});

describe('degenerate s gives the limits, never NaN', () => {
  it('s = 0: intrinsic; s = ∞: e^{θx/2}', () => {
    expect(normalisedBlack(0.3, 0, 1)).toBe(normalisedIntrinsic(0.3, 1));
    expect(normalisedBlack(0.3, 0, -1)).toBe(0);
    expect(normalisedBlack(-0.3, 0, -1)).toBe(2 * Math.sinh(0.15));
    expect(normalisedBlack(0, 0, 1)).toBe(0);
    expect(normalisedBlack(-0.4, Number.POSITIVE_INFINITY, 1)).toBe(Math.exp(-0.2));
  });
  it('tiny positive s: ATM b ≈ s/√(2π), off the money → intrinsic (continuity)', () => {
    for (const s of [1e-300, 1e-200, 1e-20, 1e-9]) {
      expect(Math.abs(normalisedBlack(0, s, 1) - s / Math.sqrt(2 * Math.PI))).toBeLessThanOrEqual(
        4 * EPS * s,
      );
      expect(normalisedBlack(-0.01, s, 1)).toBe(0);
      expect(normalisedBlack(0.01, s, 1)).toBe(normalisedIntrinsic(0.01, 1));
    }
    expect(normalisedVega(0, 0)).toBe(1 / Math.sqrt(2 * Math.PI));
    expect(normalisedVega(-1, 0)).toBe(0);
  });
});

describe('normalisedOtmCallRough (solver pre-evaluations)', () => {
  it('within (x²/s² + s²/4 + 16)·4ε of the precise value; vega read back matches normalisedVega', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -60, max: -1e-6, noNaN: true }),
        fc.double({ min: 1e-3, max: 30, noNaN: true }),
        (x, s) => {
          const precise = normalisedOtmCall(x, s);
          const rough = normalisedOtmCallRough(x, s);
          const vega = normalisedOtmCallVega();
          if (!(precise > 1e-290)) return;
          const bound = ((x / s) ** 2 + s * s * 0.25 + 16) * 4 * EPS;
          expect(Math.abs(rough - precise) / precise, `x=${x} s=${s}`).toBeLessThanOrEqual(bound);
          const refVega = normalisedVega(x, s);
          expect(Math.abs(vega - refVega) / refVega).toBeLessThanOrEqual(bound);
        },
      ),
      { numRuns: 3000, seed: 11 },
    );
  });
});
