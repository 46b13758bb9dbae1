/**
 * One step of the thin market simulator: geometric Brownian motion for the price, with a
 * mean-reverting log-volatility (log-OU, sampled exactly) whose shocks are correlated with returns
 * (negative correlation = leverage effect).
 */
import type { Rng } from '../rng.ts';

export interface UnderlyingState {
  price: number;
  /** Instantaneous annual volatility (decimal). */
  vol: number;
}

export interface SimParams {
  /** Annual drift μ of the price (continuous). */
  drift: number;
  /** Volatility of log-volatility ξ (annual). */
  volOfVol: number;
  /** Long-run level θ of vol; log-vol reverts to ln θ. */
  meanVol: number;
  /** Mean-reversion speed κ of log-vol (per year). */
  meanReversion: number;
  /** Correlation ρ between price and log-vol shocks. */
  corr: number;
}

export const DEFAULT_SIM_PARAMS: Readonly<SimParams> = Object.freeze({
  drift: 0.05,
  volOfVol: 0.8,
  meanVol: 0.25,
  meanReversion: 5,
  corr: -0.6,
});

function assertParams(p: SimParams): void {
  if (!(p.meanVol > 0) || !(p.volOfVol >= 0) || !(p.meanReversion >= 0) || !(Math.abs(p.corr) <= 1)) {
    throw new RangeError('invalid simulator parameters');
  }
  if (!Number.isFinite(p.drift)) throw new RangeError('drift must be finite');
}

/**
 * Advances `state` by `dtYears`:
 *   S' = S·exp((μ − σ²/2)·dt + σ·√dt·Z₁)
 *   ln σ' = ln θ + (ln σ − ln θ)·e^{−κ·dt} + ξ·√((1 − e^{−2κ·dt}) / (2κ))·(ρ·Z₁ + √(1 − ρ²)·Z₂)
 * using the start-of-step σ for the price (Euler in σ, exact in S given σ).
 * Consumes exactly two normals from `rng`.
 */
export function stepUnderlying(
  state: UnderlyingState,
  dtYears: number,
  rng: Rng,
  params: SimParams = DEFAULT_SIM_PARAMS,
): UnderlyingState {
  assertParams(params);
  if (
    !(state.price > 0) ||
    !(state.vol > 0) ||
    !Number.isFinite(state.price) ||
    !Number.isFinite(state.vol)
  ) {
    throw new RangeError('state price and vol must be positive and finite');
  }
  if (!(dtYears >= 0) || !Number.isFinite(dtYears)) throw new RangeError('dtYears must be ≥ 0');
  const z1 = rng.normal();
  const z2 = rng.normal();
  const sigma = state.vol;
  const price =
    state.price * Math.exp((params.drift - 0.5 * sigma * sigma) * dtYears + sigma * Math.sqrt(dtYears) * z1);
  const k = params.meanReversion;
  const decay = Math.exp(-k * dtYears);
  // Var of the OU increment; tends to ξ²·dt as κ → 0.
  const variance = k > 0 ? -Math.expm1(-2 * k * dtYears) / (2 * k) : dtYears;
  const zVol = params.corr * z1 + Math.sqrt(1 - params.corr * params.corr) * z2;
  const logMean = Math.log(params.meanVol);
  const logVol = logMean + (Math.log(sigma) - logMean) * decay + params.volOfVol * Math.sqrt(variance) * zVol;
  return { price, vol: Math.exp(logVol) };
}
