/**
 * P&L at the horizon (the first option expiry) of any set of `PositionLeg`s, in currency for the
 * whole position: value at the horizon minus the net cost paid (Σ quantity·multiplier·entryPrice).
 *
 * Single expiry (and stock): the P&L is piecewise linear in the underlying price S with kinks at
 * the strikes, so max profit/loss and breakevens are exact: values at 0 and at each strike plus the
 * slope beyond the highest strike (unlimited when it is non-zero).
 *
 * Several expiries (calendars, diagonals): by choice, the analysis is at the NEAR expiry; legs that
 * expire then pay intrinsic, later legs are valued by Black–Scholes–Merton for their remaining time
 * at `volOf` (market rate and yield unchanged). That P&L is smooth between strikes, so extremes
 * come from a dense log grid refined by golden-section search (relative accuracy ~1e-9 in S) and
 * breakevens from sign changes on the grid refined by bisection to machine precision. The slope as
 * S → ∞ is exact: stock + expiring calls + later calls × e^{−qτ}. So with a dividend yield q > 0 a
 * call calendar (short near, long far) reports maxLoss 'unlimited': its P&L falls like
 * −(1 − e^{−qτ}) per $ of S far above the strike (≈ −0.08 per $ per contract at q = 1%, τ = 4 weeks).
 */

import { MS_PER_YEAR, type PositionLeg, type UnderlyingMarket, type VolOf } from '../portfolio/position.ts';
import { priceEuropean } from '../pricing/black-scholes.ts';

export interface HorizonContext {
  market: UnderlyingMarket;
  asOf: Date;
  /** Vol of each option leg (for legs alive after the horizon and for probabilities). */
  volOf: VolOf;
}

type OptionLeg = Parameters<VolOf>[0];
const isOption = (l: PositionLeg): l is OptionLeg => l.instrument.kind === 'option';
const mult = (l: PositionLeg): number => (l.instrument.kind === 'option' ? l.instrument.multiplier : 1);

/** Net premium in currency: positive = debit paid, negative = credit received. Needs entryPrice. */
export function netDebit(legs: readonly PositionLeg[]): number {
  let c = 0;
  for (const l of legs) {
    if (l.entryPrice === undefined) throw new RangeError('analytics need entryPrice on every leg');
    c += l.quantity * mult(l) * l.entryPrice;
  }
  return c;
}

/** The first option expiry (the horizon), or undefined for stock only. */
export function horizonOf(legs: readonly PositionLeg[]): Date | undefined {
  let h: number | undefined;
  for (const l of legs)
    if (l.instrument.kind === 'option') h = Math.min(h ?? Infinity, l.instrument.expiry.getTime());
  return h === undefined ? undefined : new Date(h);
}

export interface HorizonPnl {
  horizon: Date | undefined;
  /** Years from asOf to the horizon (0 for stock only). */
  tYears: number;
  /** True when every option expires at the horizon: P&L exactly piecewise linear. */
  linear: boolean;
  /** Distinct strikes, ascending. */
  strikes: number[];
  netDebit: number;
  /** P&L at the horizon for underlying price s ≥ 0 (currency). */
  pnl(s: number): number;
  /** dP&L/dS as S → ∞. */
  slopeAtInfinity: number;
}

/** The horizon P&L function of the legs (see the module comment for several expiries). */
export function horizonPnl(
  legs: readonly PositionLeg[],
  ctx: HorizonContext,
  /** Defaults to the first option expiry of `legs`. */
  at: Date | undefined = horizonOf(legs),
): HorizonPnl {
  if (legs.length === 0) throw new RangeError('a strategy needs at least one leg');
  const horizon = at;
  const hMs = horizon?.getTime() ?? ctx.asOf.getTime();
  const cost = netDebit(legs);
  const { rate, dividendYield } = ctx.market;
  let slope = 0;
  let linear = true;
  for (const l of legs) {
    const i = l.instrument;
    if (i.kind === 'stock') slope += l.quantity;
    else if (i.right === 'call') {
      const tau = (i.expiry.getTime() - hMs) / MS_PER_YEAR;
      slope += l.quantity * i.multiplier * (tau > 0 ? Math.exp(-dividendYield * tau) : 1);
    }
    if (i.kind === 'option' && i.expiry.getTime() > hMs) linear = false;
  }
  const pnl = (s: number): number => {
    let v = -cost;
    for (const l of legs) {
      const i = l.instrument;
      if (i.kind === 'stock') {
        v += l.quantity * s;
        continue;
      }
      const tau = (i.expiry.getTime() - hMs) / MS_PER_YEAR;
      const per =
        tau > 0
          ? s > 0
            ? priceEuropean({
                right: i.right,
                spot: s,
                strike: i.strike,
                tYears: tau,
                rate,
                dividendYield,
                vol: ctx.volOf(l as OptionLeg),
              })
            : i.right === 'call'
              ? 0
              : i.strike * Math.exp(-rate * tau)
          : Math.max(0, i.right === 'call' ? s - i.strike : i.strike - s);
      v += l.quantity * i.multiplier * per;
    }
    return v;
  };
  const strikes = [...new Set(legs.filter(isOption).map((l) => l.instrument.strike))].sort((a, b) => a - b);
  return {
    horizon,
    tYears: Math.max(0, (hMs - ctx.asOf.getTime()) / MS_PER_YEAR),
    linear,
    strikes,
    netDebit: cost,
    pnl,
    slopeAtInfinity: slope,
  };
}

