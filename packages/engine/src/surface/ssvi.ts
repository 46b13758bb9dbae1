/**
 * SSVI (Gatheral & Jacquier 2014, "Arbitrage-free SVI volatility surfaces", §4):
 *   w(k, θ) = θ/2 · (1 + ρφk + √((φk + ρ)² + 1 − ρ²)),   θ = θ_t the ATM total variance,
 * with the power-law φ(θ) = η / (θ^γ · (1 + θ)^(1−γ)) (their eq. 4.5). Sufficient for no static
 * arbitrage (their Remark after Corollary 4.1 / Theorem 4.2): θ_t non-decreasing in t, 0 < γ ≤ ½ and
 * η(1 + |ρ|) ≤ 2. {@link ssviConditionReport} also evaluates the general conditions of Theorems 4.1/4.2.
 */

import { isotonicNonDecreasing, nelderMead } from './optimize.ts';
import type { TotalVarianceSlice } from './svi.ts';
import type { SmileQuote } from './svi-fit.ts';

export interface SsviParams {
  rho: number;
  eta: number;
  gamma: number;
}

export function ssviPhi(p: SsviParams, theta: number): number {
  return p.eta / (theta ** p.gamma * (1 + theta) ** (1 - p.gamma));
}

export function ssviTotalVariance(p: SsviParams, theta: number, k: number): number {
  const phi = ssviPhi(p, theta);
  const z = phi * k + p.rho;
  return 0.5 * theta * (1 + p.rho * phi * k + Math.sqrt(z * z + 1 - p.rho * p.rho));
}

/** The SSVI smile at ATM total variance θ, with analytic k-derivatives. */
export function ssviSlice(p: SsviParams, theta: number): TotalVarianceSlice {
  if (!(theta > 0)) throw new RangeError('theta must be positive');
  const phi = ssviPhi(p, theta);
  const { rho } = p;
  const r = (k: number): number => {
    const z = phi * k + rho;
    return Math.sqrt(z * z + 1 - rho * rho);
  };
  return {
    w: (k) => 0.5 * theta * (1 + rho * phi * k + r(k)),
    dw: (k) => 0.5 * theta * phi * (rho + (phi * k + rho) / r(k)),
    d2w: (k) => {
      const rk = r(k);
      return (0.5 * theta * phi * phi * (1 - rho * rho)) / (rk * rk * rk);
    },
  };
}

/** Why the parameters are not in the sufficient no-arbitrage region, or null when they are. */
export function ssviParamsViolation(p: SsviParams): string | null {
  if (![p.rho, p.eta, p.gamma].every(Number.isFinite)) return 'non-finite parameter';
  if (!(Math.abs(p.rho) < 1)) return '|rho| >= 1';
  if (!(p.eta > 0)) return 'eta <= 0';
  if (!(p.gamma > 0 && p.gamma <= 0.5)) return 'gamma outside (0, 1/2]';
  if (p.eta * (1 + Math.abs(p.rho)) > 2) return 'eta·(1 + |rho|) > 2';
  return null;
}

export interface SsviConditionReport {
  /** Theorem 4.2 (butterfly): θφ(1 + |ρ|) < 4 and θφ²(1 + |ρ|) ≤ 4 at every θ checked. */
  butterflyOk: boolean;
  /** Theorem 4.1 (calendar): 0 ≤ ∂θ(θφ) ≤ (1 + √(1 − ρ²))/ρ² · φ at every θ checked (central differences). */
  calendarOk: boolean;
  /** θ values where a condition fails. */
  failingThetas: number[];
}

/** Evaluate Gatheral–Jacquier's Theorems 4.1 and 4.2 on the given θ values. */
export function ssviConditionReport(p: SsviParams, thetas: readonly number[]): SsviConditionReport {
  let butterflyOk = true;
  let calendarOk = true;
  const failingThetas: number[] = [];
  const a = Math.abs(p.rho);
  const upper = p.rho === 0 ? Number.POSITIVE_INFINITY : (1 + Math.sqrt(1 - p.rho * p.rho)) / (p.rho * p.rho);
  for (const theta of thetas) {
    const phi = ssviPhi(p, theta);
    const fly = theta * phi * (1 + a) < 4 && theta * phi * phi * (1 + a) <= 4;
    const h = 1e-6 * theta;
    const dThetaPhi = ((theta + h) * ssviPhi(p, theta + h) - (theta - h) * ssviPhi(p, theta - h)) / (2 * h);
    const cal = dThetaPhi >= -1e-9 * phi && dThetaPhi <= upper * phi * (1 + 1e-9);
    if (!fly) butterflyOk = false;
    if (!cal) calendarOk = false;
    if (!fly || !cal) failingThetas.push(theta);
  }
  return { butterflyOk, calendarOk, failingThetas };
}

