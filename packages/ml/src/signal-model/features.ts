/**
 * Features of the learned signal model, computed point in time from the underlying's quote
 * history (price and at-the-money implied vol, as the simulator stores them).
 *
 * Every feature is dimensionless or an annualized vol, so its distribution does not depend on the
 * quote interval: the model is trained on daily synthetic paths (Δt = 1/365 y) and served on the
 * worker's 2-second ticks (Δt = 2 s / 365 d). Raw returns over a window scale with √(w·Δt) and
 * would not transfer; we use them divided by vol·√(w·Δt) (z-scores) instead. Realized vols are
 * zero-mean close-to-close estimators, √(Σ r² / (w·Δt)), annualized with the same Δt the simulator
 * steps with (ACT/365), so they estimate the path's true vol at any interval.
 *
 * Point in time: only quotes at or before `asOf` are read, and only the newest LOOKBACK_RETURNS + 1
 * of those; a quote after `asOf` (e.g. a tick stored between reading the latest quote and the
 * history) cannot change any feature.
 */

/** Returns in the longest window: the model needs LOOKBACK_RETURNS + 1 quotes. */
export const LOOKBACK_RETURNS = 60;

/** Ratio features are clamped to [0, RATIO_CAP] (a flat price path has zero realized vol). */
export const RATIO_CAP = 20;

/** One stored quote: price and at-the-money implied vol (annual decimal). */
export interface QuotePoint {
  at: Date;
  price: number;
  vol: number;
}

export interface FeatureSpec {
  name: string;
  description: string;
}

/** The feature vector's layout (the ONNX input's columns, in order). */
export const SIGNAL_FEATURES: readonly FeatureSpec[] = [
  { name: 'mom_z_5', description: 'sum of the last 5 log returns / (vol·√(5·Δt))' },
  { name: 'mom_z_10', description: 'sum of the last 10 log returns / (vol·√(10·Δt))' },
  { name: 'mom_z_20', description: 'sum of the last 20 log returns / (vol·√(20·Δt))' },
  {
    name: 'mom_z_60',
    description: "sum of the last 60 log returns / (vol·√(60·Δt)) (the baseline rule's z)",
  },
  { name: 'trend_t_60', description: 't-statistic of the mean return over 60 returns (√60·mean/rms)' },
  { name: 'rv_10', description: 'realized vol of the last 10 returns, annualized' },
  { name: 'rv_20', description: 'realized vol of the last 20 returns, annualized' },
  { name: 'rv_60', description: 'realized vol of the last 60 returns, annualized' },
  { name: 'rv_ratio_10_60', description: 'rv_10 / rv_60 (realized vol trend)' },
  { name: 'vol', description: 'implied (ATM) vol of the latest quote' },
  { name: 'vol_minus_rv_20', description: 'vol − rv_20 (implied over realized, vol points as decimals)' },
  { name: 'vol_minus_rv_60', description: 'vol − rv_60' },
  { name: 'vol_over_rv_60', description: 'vol / rv_60 (capped at 20)' },
  {
    name: 'rv_over_iv_path_60',
    description:
      'rms of each return / (implied vol at its start·√Δt) over 60 returns: realized-to-implied ratio',
  },
  { name: 'vol_change_20', description: 'ln(vol now / vol 20 quotes ago)' },
  { name: 'vol_z_60', description: '(vol − mean vol) / sd vol over the 61 quotes (0 when vol is constant)' },
  { name: 'efficiency_60', description: 'sum of returns / sum of |returns| over 60 (−1…1)' },
  { name: 'up_fraction_60', description: 'fraction of the 60 returns that are positive' },
  { name: 'ma_gap_z_60', description: '(ln price − mean ln price over 61 quotes) / (vol·√(60·Δt))' },
  { name: 'drawdown_z_60', description: '(ln price − max ln price over 61 quotes) / (vol·√(60·Δt)) (≤ 0)' },
  { name: 'runup_z_60', description: '(ln price − min ln price over 61 quotes) / (vol·√(60·Δt)) (≥ 0)' },
  { name: 'downside_share_60', description: 'share of Σ r² from negative returns over 60 (0…1)' },
];

export const SIGNAL_FEATURE_NAMES: readonly string[] = SIGNAL_FEATURES.map((f) => f.name);
export const N_SIGNAL_FEATURES = SIGNAL_FEATURES.length;

