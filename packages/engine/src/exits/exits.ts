/**
 * Exit rules for one multi-leg position, evaluated on every mark. Pure: the caller passes `now`,
 * the position's entry cost and max loss / max profit (from `profitLoss` of @zomma/engine/strategy,
 * see `exitPositionOf`) and the mark (the position's value, e.g. from `positionValue`, or per-leg
 * prices, plus the underlying price).
 *
 * Conventions (currency for the whole position, multiplier applied):
 * - P&L = value now − entry cost, where entry cost = Σ quantity·multiplier·entryPrice (> 0 debit,
 *   < 0 credit) and value = Σ quantity·multiplier·price; so a short iron condor opened for a credit
 *   C and marked at value −V has P&L = C − V.
 * - A rule triggers AT its threshold (≤ for stops and "below", ≥ for targets and "above").
 * - Several triggers are returned in a fixed priority: STOP_LOSS, UNDERLYING_BELOW,
 *   UNDERLYING_ABOVE, DAYS_TO_EXPIRY, TAKE_PROFIT (risk-reducing exits first), then rule order.
 */
import type { PositionLeg } from '../portfolio/position.ts';
import { type HorizonContext, horizonOf, profitLoss } from '../strategy/index.ts';

export type ExitRule =
  | {
      kind: 'STOP_LOSS';
      /** Stop when loss ≥ fraction × max loss (2 = 200%); defined-risk positions only. */
      fractionOfMaxLoss?: number;
      /** Stop when loss ≥ amount (currency); the only stop used when max loss is unlimited. */
      amount?: number;
    }
  | {
      kind: 'TAKE_PROFIT' /** Take when P&L ≥ fraction × max profit (0.5 = 50%). */;
      fractionOfMaxProfit: number;
    }
  | { kind: 'UNDERLYING_ABOVE'; level: number }
  | { kind: 'UNDERLYING_BELOW'; level: number }
  | {
      kind: 'DAYS_TO_EXPIRY' /** Calendar days (fractional, ACT/365 clock) to the first expiry. */;
      days: number;
    };

export type ExitRuleKind = ExitRule['kind'];

export interface ExitPosition {
  legs: readonly PositionLeg[];
  /** Σ quantity·multiplier·entryPrice, currency (+ debit, − credit). */
  entryCost: number;
  /** Positive currency or 'unlimited' (as `profitLoss` reports them). */
  maxLoss: number | 'unlimited';
  maxProfit: number | 'unlimited';
}

export type ExitMark =
  | { /** Position value now, currency (e.g. `positionValue`). */ value: number; underlyingPrice: number }
  | {
      /** Price per share of each leg, same order as `legs`. */ legPrices: readonly number[];
      underlyingPrice: number;
    };

export interface ExitTrigger {
  /** Index of the rule in the `rules` array. */
  ruleIndex: number;
  rule: ExitRule;
  /** P&L (currency), underlying price or days to expiry. */
  measured: number;
  /** The threshold in the same unit as `measured` (a stop's threshold is a P&L, i.e. negative). */
  threshold: number;
  message: string;
}

export type ExitSkipReason = 'UNLIMITED_MAX_LOSS_NEEDS_AMOUNT' | 'UNLIMITED_MAX_PROFIT' | 'NO_OPTION_LEGS';

export interface ExitEvaluation {
  /** P&L of the mark, currency. */
  pnl: number;
  triggered: ExitTrigger[];
  /** Rules that cannot apply to this position (kept visible rather than silently ignored). */
  skipped: { ruleIndex: number; reason: ExitSkipReason }[];
}

const PRIORITY: Record<ExitRuleKind, number> = {
  STOP_LOSS: 0,
  UNDERLYING_BELOW: 1,
  UNDERLYING_ABOVE: 2,
  DAYS_TO_EXPIRY: 3,
  TAKE_PROFIT: 4,
};
const MS_PER_DAY = 24 * 3600 * 1000;
const mult = (l: PositionLeg) => (l.instrument.kind === 'option' ? l.instrument.multiplier : 1);

/** Entry cost, max loss and max profit of `legs` (needs entryPrice on every leg) via `profitLoss`. */
export function exitPositionOf(legs: readonly PositionLeg[], ctx: HorizonContext): ExitPosition {
  const pl = profitLoss(legs, ctx);
  return { legs, entryCost: pl.netDebit, maxLoss: pl.maxLoss, maxProfit: pl.maxProfit };
}

function markValue(position: ExitPosition, mark: ExitMark): number {
  if ('value' in mark) return mark.value;
  if (mark.legPrices.length !== position.legs.length) throw new RangeError('one price per leg');
  let v = 0;
  position.legs.forEach((l, i) => {
    v += l.quantity * mult(l) * (mark.legPrices[i] ?? 0);
  });
  return v;
}

const money = (x: number) => x.toFixed(2);

export function evaluateExits(
  position: ExitPosition,
  mark: ExitMark,
  rules: readonly ExitRule[],
  now: Date,
): ExitEvaluation {
  const pnl = markValue(position, mark) - position.entryCost;
  const spot = mark.underlyingPrice;
  const triggered: ExitTrigger[] = [];
  const skipped: ExitEvaluation['skipped'] = [];
  rules.forEach((rule, ruleIndex) => {
    const hit = (measured: number, threshold: number, message: string) =>
      triggered.push({ ruleIndex, rule, measured, threshold, message });
    switch (rule.kind) {
      case 'STOP_LOSS': {
        // The tighter (smaller loss) of the applicable stops.
        const losses: number[] = [];
        if (rule.fractionOfMaxLoss !== undefined && position.maxLoss !== 'unlimited')
          losses.push(rule.fractionOfMaxLoss * position.maxLoss);
        if (rule.amount !== undefined) losses.push(rule.amount);
        if (losses.length === 0) {
          skipped.push({ ruleIndex, reason: 'UNLIMITED_MAX_LOSS_NEEDS_AMOUNT' });
          break;
        }
        const threshold = -Math.min(...losses);
        if (pnl <= threshold) hit(pnl, threshold, `stop-loss: P&L ${money(pnl)} ≤ ${money(threshold)}`);
        break;
      }
      case 'TAKE_PROFIT': {
        if (position.maxProfit === 'unlimited') {
          skipped.push({ ruleIndex, reason: 'UNLIMITED_MAX_PROFIT' });
          break;
        }
        const threshold = rule.fractionOfMaxProfit * position.maxProfit;
        if (pnl >= threshold) hit(pnl, threshold, `take-profit: P&L ${money(pnl)} ≥ ${money(threshold)}`);
        break;
      }
      case 'UNDERLYING_ABOVE':
        if (spot >= rule.level) hit(spot, rule.level, `underlying ${spot} at or above ${rule.level}`);
        break;
      case 'UNDERLYING_BELOW':
        if (spot <= rule.level) hit(spot, rule.level, `underlying ${spot} at or below ${rule.level}`);
        break;
      case 'DAYS_TO_EXPIRY': {
        const expiry = horizonOf(position.legs);
        if (expiry === undefined) {
          skipped.push({ ruleIndex, reason: 'NO_OPTION_LEGS' });
          break;
        }
        const dte = (expiry.getTime() - now.getTime()) / MS_PER_DAY;
        if (dte <= rule.days) hit(dte, rule.days, `${dte.toFixed(2)} days to expiry ≤ ${rule.days}`);
        break;
      }
    }
  });
  triggered.sort((a, b) => PRIORITY[a.rule.kind] - PRIORITY[b.rule.kind] || a.ruleIndex - b.ruleIndex);
  return { pnl, triggered, skipped };
}