/** Points where the P&L is evaluated: 0, strikes, and (several expiries) a dense log grid. */
function samplePoints(h: HorizonPnl, spot: number): number[] {
  const base = [0, ...h.strikes];
  if (h.linear) return base;
  const lo = Math.min(spot, ...h.strikes) / 50;
  const hi = Math.max(spot, ...h.strikes) * 50;
  const n = 4000;
  const grid = Array.from({ length: n + 1 }, (_, j) => lo * (hi / lo) ** (j / n));
  return [...new Set([...base, ...grid])].sort((a, b) => a - b);
}

const slopeIsZero = (h: HorizonPnl, scale: number) => Math.abs(h.slopeAtInfinity) <= 1e-12 * scale;

export interface ProfitLossSummary {
  netDebit: number;
  /** Largest P&L at the horizon (currency), or 'unlimited'. */
  maxProfit: number | 'unlimited';
  /** Largest loss as a positive number, or 'unlimited'. */
  maxLoss: number | 'unlimited';
  /** Where the extremes are attained (first point; Infinity for a limit at S → ∞). */
  maxProfitAt: number | 'unlimited';
  maxLossAt: number | 'unlimited';
  breakevens: number[];
}

function golden(f: (x: number) => number, a0: number, b0: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let a = a0;
  let b = b0;
  for (let i = 0; i < 200 && b - a > 1e-12 * Math.max(1, Math.abs(b)); i++) {
    const c = b - r * (b - a);
    const d = a + r * (b - a);
    if (f(c) > f(d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

/** Max profit, max loss and breakevens at the horizon. */
export function profitLoss(legs: readonly PositionLeg[], ctx: HorizonContext): ProfitLossSummary {
  const h = horizonPnl(legs, ctx);
  const xs = samplePoints(h, ctx.market.spot);
  const ys = xs.map(h.pnl);
  const scale = Math.max(1, ...legs.map((l) => Math.abs(l.quantity * mult(l))));
  const flat = slopeIsZero(h, scale);
  const last = xs[xs.length - 1] ?? 0;
  // With zero slope at ∞ and several expiries, the limit is approached from the last grid point.
  const tailX = h.linear ? last : last * 1e3;
  const extreme = (sign: 1 | -1): { value: number; at: number } => {
    let j = 0;
    for (let i = 1; i < ys.length; i++) if (sign * ((ys[i] ?? 0) - (ys[j] ?? 0)) > 0) j = i;
    let at = xs[j] ?? 0;
    let value = ys[j] ?? 0;
    if (!h.linear && j > 0 && j < xs.length - 1) {
      at = golden((x) => sign * h.pnl(x), xs[j - 1] ?? 0, xs[j + 1] ?? 0);
      value = h.pnl(at);
    }
    if (flat && !h.linear && sign * (h.pnl(tailX) - value) > 0) return { value: h.pnl(tailX), at: Infinity };
    return { value, at };
  };
  const hi = extreme(1);
  const lo = extreme(-1);
  const up = h.slopeAtInfinity > 0 && !flat;
  const down = h.slopeAtInfinity < 0 && !flat;
  return {
    netDebit: h.netDebit,
    maxProfit: up ? 'unlimited' : hi.value,
    maxProfitAt: up ? 'unlimited' : hi.at,
    maxLoss: down ? 'unlimited' : -lo.value,
    maxLossAt: down ? 'unlimited' : lo.at,
    breakevens: breakevensOf(h, xs, ys, flat),
  };
}

/** Exact linear roots on linear pieces; bisection to machine precision otherwise. */
function breakevensOf(h: HorizonPnl, xs: number[], ys: number[], flat: boolean): number[] {
  const roots: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x0 = xs[i] ?? 0;
    const y0 = ys[i] ?? 0;
    if (y0 === 0) roots.push(x0);
    const x1 = xs[i + 1];
    const y1 = ys[i + 1];
    if (x1 !== undefined && y1 !== undefined) {
      if (y0 * y1 >= 0) continue;
      if (h.linear) roots.push(x0 + (-y0 * (x1 - x0)) / (y1 - y0));
      else {
        let a = x0;
        let b = x1;
        let fa = y0;
        for (let k = 0; k < 200; k++) {
          const m = (a + b) / 2;
          if (m <= a || m >= b) break;
          const fm = h.pnl(m);
          if (fm === 0) {
            a = m;
            b = m;
            break;
          }
          if (fa * fm < 0) b = m;
          else {
            a = m;
            fa = fm;
          }
        }
        roots.push(Math.abs(h.pnl(a)) <= Math.abs(h.pnl(b)) ? a : b);
      }
    } else if (!flat && y0 * h.slopeAtInfinity < 0) {
      if (h.linear) roots.push(x0 - y0 / h.slopeAtInfinity);
      else {
        // Beyond the grid: expand until the sign flips, then bisect.
        let b = x0 * 2;
        while (h.pnl(b) * y0 > 0 && b < 1e300) b *= 2;
        let a = x0;
        for (let k = 0; k < 200; k++) {
          const m = (a + b) / 2;
          if (m <= a || m >= b) break;
          if (h.pnl(m) * y0 > 0) a = m;
          else b = m;
        }
        roots.push(a);
      }
    }
  }
  return roots;
}
