/**
 * Chance of profit and expected P&L at the horizon under a distribution of the underlying price
 * S_T there: lognormal at one vol, or the implied distribution of a fitted total-variance slice
 * (SVI) by Breeden–Litzenberger.
 *
 * Closed forms. Profit intervals come from the breakevens (`profitLoss`), so
 * P(profit) = Σ over intervals [a, b] of CDF(b) − CDF(a). For the slice the CDF is the exact first
 * Breeden–Litzenberger derivative: with undiscounted call c(K) = F·N(d₊) − K·N(d₋), d± = −k/√w ± √w/2,
 * k = ln(K/F), P(S_T > K) = −∂c/∂K = N(d₋) − φ(d₋)·w′(k)/(2√w), and the density
 * e^{rT}∂²C/∂K² = g(k)·φ(d₋)/(√w·K) with Durrleman's g (≥ 0 iff the slice is butterfly-free).
 * A flat slice (w′ = 0) gives exactly the lognormal N(d₋).
 * Expected value (undiscounted, at the horizon, minus the cost paid today): legs expiring at the
 * horizon use E[(S−K)⁺] = c(K) and E[(K−S)⁺] = c(K) − F + K, stock uses E[S] = F; legs alive after
 * the horizon (BSM value at the horizon) are integrated numerically against the density in k with
 * composite Simpson on ±12 standard deviations (relative accuracy ~1e-8 for smooth values).
 */

import type { PositionLeg } from '../portfolio/position.ts';
import { normCdf, normPdf } from '../pricing/normal.ts';
import type { Surface } from '../surface/surface.ts';
import { sliceG, type TotalVarianceSlice } from '../surface/svi.ts';
import { type HorizonContext, horizonPnl, profitLoss } from './payoff.ts';

/** The distribution of S_T at the horizon. */
export interface HorizonDistribution {
  /** E[S_T]. */
  forward: number;
  /** P(S_T ≤ s); s ≥ 0. */
  cdf(s: number): number;
  /** E[(S_T − K)⁺] (undiscounted). */
  expectedCall(strike: number): number;
  /** Density of k = ln(S_T/F). */
  densityK(k: number): number;
  /** Density of S_T at s > 0 (Breeden–Litzenberger e^{rT}∂²C/∂K² for the slice). */
  density(s: number): number;
  /** Range of k holding all but a negligible mass (±12 standard deviations). */
  kRange: readonly [number, number];
}

/** The two Black quantities at strike K for forward F and total variance w. */
function blackUndiscounted(forward: number, strike: number, w: number): { call: number; dm: number } {
  if (strike <= 0) return { call: forward - strike, dm: Infinity };
  const k = Math.log(strike / forward);
  if (!(w > 0)) return { call: Math.max(0, forward - strike), dm: k < 0 ? Infinity : -Infinity };
  const s = Math.sqrt(w);
  const dm = -k / s - s / 2;
  return { call: forward * normCdf(dm + s) - strike * normCdf(dm), dm };
}

/**
 * Lognormal S_T = S₀·exp((μ − σ²/2)T + σ√T·Z); μ defaults to the risk-neutral r − q.
 */
export function lognormalHorizon(
  spot: number,
  vol: number,
  tYears: number,
  drift: number,
): HorizonDistribution {
  if (!(spot > 0 && vol > 0 && tYears > 0)) throw new RangeError('lognormal needs spot, vol, tYears > 0');
  const forward = spot * Math.exp(drift * tYears);
  const w = vol * vol * tYears;
  const sd = Math.sqrt(w);
  const densityK = (k: number) => normPdf((k + w / 2) / sd) / sd;
  return {
    forward,
    cdf: (s) => (s <= 0 ? 0 : normCdf((Math.log(s / forward) + w / 2) / sd)),
    expectedCall: (kk) => blackUndiscounted(forward, kk, w).call,
    densityK,
    density: (s) => (s > 0 ? densityK(Math.log(s / forward)) / s : 0),
    kRange: [-w / 2 - 12 * sd, -w / 2 + 12 * sd],
  };
}

