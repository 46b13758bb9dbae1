/**
 * Test-only butterfly references independent of the engine's own g(k) code: Durrleman's g from central
 * finite differences of w (not the analytic derivatives, and the formula written out again here), and
 * the Breeden–Litzenberger density ∂²C/∂K² from Black–Scholes prices.
 */
import { priceEuropean } from '../pricing/black-scholes.ts';

/**
 * g(k) = (1 − k·w′/(2w))² − (w′²/4)·(1/w + 1/4) + w″/2 with w′, w″ by central differences of step h.
 * Accuracy: O(h²·w⁗) truncation plus ~ε·w/h² rounding in w″ (≈ 1e-8 for w ≈ 0.01, h = 1e-5).
 */
export function fdG(w: (k: number) => number, k: number, h = 1e-5): number {
  const w0 = w(k);
  const wp = w(k + h);
  const wm = w(k - h);
  const d1 = (wp - wm) / (2 * h);
  const d2 = (wp - 2 * w0 + wm) / (h * h);
  const u = 1 - (k * d1) / (2 * w0);
  return u * u - ((d1 * d1) / 4) * (1 / w0 + 0.25) + d2 / 2;
}

/** Smallest {@link fdG} over `n` uniform points of [kMin, kMax] and the `extra` points inside it. */
export function fdMinG(
  w: (k: number) => number,
  kMin: number,
  kMax: number,
  n = 4001,
  extra: readonly number[] = [],
): { minG: number; k: number } {
  let best = { minG: Number.POSITIVE_INFINITY, k: Number.NaN };
  const visit = (k: number): void => {
    const g = fdG(w, k);
    if (!(g >= best.minG)) best = { minG: g, k };
  };
  for (let i = 0; i < n; i++) visit(kMin + ((kMax - kMin) * i) / (n - 1));
  for (const k of extra) if (k >= kMin && k <= kMax) visit(k);
  return best;
}

/**
 * Risk-neutral density of K (forward 1, zero rates) at strike e^k: the central second difference of
 * Black–Scholes call prices at the implied vols √(w/t), relative strike step 1e-3. Its rounding noise
 * is ≈ ε/(1e-3·K)² ≈ 1e-10, so only values below about −1e-8 mean a negative density.
 */
export function blDensity(w: (k: number) => number, k: number, tYears: number): number {
  const call = (strike: number): number =>
    priceEuropean({
      right: 'call',
      spot: 1,
      strike,
      tYears,
      rate: 0,
      dividendYield: 0,
      vol: Math.sqrt(w(Math.log(strike)) / tYears),
    });
  const kStrike = Math.exp(k);
  const h = 1e-3 * kStrike;
  return (call(kStrike + h) - 2 * call(kStrike) + call(kStrike - h)) / (h * h);
}