/** One expiry's quotes for the global SSVI fit. */
export interface SsviExpiryQuotes {
  tYears: number;
  quotes: readonly SmileQuote[];
}

export interface SsviFit {
  params: SsviParams;
  /** ATM total variance per expiry (sorted by t, non-decreasing). */
  thetas: Array<{ tYears: number; theta: number }>;
}

/** Mid vol at k = 0 by linear interpolation between the two-sided quotes nearest either side; null if none bracket 0. */
function atmMidVol(quotes: readonly SmileQuote[]): number | null {
  let below: { k: number; v: number } | null = null;
  let above: { k: number; v: number } | null = null;
  for (const q of quotes) {
    if (q.bidVol === null || !(q.bidVol > 0)) continue;
    const v = 0.5 * (q.bidVol + q.askVol);
    if (q.k <= 0 && (!below || q.k > below.k)) below = { k: q.k, v };
    if (q.k >= 0 && (!above || q.k < above.k)) above = { k: q.k, v };
  }
  if (!below || !above) return null;
  if (above.k === below.k) return below.v;
  return below.v + ((above.v - below.v) * (0 - below.k)) / (above.k - below.k);
}

/**
 * Fit SSVI to several expiries: θ_t from the ATM mid vols (made non-decreasing by isotonic regression),
 * then (ρ, η, γ) by Nelder–Mead on the half-spread-normalized vol residuals of all two-sided quotes
 * (Huber loss, threshold 1). The search space is the sufficient no-arbitrage region itself:
 * ρ = tanh(x₀), γ = ½·logistic(x₂), η = 2/(1 + |ρ|)·logistic(x₁). Expiries with no ATM bracket are skipped.
 */
export function fitSsvi(expiries: readonly SsviExpiryQuotes[], minHalfSpreadVol = 0.0025): SsviFit | null {
  const usable = expiries
    .map((e) => ({ e, v: atmMidVol(e.quotes) }))
    .filter((x): x is { e: SsviExpiryQuotes; v: number } => x.v !== null && x.e.tYears > 0)
    .sort((x, y) => x.e.tYears - y.e.tYears);
  if (usable.length === 0) return null;
  const thetaVals = isotonicNonDecreasing(usable.map((u) => u.v * u.v * u.e.tYears));
  const thetas = usable.map((u, i) => ({ tYears: u.e.tYears, theta: thetaVals[i] ?? 0 }));
  const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
  const fromX = (x: readonly number[]): SsviParams => {
    const rho = Math.tanh(x[0] ?? 0);
    return { rho, eta: (2 / (1 + Math.abs(rho))) * logistic(x[1] ?? 0), gamma: 0.5 * logistic(x[2] ?? 0) };
  };
  const objective = (x: readonly number[]): number => {
    const p = fromX(x);
    let loss = 0;
    usable.forEach((u, i) => {
      const theta = thetas[i]?.theta ?? 0;
      for (const q of u.e.quotes) {
        if (q.bidVol === null || !(q.bidVol > 0)) continue;
        const half = Math.max(0.5 * (q.askVol - q.bidVol), minHalfSpreadVol);
        const v = Math.sqrt(Math.max(ssviTotalVariance(p, theta, q.k), 0) / u.e.tYears);
        const e = Math.abs(v - 0.5 * (q.askVol + q.bidVol)) / half;
        loss += e <= 1 ? 0.5 * e * e : e - 0.5;
      }
    });
    return loss;
  };
  let best = { x: [0, 0, 0], f: Number.POSITIVE_INFINITY };
  for (const x0 of [
    [-0.5, 0, 0],
    [0.5, 0, 0],
    [0, 1, -1],
  ]) {
    const r = nelderMead(objective, x0, {
      step: [0.5, 0.5, 0.5],
      maxEvaluations: 600,
      fTolerance: 1e-10,
      xTolerance: 1e-8,
    });
    if (r.f < best.f) best = r;
  }
  return { params: fromX(best.x), thetas };
}
