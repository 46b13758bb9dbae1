import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { DEFAULT_SIM_PARAMS, stepUnderlying } from './step-underlying.ts';

const DAY = 1 / 252;

describe('stepUnderlying', () => {
  it('is deterministic for a seed', () => {
    const a = stepUnderlying({ price: 100, vol: 0.2 }, DAY, createRng(1));
    const b = stepUnderlying({ price: 100, vol: 0.2 }, DAY, createRng(1));
    expect(a).toEqual(b);
    expect(a).not.toEqual(stepUnderlying({ price: 100, vol: 0.2 }, DAY, createRng(2)));
  });

  it('dt = 0 leaves the state unchanged (to rounding)', () => {
    const s = stepUnderlying({ price: 100, vol: 0.3 }, 0, createRng(3));
    expect(s.price).toBe(100);
    expect(Math.abs(s.vol - 0.3)).toBeLessThan(1e-15);
  });

  // n = 40 000 one-step draws from the same state (σ = 0.25, dt = 1/252, μ = 0.05).
  // log-return mean (μ − σ²/2)dt = 1.5434e-4, sd σ√dt = 0.015749 ⇒ s.e. of the mean 7.87e-5;
  // sample sd s.e. ≈ sd/√(2n) = 5.6e-5; corr(log-return, Δln σ) = ρ = −0.6 with s.e. (1 − ρ²)/√n = 0.0032.
  // All bounds are 4 standard errors.
  it('one-step moments and leverage correlation match the model', () => {
    const rng = createRng(77);
    const n = 40_000;
    const sigma = 0.25;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = stepUnderlying({ price: 100, vol: sigma }, DAY, rng);
      xs.push(Math.log(s.price / 100));
      ys.push(Math.log(s.vol / sigma));
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const mx = mean(xs);
    const my = mean(ys);
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      const dx = (xs[i] ?? 0) - mx;
      const dy = (ys[i] ?? 0) - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    const sd = Math.sqrt(sxx / n);
    const corr = sxy / Math.sqrt(sxx * syy);
    expect(Math.abs(mx - (DEFAULT_SIM_PARAMS.drift - 0.5 * sigma * sigma) * DAY)).toBeLessThan(4 * 7.87e-5);
    expect(Math.abs(sd - sigma * Math.sqrt(DAY))).toBeLessThan(4 * 5.6e-5);
    expect(Math.abs(corr - DEFAULT_SIM_PARAMS.corr)).toBeLessThan(4 * 0.0032);
  });

  // Log-vol is an OU process: after a horizon of many 1/κ its law is N(ln θ, ξ²/(2κ)), whatever the start.
  // 4 000 paths × 2 years of daily steps from σ₀ = 0.8: mean of ln σ within 4 s.e. of ln 0.25
  // (s.e. = √(ξ²/(2κ)/n) = 0.0040), sd within 4 s.e. of √(ξ²/(2κ)) = 0.253 (s.e. ≈ 0.0028).
  it('vol mean-reverts to the stationary law of the log-OU process', () => {
    const rng = createRng(11);
    const paths = 4000;
    const steps = 504;
    const logs: number[] = [];
    for (let p = 0; p < paths; p++) {
      let s = { price: 100, vol: 0.8 };
      for (let i = 0; i < steps; i++) s = stepUnderlying(s, DAY, rng);
      logs.push(Math.log(s.vol));
    }
    const m = logs.reduce((a, b) => a + b, 0) / paths;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / paths);
    const { volOfVol, meanReversion, meanVol } = DEFAULT_SIM_PARAMS;
    const statSd = volOfVol / Math.sqrt(2 * meanReversion);
    expect(Math.abs(m - Math.log(meanVol))).toBeLessThan(4 * (statSd / Math.sqrt(paths)));
    expect(Math.abs(sd - statSd)).toBeLessThan(4 * (statSd / Math.sqrt(2 * paths)));
  });

  it('rejects invalid state, dt or parameters', () => {
    const rng = createRng(1);
    expect(() => stepUnderlying({ price: -1, vol: 0.2 }, DAY, rng)).toThrow(RangeError);
    expect(() => stepUnderlying({ price: 100, vol: 0.2 }, -DAY, rng)).toThrow(RangeError);
    expect(() =>
      stepUnderlying({ price: 100, vol: 0.2 }, DAY, rng, { ...DEFAULT_SIM_PARAMS, corr: -1.5 }),
    ).toThrow(RangeError);
  });
});
