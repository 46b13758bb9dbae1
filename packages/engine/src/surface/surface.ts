/**
 * Volatility surfaces in total variance w(k, t), k = ln(K/F_t) (log-forward-moneyness), t in years.
 *
 * Interpolation across expiries is linear in t at fixed k between fitted slices (t₁ < … < tₙ), which
 * keeps w non-decreasing in t whenever the slices are calendar-free. Extrapolation keeps each k's
 * implied vol flat: w(k, t) = (t/t₁)·w₁(k) before the first slice and (t/tₙ)·wₙ(k) after the last.
 * Scaling a butterfly-free slice down by λ ∈ [0, 1] stays butterfly-free (g is concave in λ and
 * non-negative at both ends), so the short end is safe; the long-end extrapolation and the
 * in-between interpolation are checked, not guaranteed (use checkButterfly on `sliceAt(t)`).
 */
import { type CalendarReport, checkCalendar, type DatedSlice, uniformGrid } from './arbitrage.ts';
import { type SsviParams, ssviSlice } from './ssvi.ts';
import { type SviParams, sviSlice, type TotalVarianceSlice } from './svi.ts';
import { fitSviSmile, type SmileQuote, type SviSmileFit, type SviSmileFitOptions } from './svi-fit.ts';
import { refitSviArbitrageFree } from './svi-repair.ts';

export interface Surface {
  /** Expiries (years) of the slices the surface was built from, increasing. */
  readonly expiries: readonly number[];
  /** Total implied variance σ²·t at log-forward-moneyness k and time t (years, > 0). */
  totalVariance(k: number, tYears: number): number;
  /** Implied vol √(w/t). */
  impliedVol(k: number, tYears: number): number;
  /** The smile at time t as a slice (for arbitrage checks). */
  sliceAt(tYears: number): TotalVarianceSlice;
}

function assertT(tYears: number): void {
  if (!(tYears > 0) || !Number.isFinite(tYears)) throw new RangeError('tYears must be positive and finite');
}

/** Linear-in-t interpolation between slices; flat-vol extrapolation at both ends. Slices sorted by t. */
export function surfaceFromSlices(slices: readonly DatedSlice[]): Surface {
  if (slices.length === 0) throw new RangeError('a surface needs at least one slice');
  for (let i = 1; i < slices.length; i++) {
    if (!((slices[i]?.tYears ?? 0) > (slices[i - 1]?.tYears ?? 0)))
      throw new RangeError('slices must be sorted by t');
  }
  const ts = slices.map((s) => s.tYears);
  const sliceAt = (t: number): TotalVarianceSlice => {
    assertT(t);
    const first = slices[0];
    const last = slices[slices.length - 1];
    if (!first || !last) throw new RangeError('empty surface');
    let lo = first;
    let hi = first;
    let alpha = 0;
    let scale = 1;
    if (t <= first.tYears) scale = t / first.tYears;
    else if (t >= last.tYears) {
      lo = last;
      hi = last;
      scale = t / last.tYears;
    } else {
      let j = 1;
      while ((slices[j]?.tYears ?? Number.POSITIVE_INFINITY) < t) j++;
      lo = slices[j - 1] ?? first;
      hi = slices[j] ?? last;
      alpha = (t - lo.tYears) / (hi.tYears - lo.tYears);
    }
    const a = lo.slice;
    const b = hi.slice;
    const mix = (f: (s: TotalVarianceSlice, k: number) => number) => (k: number) =>
      scale * ((1 - alpha) * f(a, k) + alpha * f(b, k));
    return { w: mix((s, k) => s.w(k)), dw: mix((s, k) => s.dw(k)), d2w: mix((s, k) => s.d2w(k)) };
  };
  return {
    expiries: ts,
    totalVariance: (k, t) => sliceAt(t).w(k),
    impliedVol: (k, t) => Math.sqrt(Math.max(sliceAt(t).w(k), 0) / t),
    sliceAt,
  };
}

/**
 * SSVI surface: θ(t) linear in t between the fitted nodes, θ(t) = θ₁·t/t₁ before the first and
 * θₙ·t/tₙ after the last (so θ stays non-decreasing), w(k, t) = SSVI(θ(t), k).
 */
export function surfaceFromSsvi(
  params: SsviParams,
  thetas: ReadonlyArray<{ tYears: number; theta: number }>,
): Surface {
  if (thetas.length === 0) throw new RangeError('SSVI surface needs at least one theta node');
  const nodes = [...thetas].sort((x, y) => x.tYears - y.tYears);
  const thetaAt = (t: number): number => {
    assertT(t);
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    if (!first || !last) throw new RangeError('empty surface');
    if (t <= first.tYears) return (first.theta * t) / first.tYears;
    if (t >= last.tYears) return (last.theta * t) / last.tYears;
    let j = 1;
    while ((nodes[j]?.tYears ?? Number.POSITIVE_INFINITY) < t) j++;
    const lo = nodes[j - 1] ?? first;
    const hi = nodes[j] ?? last;
    return lo.theta + ((hi.theta - lo.theta) * (t - lo.tYears)) / (hi.tYears - lo.tYears);
  };
  const sliceAt = (t: number): TotalVarianceSlice => ssviSlice(params, thetaAt(t));
  return {
    expiries: nodes.map((n) => n.tYears),
    totalVariance: (k, t) => sliceAt(t).w(k),
    impliedVol: (k, t) => Math.sqrt(Math.max(sliceAt(t).w(k), 0) / t),
    sliceAt,
  };
}

