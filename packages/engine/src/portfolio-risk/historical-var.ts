/**
 * Historical-simulation VaR/CVaR with full revaluation: every leg (options included) is repriced
 * under each historical day's spot return and implied-vol change of its underlying; P&L against
 * today's value, quantile convention of tail-stats.ts.
 *
 * Horizon: daily moves are scaled by √h (square-root-of-time; moves are not compounded or
 * overlapped), and with `timeDecay` (default true) h calendar days pass in the revaluation.
 * Spot moves below MIN_SPOT_MOVE are clamped there.
 */
import { type Book, baseValues, bookPnl, groupByUnderlying } from './book.ts';
import { MIN_SPOT_MOVE } from './factor-model.ts';
import { tailStats, type VarEstimate } from './tail-stats.ts';

/** One day's move of one underlying: simple spot return and absolute implied-vol change. */
export interface HistoricalMove {
  spotReturn: number;
  /** Absolute change of implied vol, decimal (0.02 = +2 vol points). */
  volChange: number;
}

/** One historical day: the moves of every underlying (all the book's underlyings must be present). */
export interface HistoricalScenario {
  /** Label only (e.g. ISO date); never parsed. */
  date?: string;
  moves: Readonly<Record<string, HistoricalMove>>;
}

export interface VarOptions {
  /** e.g. 0.95 or 0.99. */
  confidence: number;
  /** Horizon in calendar days; default 1. */
  horizonDays?: number;
  /** Let the horizon pass in the revaluation (theta); default true. */
  timeDecay?: boolean;
}

export interface HistoricalVarResult extends VarEstimate {
  /** P&L per scenario, in input order. */
  pnls: number[];
}

export function historicalVar(
  book: Book,
  scenarios: readonly HistoricalScenario[],
  options: VarOptions,
): HistoricalVarResult {
  const h = options.horizonDays ?? 1;
  if (!(h > 0)) throw new RangeError('horizonDays must be > 0');
  const scale = Math.sqrt(h);
  const daysForward = (options.timeDecay ?? true) ? h : 0;
  const groups = groupByUnderlying(book);
  const base = baseValues(book, groups);
  const pnls = scenarios.map((s) =>
    bookPnl(book, groups, base, (i) => {
      const u = groups[i]?.underlying ?? '';
      const m = s.moves[u];
      if (m === undefined || !Number.isFinite(m.spotReturn) || !Number.isFinite(m.volChange)) {
        throw new RangeError(`scenario ${s.date ?? ''} lacks a finite move for ${u}`);
      }
      return {
        spotMove: Math.max(MIN_SPOT_MOVE, scale * m.spotReturn),
        volShift: scale * m.volChange,
        daysForward,
      };
    }),
  );
  const { sortedLosses: _sorted, ...stats } = tailStats(pnls, options.confidence);
  return { ...stats, pnls };
}