export type FeatureResult =
  | { ok: true; values: Float64Array; asOf: Date }
  | { ok: false; reason: 'INSUFFICIENT_HISTORY'; quotes: number };

const clampRatio = (x: number) => (Number.isFinite(x) ? Math.min(RATIO_CAP, Math.max(0, x)) : RATIO_CAP);
/** a / b with 0/0 = 0 (a flat window), used where both vanish together. */
const safeDiv = (a: number, b: number) => (b > 0 ? a / b : 0);

/**
 * The feature vector at `asOf` from quotes in any order (the handler reads them newest first).
 * `intervalYears` is the time between consecutive quotes (ACT/365 years). Throws RangeError on a
 * corrupt quote (non-positive or non-finite price or vol) or a bad interval: the repositories
 * validate quotes, so this is a programmer error.
 */
export function computeFeatures(
  quotes: readonly QuotePoint[],
  opts: { asOf: Date; intervalYears: number },
): FeatureResult {
  const { intervalYears: dt } = opts;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError('intervalYears must be positive');
  const cutoff = opts.asOf.getTime();
  const past = quotes.filter((q) => q.at.getTime() <= cutoff).sort((a, b) => a.at.getTime() - b.at.getTime());
  const n = LOOKBACK_RETURNS;
  if (past.length < n + 1) return { ok: false, reason: 'INSUFFICIENT_HISTORY', quotes: past.length };
  const window = past.slice(past.length - (n + 1));
  for (const q of window) {
    if (!(q.price > 0 && q.vol > 0 && Number.isFinite(q.price) && Number.isFinite(q.vol))) {
      throw new RangeError(`corrupt quote at ${q.at.toISOString()}`);
    }
  }
  const logP = window.map((q) => Math.log(q.price));
  const vols = window.map((q) => q.vol);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = (logP[i + 1] as number) - (logP[i] as number);
  const vol = vols[n] as number;

  const tail = (w: number) => r.subarray(n - w);
  const sum = (a: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] as number;
    return s;
  };
  const sumSq = (a: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += (a[i] as number) ** 2;
    return s;
  };
  const momZ = (w: number) => sum(tail(w)) / (vol * Math.sqrt(w * dt));
  const rv = (w: number) => Math.sqrt(sumSq(tail(w)) / (w * dt));

  const rv10 = rv(10);
  const rv20 = rv(20);
  const rv60 = rv(60);
  const total = sum(r);
  const totalSq = sumSq(r);
  let absSum = 0;
  let ups = 0;
  let downSq = 0;
  let pathRatioSq = 0;
  for (let i = 0; i < n; i++) {
    const x = r[i] as number;
    absSum += Math.abs(x);
    if (x > 0) ups++;
    if (x < 0) downSq += x * x;
    pathRatioSq += (x * x) / ((vols[i] as number) ** 2 * dt);
  }
  const meanVol = sum(vols) / vols.length;
  let varVol = 0;
  for (const v of vols) varVol += (v - meanVol) ** 2;
  const sdVol = Math.sqrt(varVol / vols.length);
  const meanLogP = sum(logP) / logP.length;
  const scale = vol * Math.sqrt(n * dt);
  const last = logP[n] as number;

  const values = Float64Array.from([
    momZ(5),
    momZ(10),
    momZ(20),
    momZ(60),
    safeDiv(Math.sqrt(n) * (total / n), Math.sqrt(totalSq / n)),
    rv10,
    rv20,
    rv60,
    rv60 > 0 ? clampRatio(rv10 / rv60) : 1,
    vol,
    vol - rv20,
    vol - rv60,
    clampRatio(vol / rv60),
    clampRatio(Math.sqrt(pathRatioSq / n)),
    Math.log(vol / (vols[n - 20] as number)),
    // Relative spread under 1e-12 is rounding noise of a constant vol, not a move.
    sdVol > 1e-12 * meanVol ? (vol - meanVol) / sdVol : 0,
    safeDiv(total, absSum),
    ups / n,
    (last - meanLogP) / scale,
    (last - Math.max(...logP)) / scale,
    (last - Math.min(...logP)) / scale,
    totalSq > 0 ? downSq / totalSq : 0.5,
  ]);
  return { ok: true, values, asOf: (window[n] as QuotePoint).at };
}

/** Features as a name → value record (for rationales and logs). */
export function featureRecord(values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  SIGNAL_FEATURE_NAMES.forEach((name, j) => {
    out[name] = values[j] as number;
  });
  return out;
}
