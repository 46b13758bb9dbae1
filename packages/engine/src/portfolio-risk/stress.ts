/**
 * Stress tests by full revaluation: a spot × vol grid and named historical shocks, each applied to
 * every underlying (spot move optionally scaled by the underlying's beta; the vol shift is the
 * same absolute shift for every implied vol). P&L = value under the shock − value now, so every
 * figure is a difference of `positionValue`s. No time passes (daysForward 0) unless asked.
 */
import { type Book, baseValues, bookPnl, groupByUnderlying } from './book.ts';
import { MIN_SPOT_MOVE } from './factor-model.ts';

/** A named market shock: relative spot move and absolute implied-vol shift (decimal). */
export interface HistoricalShock {
  name: string;
  /** ISO date (or month) of the event; a label. */
  date: string;
  spotMove: number;
  volShift: number;
}

/**
 * S&P 500 closes and VIX (VXO for 1987) levels as published by S&P and Cboe, quoted from memory of
 * those series; the vol shift is the index's point change read as a parallel implied-vol shift:
 * - 1987-10-19: S&P 282.70 → 224.84 (−20.5%); VXO 36.4 → 150.2 (+114 points).
 * - 2008-10: S&P 1166.36 (30 Sep) → 968.75 (31 Oct), −16.9%; VIX 39.4 → 80.1 (27 Oct close,
 *   the month's closing high): the month's move with its peak vol, a deliberately harsh pairing.
 * - 2018-02-05: S&P 2762.13 → 2648.94 (−4.1%); VIX 17.31 → 37.32 (+20.0 points, +116%).
 * - 2020-03-16: S&P 2711.02 → 2386.13 (−12.0%); VIX 57.83 → 82.69 (+24.9 points).
 */
export const HISTORICAL_SHOCKS: readonly HistoricalShock[] = [
  { name: 'Black Monday', date: '1987-10-19', spotMove: -0.205, volShift: 1.14 },
  { name: 'October 2008', date: '2008-10', spotMove: -0.169, volShift: 0.407 },
  { name: 'Volmageddon', date: '2018-02-05', spotMove: -0.041, volShift: 0.2 },
  { name: 'COVID crash', date: '2020-03-16', spotMove: -0.12, volShift: 0.249 },
];

/** 10 spot moves, ±3% to ±15% in 3% steps (the base point 0 is left out: its P&L is 0). */
export const DEFAULT_SPOT_GRID: readonly number[] = [
  -0.15, -0.12, -0.09, -0.06, -0.03, 0.03, 0.06, 0.09, 0.12, 0.15,
];
/** Absolute vol shifts for the grid (decimal: −0.10 = −10 vol points). */
export const DEFAULT_VOL_SHOCKS: readonly number[] = [-0.1, -0.05, 0, 0.05, 0.1];

export interface StressOptions {
  spotGrid?: readonly number[];
  volShocks?: readonly number[];
  shocks?: readonly HistoricalShock[];
  /** Scale each underlying's spot move by its beta (missing beta → error). Default: no scaling. */
  betas?: Readonly<Record<string, number>>;
  /** Calendar days passing in every scenario; default 0. */
  daysForward?: number;
}

export interface StressPoint {
  name: string;
  spotMove: number;
  volShift: number;
  pnl: number;
  /** P&L per underlying, in the book's first-appearance order. */
  byUnderlying: { underlying: string; pnl: number }[];
}

export interface StressReport {
  /** grid[v][s]: vol shock v (volShocks order) × spot move s (spotGrid order). */
  grid: StressPoint[][];
  historical: StressPoint[];
  /** Lowest P&L over the grid and the historical shocks. */
  worst: StressPoint;
}

export function stressTest(book: Book, options: StressOptions = {}): StressReport {
  const groups = groupByUnderlying(book);
  const base = baseValues(book, groups);
  const daysForward = options.daysForward ?? 0;
  const betas = groups.map((g) => {
    if (options.betas === undefined) return 1;
    const b = options.betas[g.underlying];
    if (b === undefined || !Number.isFinite(b)) throw new RangeError(`no beta for ${g.underlying}`);
    return b;
  });
  const point = (name: string, spotMove: number, volShift: number): StressPoint => {
    const byUnderlying = groups.map((g, i) => ({
      underlying: g.underlying,
      pnl: bookPnl(book, [g], [base[i] ?? 0], () => ({
        spotMove: Math.max(MIN_SPOT_MOVE, (betas[i] ?? 1) * spotMove),
        volShift,
        daysForward,
      })),
    }));
    const pnl = byUnderlying.reduce((acc, u) => acc + u.pnl, 0);
    return { name, spotMove, volShift, pnl, byUnderlying };
  };
  const fmt = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
  const grid = (options.volShocks ?? DEFAULT_VOL_SHOCKS).map((v) =>
    (options.spotGrid ?? DEFAULT_SPOT_GRID).map((s) => point(`spot ${fmt(s)}% vol ${fmt(v)}pt`, s, v)),
  );
  const historical = (options.shocks ?? HISTORICAL_SHOCKS).map((h) =>
    point(`${h.name} (${h.date})`, h.spotMove, h.volShift),
  );
  let worst: StressPoint | undefined;
  for (const p of [...grid.flat(), ...historical]) if (worst === undefined || p.pnl < worst.pnl) worst = p;
  if (worst === undefined) throw new RangeError('no stress scenarios');
  return { grid, historical, worst };
}