/** The implied (Breeden–Litzenberger) distribution of a total-variance slice at forward F. */
export function sliceHorizon(slice: TotalVarianceSlice, forward: number): HorizonDistribution {
  if (!(forward > 0)) throw new RangeError('forward must be positive');
  const densityK = (k: number): number => {
    const w = slice.w(k);
    if (!(w > 0)) return 0;
    const dm = -k / Math.sqrt(w) - Math.sqrt(w) / 2;
    return (sliceG(slice, k) * normPdf(dm)) / Math.sqrt(w);
  };
  const sd = Math.sqrt(Math.max(slice.w(0), 1e-12));
  return {
    forward,
    cdf: (s) => {
      if (s <= 0) return 0;
      const k = Math.log(s / forward);
      const w = slice.w(k);
      const { dm } = blackUndiscounted(forward, s, w);
      const above = w > 0 ? normCdf(dm) - (normPdf(dm) * slice.dw(k)) / (2 * Math.sqrt(w)) : k < 0 ? 1 : 0;
      return 1 - above;
    },
    expectedCall: (kk) => blackUndiscounted(forward, kk, kk > 0 ? slice.w(Math.log(kk / forward)) : 0).call,
    densityK,
    density: (s) => (s > 0 ? densityK(Math.log(s / forward)) / s : 0),
    kRange: [-12 * sd - sd * sd, 12 * sd],
  };
}

/** Composite Simpson of f over [a, b] with n (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, n = 2000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** P(P&L at the horizon > 0) under `dist`. */
export function chanceOfProfit(
  legs: readonly PositionLeg[],
  ctx: HorizonContext,
  dist: HorizonDistribution,
): number {
  const h = horizonPnl(legs, ctx);
  const bes = profitLoss(legs, ctx).breakevens;
  const cuts = [0, ...bes.filter((b) => b > 0), Infinity];
  let p = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i] ?? 0;
    const b = cuts[i + 1] ?? Infinity;
    if (b <= a) continue;
    // A point strictly inside the interval tells its sign (the P&L does not cross zero inside).
    const mid = b === Infinity ? Math.max(2 * a, a + 1) : (a + b) / 2;
    if (h.pnl(mid) > 0) p += (b === Infinity ? 1 : dist.cdf(b)) - dist.cdf(a);
  }
  return Math.min(1, Math.max(0, p));
}

/** E[P&L at the horizon] under `dist` (undiscounted; cost paid today subtracted as is). */
export function expectedPnl(
  legs: readonly PositionLeg[],
  ctx: HorizonContext,
  dist: HorizonDistribution,
): number {
  const h = horizonPnl(legs, ctx);
  const horizon = h.horizon?.getTime() ?? Number.NEGATIVE_INFINITY;
  const F = dist.forward;
  let ev = -h.netDebit;
  const alive: PositionLeg[] = [];
  for (const l of legs) {
    const i = l.instrument;
    if (i.kind === 'stock') ev += l.quantity * F;
    else if (i.expiry.getTime() > horizon) alive.push(l);
    else {
      const c = dist.expectedCall(i.strike);
      ev += l.quantity * i.multiplier * (i.right === 'call' ? c : c - F + i.strike);
    }
  }
  if (alive.length > 0) {
    // Value at the horizon of the later legs only: their P&L function with zero cost.
    const free = alive.map((l) => ({ ...l, entryPrice: 0 }));
    const later = horizonPnl(free, ctx, h.horizon);
    const [a, b] = dist.kRange;
    ev += simpson((k) => later.pnl(F * Math.exp(k)) * dist.densityK(k), a, b, 4000);
  }
  return ev;
}

/** The implied distribution at `tYears` of a fitted surface (its slice there), forward F. */
export function surfaceHorizon(surface: Surface, forward: number, tYears: number): HorizonDistribution {
  return sliceHorizon(surface.sliceAt(tYears), forward);
}
