/**
 * Portfolio-margin style requirement (FINRA Rule 4210(g), OCC TIMS-like): the positions of one
 * underlying are fully revalued (`positionValue`) at `points` equally spaced spot moves across the
 * class range, endpoints included, × each vol shift; the requirement is the largest loss over the
 * grid, but at least `minimumPerContract` × (multiplier / 100) per option contract (FINRA
 * 4210(g): $0.375 per point of the underlying → $37.50 for a 100-share contract).
 *
 * Ranges (FINRA 4210(g)): equity and narrow-based index ±15%; high-cap broad-based index
 * −8%/+6%; non-high-cap broad-based index ±10%. Vol shocks are not fixed by the rule (OCC sets
 * them); the defaults here are absolute shifts of ±0.05 around 0 (equities) — configurable.
 */
import {
  BASE_SCENARIO,
  type PositionLeg,
  type PriceOption,
  positionValue,
  type Scenario,
  type UnderlyingMarket,
  type VolOf,
} from '../portfolio/position.ts';
import { priceEuropean } from '../pricing/black-scholes.ts';

export type PmClass = 'equity' | 'narrowIndex' | 'broadIndexHighCap' | 'broadIndex';

export interface PmClassConfig {
  /** Lowest relative spot move (negative, e.g. −0.15). */
  down: number;
  /** Highest relative spot move (e.g. +0.15). */
  up: number;
  /** Number of equally spaced spot points, endpoints included (FINRA: 10). */
  points: number;
  /** Absolute vol shifts applied at every spot point. */
  volShifts: readonly number[];
  /** Minimum per option contract of multiplier 100 (currency); scaled by multiplier / 100. */
  minimumPerContract: number;
}

export const PM_CLASSES: Readonly<Record<PmClass, PmClassConfig>> = {
  equity: { down: -0.15, up: 0.15, points: 10, volShifts: [-0.05, 0, 0.05], minimumPerContract: 37.5 },
  narrowIndex: { down: -0.15, up: 0.15, points: 10, volShifts: [-0.05, 0, 0.05], minimumPerContract: 37.5 },
  broadIndexHighCap: {
    down: -0.08,
    up: 0.06,
    points: 10,
    volShifts: [-0.03, 0, 0.03],
    minimumPerContract: 37.5,
  },
  broadIndex: { down: -0.1, up: 0.1, points: 10, volShifts: [-0.04, 0, 0.04], minimumPerContract: 37.5 },
};

export interface PmGridPoint {
  scenario: Scenario;
  /** Value change vs. the base market (currency). */
  pnl: number;
}

export interface PmResult {
  /** max(maxLoss, minimum) (currency). */
  requirement: number;
  /** Largest loss over the grid (≥ 0; 0 when every point gains). */
  maxLoss: number;
  /** The per-contract minimum for this book (currency). */
  minimum: number;
  /** The grid point with the lowest P&L. */
  worst: PmGridPoint;
  /** points × volShifts.length entries, spot-major. */
  grid: PmGridPoint[];
}

export interface PmOptions {
  /** Default 'equity'. */
  underlyingClass?: PmClass;
  /** Overrides (parts of) the class config. */
  config?: Partial<PmClassConfig>;
  /** Days that pass in every scenario (default 0). */
  daysForward?: number;
  priceOption?: PriceOption;
}

/** Portfolio-margin requirement of the legs of one underlying (see file doc). */
export function portfolioMargin(
  legs: readonly PositionLeg[],
  market: UnderlyingMarket,
  asOf: Date,
  volOf: VolOf,
  options: PmOptions = {},
): PmResult {
  const cfg: PmClassConfig = { ...PM_CLASSES[options.underlyingClass ?? 'equity'], ...options.config };
  if (
    !(cfg.points >= 2 && Number.isInteger(cfg.points)) ||
    !(cfg.down < cfg.up) ||
    cfg.volShifts.length === 0
  ) {
    throw new Error('portfolioMargin: need ≥ 2 points, down < up and at least one vol shift');
  }
  const price = options.priceOption ?? priceEuropean;
  const daysForward = options.daysForward ?? 0;
  const base = positionValue(legs, market, asOf, BASE_SCENARIO, volOf, price);
  const grid: PmGridPoint[] = [];
  for (let k = 0; k < cfg.points; k++) {
    const spotMove = cfg.down + ((cfg.up - cfg.down) * k) / (cfg.points - 1);
    for (const volShift of cfg.volShifts) {
      const scenario: Scenario = { spotMove, volShift, daysForward };
      grid.push({ scenario, pnl: positionValue(legs, market, asOf, scenario, volOf, price) - base });
    }
  }
  let worst = grid[0];
  for (const g of grid) if (worst === undefined || g.pnl < worst.pnl) worst = g;
  if (worst === undefined) throw new Error('portfolioMargin: empty grid');
  let minimum = 0;
  for (const leg of legs) {
    const i = leg.instrument;
    if (i.kind === 'option')
      minimum += Math.abs(leg.quantity) * cfg.minimumPerContract * (i.multiplier / 100);
  }
  const maxLoss = Math.max(0, -worst.pnl);
  return { requirement: Math.max(maxLoss, minimum), maxLoss, minimum, worst, grid };
}
