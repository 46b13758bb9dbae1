/**
 * A small seeded 7-regime Markov-switching market with KNOWN regimes, for training and scoring
 * the regime classifier. Stand-in only: it will be replaced by the engine's regime-switching
 * simulator (packages/engine/sim, a later issue) once that exists; the classifier and its
 * features do not depend on how the paths were made.
 *
 * Daily steps (dt = 1/252). The regime sojourn is geometric with the regime's mean duration; the
 * next regime is drawn from TRANSITIONS (structured, e.g. crashes are followed by vol crush more
 * often than by a calm bull, so the stationary mix is uneven and "always the majority class" is a
 * real baseline). Per day, with regime parameters (REGIME_PARAMS):
 *   log σ ← log σ + κ·(log σ̄ − log σ) + trend + ξ·ε₁, clamped to [0.06, 1.2]    (σ annual)
 *   r     = μ·dt − ρ·(log P − anchor) + σ·√dt·ε₂ + J,  J ~ N(jumpMean, jumpSd²) w.p. jumpProb
 *   log P ← log P + r;  anchor = log P when the regime began (range-bound pulls back to it)
 *   iv    = σ·exp(0.05·ε₃)     (an implied-vol quote: the true σ seen through 5% noise)
 * Signatures: calm bull μ +60%, σ̄ 12%; volatile bull μ +80%, σ̄ 35%, symmetric jumps; calm bear
 * μ −50%, σ̄ 18%; crash μ −250%, σ̄ 70%, down-jumps 15%/day; range-bound μ 0, σ̄ 12%, pull-back
 * 15%/day; vol expansion log σ +5%/day, mild down drift; vol crush log σ −5%/day, mild up drift.
 */
import { createRng } from '@zomma/engine/rng';

export const REGIMES = [
  'calm-bull',
  'volatile-bull',
  'calm-bear',
  'crash',
  'range-bound',
  'vol-expansion',
  'vol-crush',
] as const;
export type Regime = (typeof REGIMES)[number];

export interface RegimeParams {
  /** Annual drift of log price. */
  mu: number;
  /** Vol level σ̄ (annual) that log σ reverts to at daily speed κ. */
  volTarget: number;
  kappa: number;
  /** Daily drift of log σ (vol expansion/crush). */
  volTrend: number;
  /** Daily sd of log σ shocks (vol of vol). */
  volOfVol: number;
  jumpProb: number;
  jumpMean: number;
  jumpSd: number;
  /** Daily pull of log price back to its level at regime start (range-bound). */
  pullBack: number;
  /** Mean sojourn in days. */
  meanDays: number;
}

const base = { kappa: 0.2, volTrend: 0, jumpProb: 0, jumpMean: 0, jumpSd: 0, pullBack: 0 };

export const REGIME_PARAMS: Readonly<Record<Regime, RegimeParams>> = {
  'calm-bull': { ...base, mu: 0.6, volTarget: 0.12, volOfVol: 0.03, meanDays: 40 },
  'volatile-bull': {
    ...base,
    mu: 0.8,
    volTarget: 0.35,
    volOfVol: 0.08,
    jumpProb: 0.03,
    jumpSd: 0.03,
    meanDays: 30,
  },
  'calm-bear': { ...base, mu: -0.5, volTarget: 0.18, volOfVol: 0.03, meanDays: 30 },
  crash: {
    ...base,
    mu: -2.5,
    volTarget: 0.7,
    kappa: 0.3,
    volOfVol: 0.1,
    jumpProb: 0.15,
    jumpMean: -0.04,
    jumpSd: 0.03,
    meanDays: 12,
  },
  'range-bound': { ...base, mu: 0, volTarget: 0.12, volOfVol: 0.02, pullBack: 0.15, meanDays: 40 },
  'vol-expansion': {
    ...base,
    mu: -0.2,
    kappa: 0,
    volTarget: 0.2,
    volTrend: 0.05,
    volOfVol: 0.05,
    jumpProb: 0.02,
    jumpMean: -0.01,
    jumpSd: 0.02,
    meanDays: 15,
  },
  'vol-crush': { ...base, mu: 0.3, kappa: 0, volTarget: 0.2, volTrend: -0.05, volOfVol: 0.03, meanDays: 15 },
};

