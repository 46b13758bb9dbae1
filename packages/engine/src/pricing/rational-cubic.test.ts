import { describe, expect, it } from 'vitest';
import {
  convexControlLeft,
  convexControlRight,
  RATIONAL_CUBIC_MAX_CONTROL,
  rationalCubic,
} from './rational-cubic.ts';

const EPS = Number.EPSILON;

describe('rational cubic interpolation', () => {
  it('hits both end values; r = 3 is the cubic Hermite (exact on a cubic)', () => {
    const f = (x: number) => 2 - x + 0.5 * x * x - 0.25 * x * x * x;
    const df = (x: number) => -1 + x - 0.75 * x * x;
    for (const x of [0, 0.3, 1.1, 2]) {
      const v = rationalCubic(x, 0, 2, f(0), f(2), df(0), df(2), 3);
      expect(Math.abs(v - f(x))).toBeLessThanOrEqual(8 * EPS);
    }
  });
  it('end slopes match by finite differences for any r > −1', () => {
    for (const r of [-0.5, 0, 3, 10, 1e4]) {
      const g = (x: number) => rationalCubic(x, 1, 3, 2, 5, 0.7, 4, r);
      const h = 1e-6;
      expect(Math.abs((g(1 + h) - g(1)) / h - 0.7)).toBeLessThanOrEqual(1e-4 * (1 + r));
      expect(Math.abs((g(3) - g(3 - h)) / h - 4)).toBeLessThanOrEqual(1e-4 * (1 + r));
    }
  });
  it('r at the maximum is linear', () => {
    expect(rationalCubic(1.5, 1, 2, 10, 20, 100, -100, RATIONAL_CUBIC_MAX_CONTROL)).toBe(15);
  });
  it('control fits the requested end second derivative (finite differences)', () => {
    // Convex data: slopes 1 and 5 around the secant slope 3; ask for y'' = 2 at the left, 6 at the right.
    const rl = convexControlLeft(0, 1, 0, 3, 1, 5, 2, false);
    const gl = (x: number) => rationalCubic(x, 0, 1, 0, 3, 1, 5, rl);
    const h = 1e-4;
    expect(Math.abs((gl(2 * h) - 2 * gl(h) + gl(0)) / (h * h) - 2)).toBeLessThan(1e-2);
    const rr = convexControlRight(0, 1, 0, 3, 1, 5, 6, false);
    const gr = (x: number) => rationalCubic(x, 0, 1, 0, 3, 1, 5, rr);
    expect(Math.abs((gr(1) - 2 * gr(1 - h) + gr(1 - 2 * h)) / (h * h) - 6)).toBeLessThan(1e-2);
  });
  it('shape preservation: a requested concave end on convex data is overridden, the interpolant stays convex', () => {
    const r = convexControlLeft(0, 1, 0, 3, 1, 5, -50, true);
    const g = (x: number) => rationalCubic(x, 0, 1, 0, 3, 1, 5, r);
    for (let x = 0.01; x < 0.99; x += 0.01)
      expect(g(x + 0.01) - 2 * g(x) + g(x - 0.01)).toBeGreaterThanOrEqual(-1e-12);
  });
});