export interface SviSurfaceFit {
  surface: Surface;
  /** Per input expiry (same order), the slice fit; expiries that failed are left out of the surface. */
  fits: Array<{ tYears: number; fit: SviSmileFit; calendarRepaired: boolean }>;
  /** Calendar check of consecutive fitted slices on each pair's grid (`earlier`/`later` index the surface's expiries). */
  calendar: CalendarReport;
}

/** Quoted k range (two-sided quotes) of a smile. */
function quotedRange(quotes: readonly SmileQuote[]): { lo: number; hi: number } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const q of quotes) {
    if (q.bidVol === null || !(q.bidVol > 0)) continue;
    lo = Math.min(lo, q.k);
    hi = Math.max(hi, q.k);
  }
  return { lo, hi };
}

/**
 * Fit raw SVI per expiry, then walk expiries in t order: where a slice dips below the previous one
 * (calendar arbitrage) refit it with that slice as a floor, keeping its butterfly constraint. The
 * calendar grid of a pair is `opts.calendarGrid` when given, else 61 points on the overlap of the two
 * expiries' quoted k ranges: raising a well-quoted slice to meet another slice's unquoted, extrapolated
 * wing would trade real fit for a model artefact. Returns null when no expiry could be fitted.
 */
export function fitSviSurface(
  expiries: ReadonlyArray<{ tYears: number; quotes: readonly SmileQuote[] }>,
  opts: SviSmileFitOptions & { calendarGrid?: readonly number[] } = {},
): SviSurfaceFit | null {
  const order = expiries.map((e, i) => ({ e, i })).sort((x, y) => x.e.tYears - y.e.tYears);
  const fits: SviSurfaceFit['fits'] = expiries.map((e) => ({
    tYears: e.tYears,
    fit: { ok: false, reason: 'TOO_FEW_QUOTES' },
    calendarRepaired: false,
  }));
  const kept: Array<{ tYears: number; params: SviParams; range: { lo: number; hi: number } }> = [];
  const pairGrid = (a: { lo: number; hi: number }, b: { lo: number; hi: number }): readonly number[] => {
    if (opts.calendarGrid) return opts.calendarGrid;
    const lo = Math.max(a.lo, b.lo);
    const hi = Math.min(a.hi, b.hi);
    return hi > lo ? uniformGrid(lo, hi, 61) : [];
  };
  const grids: Array<readonly number[]> = [];
  for (const { e, i } of order) {
    let fit = fitSviSmile(e.quotes, e.tYears, opts);
    let calendarRepaired = false;
    const prev = kept[kept.length - 1];
    const range = quotedRange(e.quotes);
    const grid = prev ? pairGrid(prev.range, range) : [];
    if (fit.ok && prev && prev.tYears < e.tYears) {
      const floorSlice = sviSlice(prev.params);
      const floor = (k: number): number => floorSlice.w(k);
      const current = sviSlice(fit.params);
      if (grid.some((k) => current.w(k) < floor(k))) {
        // Same data and weights as the free fit's first round (mid targets, half-spread units), with the floor.
        const pts = e.quotes
          .filter((q) => q.bidVol !== null && q.bidVol > 0)
          .map((q) => {
            const mid = 0.5 * ((q.bidVol ?? 0) + q.askVol);
            const s = 2 * mid * e.tYears * Math.max(0.5 * (q.askVol - (q.bidVol ?? 0)), 0.0025);
            return { k: q.k, w: mid * mid * e.tYears, weight: 1 / (s * s) };
          });
        const r = refitSviArbitrageFree(fit.params, pts, {
          floor,
          floorGrid: grid,
          kMin: fit.kMin,
          kMax: fit.kMax,
        });
        if (r.ok) {
          fit = { ...fit, params: r.params };
          calendarRepaired = true;
        }
      }
    }
    fits[i] = { tYears: e.tYears, fit, calendarRepaired };
    if (fit.ok && (!prev || e.tYears > prev.tYears)) {
      if (prev) grids.push(grid);
      kept.push({ tYears: e.tYears, params: fit.params, range });
    }
  }
  if (kept.length === 0) return null;
  const dated = kept.map((s) => ({ tYears: s.tYears, slice: sviSlice(s.params) }));
  const violations: CalendarReport['violations'] = [];
  for (let j = 1; j < dated.length; j++) {
    const pair = [dated[j - 1], dated[j]].filter((d): d is DatedSlice => d !== undefined);
    for (const v of checkCalendar(pair, grids[j - 1] ?? []).violations) {
      violations.push({ ...v, earlier: j - 1, later: j });
    }
  }
  return { surface: surfaceFromSlices(dated), fits, calendar: { ok: violations.length === 0, violations } };
}