/** Relative odds of the next regime (rows: from, in REGIMES order); the diagonal is unused. */
export const TRANSITIONS: readonly (readonly number[])[] = [
  // cb   vb   cbr  cr   rng  vexp vcr
  [0, 2, 1, 0.5, 2, 2, 0], // calm-bull
  [1, 0, 0.5, 1, 0.5, 1, 2], // volatile-bull
  [1, 0.5, 0, 1, 1, 2, 0], // calm-bear
  [0, 1, 1, 0, 0, 0.5, 3], // crash
  [2, 0.5, 1, 0, 0, 2, 0], // range-bound
  [0, 1, 1, 2, 0, 0, 2], // vol-expansion
  [2, 0.5, 1, 0, 2, 0, 0], // vol-crush
];

export interface RegimePath {
  /** Daily log returns. */
  returns: Float64Array;
  /** Daily implied-vol quotes (annual, decimal). */
  iv: Float64Array;
  /** True regime index per day (into REGIMES). */
  regime: Uint8Array;
}

const DT = 1 / 252;
const [VOL_MIN, VOL_MAX] = [0.06, 1.2];

/** `days` days of the Markov-switching market from `seed` (starts in calm-bull, σ 12%). */
export function generateRegimePath(days: number, seed: number): RegimePath {
  const rng = createRng(seed);
  const returns = new Float64Array(days);
  const iv = new Float64Array(days);
  const regime = new Uint8Array(days);
  let k = 0;
  let left = 0;
  let logVol = Math.log(0.12);
  let logP = 0;
  let anchor = 0;
  for (let t = 0; t < days; t++) {
    if (left <= 0) {
      if (t > 0) k = drawNext(k, rng.next());
      const p = REGIME_PARAMS[REGIMES[k] as Regime];
      left = 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - 1 / p.meanDays)); // geometric, ≥ 1
      anchor = logP;
    }
    left--;
    const p = REGIME_PARAMS[REGIMES[k] as Regime];
    logVol += p.kappa * (Math.log(p.volTarget) - logVol) + p.volTrend + p.volOfVol * rng.normal();
    logVol = Math.min(Math.log(VOL_MAX), Math.max(Math.log(VOL_MIN), logVol));
    const vol = Math.exp(logVol);
    let r = p.mu * DT - p.pullBack * (logP - anchor) + vol * Math.sqrt(DT) * rng.normal();
    if (p.jumpProb > 0 && rng.next() < p.jumpProb) r += p.jumpMean + p.jumpSd * rng.normal();
    logP += r;
    returns[t] = r;
    iv[t] = vol * Math.exp(0.05 * rng.normal());
    regime[t] = k;
  }
  return { returns, iv, regime };
}

function drawNext(from: number, u: number): number {
  const row = TRANSITIONS[from] ?? [];
  const total = row.reduce((a, w, j) => a + (j === from ? 0 : w), 0);
  let acc = 0;
  for (let j = 0; j < row.length; j++) {
    if (j === from) continue;
    acc += (row[j] ?? 0) / total;
    if (u < acc) return j;
  }
  return from === 0 ? 1 : 0;
}

/**
 * Per-step features of a window (all O(1)): ret = r/0.02, absRet = |r|/0.02, logIv = ln(iv/0.25),
 * dLogIv = Δ ln iv / 0.05 (0 on a path's first day).
 */
export const REGIME_FEATURES = ['ret', 'absRet', 'logIv', 'dLogIv'] as const;

export interface RegimeWindows {
  /** [n, steps, 4] row-major, float32. */
  x: Float32Array;
  /** Regime at each window's last day. */
  labels: BigInt64Array;
  size: number;
  steps: number;
}

/** Windows of `steps` days ending every `stride` days (the first ends on day `steps`). */
export function regimeWindows(path: RegimePath, steps: number, stride: number): RegimeWindows {
  const days = path.returns.length;
  const F = REGIME_FEATURES.length;
  const ends: number[] = [];
  for (let e = steps; e <= days; e += stride) ends.push(e);
  const x = new Float32Array(ends.length * steps * F);
  const labels = new BigInt64Array(ends.length);
  ends.forEach((end, i) => {
    for (let s = 0; s < steps; s++) {
      const t = end - steps + s;
      const r = path.returns[t] ?? 0;
      const lv = Math.log(path.iv[t] ?? 0.25);
      const prev = t > 0 ? Math.log(path.iv[t - 1] ?? 0.25) : lv;
      const o = (i * steps + s) * F;
      x[o] = r / 0.02;
      x[o + 1] = Math.abs(r) / 0.02;
      x[o + 2] = lv - Math.log(0.25);
      x[o + 3] = (lv - prev) / 0.05;
    }
    labels[i] = BigInt(path.regime[end - 1] ?? 0);
  });
  return { x, labels, size: ends.length, steps };
}
