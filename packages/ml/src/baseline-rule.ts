/**
 * The baseline rule: a fixed, hand-written momentum rule, NOT a learned model. It exists so the
 * pipeline (signals, approval, risk, execution, model registry) has an honest reference to beat.
 *
 *   z = Σ recent log returns / (vol · √(n · Δt))      (Δt = years per return interval)
 *   |z| < 1 → iron condor;  z ≥ 1 → bull put spread;  z ≤ −1 → bear call spread
 *   expiry = the listed expiry nearest to `dte` calendar days.
 */
import type { OptionQuote } from '@zomma/engine/sim';
import { daysToExpiry } from '@zomma/engine/sim';
import {
  type BuildResult,
  buildIronCondor,
  buildVertical,
  type Leg,
  maxProfitLoss,
  netDebitPerShare,
  strategyDelta,
} from '@zomma/engine/strategy';
import { BASELINE_RULE_NAME, BaselineRuleHyperparameters } from './baseline-rule.schema.ts';

export type ProposedStrategy = 'IRON_CONDOR' | 'BULL_PUT_SPREAD' | 'BEAR_CALL_SPREAD';

export interface ProposalInput {
  symbol: string;
  asOf: Date;
  spot: number;
  /** Current annual implied vol level (decimal). */
  vol: number;
  /** Log returns over consecutive equal intervals, oldest first. */
  recentReturns: readonly number[];
  chain: readonly OptionQuote[];
  /** Length of one return interval in years; defaults to one trading day (1/252). */
  returnIntervalYears?: number;
}

export interface Proposal {
  strategy: ProposedStrategy;
  legs: Leg[];
  quantity: number;
  rationale: string;
  features: Record<string, number>;
}

export interface BaselineRuleModel {
  kind: 'RULE';
  name: typeof BASELINE_RULE_NAME;
  hyperparameters: BaselineRuleHyperparameters;
  /** A proposal, or null when the inputs cannot support one (no returns, no usable expiry or strikes). */
  propose(input: ProposalInput): Proposal | null;
}

/** Trading days per year: the default return interval is 1/252 year. */
export const TRADING_DAYS_PER_YEAR = 252;
/** |z| at or above which the rule leans directional. */
export const MOMENTUM_THRESHOLD = 1;

/** Momentum z-score of a return series under vol `vol` (0 when there are no returns). */
export function momentumZ(returns: readonly number[], vol: number, intervalYears: number): number {
  if (returns.length === 0) return 0;
  const sum = returns.reduce((a, b) => a + b, 0);
  return sum / (vol * Math.sqrt(returns.length * intervalYears));
}

/** The listed expiry (still trading at `asOf`) whose days-to-expiry is nearest `dte`; ties → earlier. */
export function nearestExpiry(chain: readonly OptionQuote[], asOf: Date, dte: number): Date | null {
  const unique = new Map<number, Date>();
  for (const q of chain) unique.set(q.expiry.getTime(), q.expiry);
  let best: Date | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const [, expiry] of [...unique].sort(([a], [b]) => a - b)) {
    const days = daysToExpiry(asOf, expiry);
    if (days <= 0) continue;
    const gap = Math.abs(days - dte);
    if (gap < bestGap) {
      best = expiry;
      bestGap = gap;
    }
  }
  return best;
}

const fmt = (x: number, d: number) => (x >= 0 ? `+${x.toFixed(d)}` : `−${Math.abs(x).toFixed(d)}`);
const legText = (l: Leg) => `${l.side} ${l.strike}${l.right === 'call' ? 'C' : 'P'}`;

/** Validates the hyperparameters (throws a ZodError on bad ones) and returns the rule. */
export function baselineRuleModel(hyperparameters: unknown): BaselineRuleModel {
  const hp = BaselineRuleHyperparameters.parse(hyperparameters);
  return {
    kind: 'RULE',
    name: BASELINE_RULE_NAME,
    hyperparameters: hp,
    propose(input: ProposalInput): Proposal | null {
      const intervalYears = input.returnIntervalYears ?? 1 / TRADING_DAYS_PER_YEAR;
      if (
        !(input.vol > 0) ||
        !(input.spot > 0) ||
        !(intervalYears > 0) ||
        !input.recentReturns.every(Number.isFinite)
      ) {
        throw new RangeError('baseline rule: spot, vol, interval must be positive and returns finite');
      }
      if (input.recentReturns.length === 0) return null;
      const z = momentumZ(input.recentReturns, input.vol, intervalYears);
      const expiry = nearestExpiry(input.chain, input.asOf, hp.dte);
      if (!expiry) return null;
      const strategy: ProposedStrategy =
        z >= MOMENTUM_THRESHOLD
          ? 'BULL_PUT_SPREAD'
          : z <= -MOMENTUM_THRESHOLD
            ? 'BEAR_CALL_SPREAD'
            : 'IRON_CONDOR';
      const built: BuildResult =
        strategy === 'IRON_CONDOR'
          ? buildIronCondor(input.chain, { expiry, shortDelta: hp.shortDelta, wingWidth: hp.wingWidth })
          : buildVertical(input.chain, {
              expiry,
              right: strategy === 'BULL_PUT_SPREAD' ? 'put' : 'call',
              direction: strategy === 'BULL_PUT_SPREAD' ? 'bull' : 'bear',
              shortDelta: hp.shortDelta,
              width: hp.wingWidth,
            });
      if (!built.ok) return null;
      const legs = built.legs;
      const sum = input.recentReturns.reduce((a, b) => a + b, 0);
      const n = input.recentReturns.length;
      const dteActual = daysToExpiry(input.asOf, expiry);
      const netDebit = netDebitPerShare(legs);
      const pl = maxProfitLoss(legs);
      const features: Record<string, number> = {
        momentumZ: z,
        sumLogReturns: sum,
        returnCount: n,
        returnIntervalYears: intervalYears,
        vol: input.vol,
        spot: input.spot,
        targetDte: hp.dte,
        expiryDte: dteActual,
        shortDelta: hp.shortDelta,
        wingWidth: hp.wingWidth,
        netDebitPerShare: netDebit,
        strategyDeltaPerShare: strategyDelta(legs),
      };
      if (typeof pl.maxLoss === 'number') features.maxLossPerShare = pl.maxLoss;
      if (typeof pl.maxProfit === 'number') features.maxProfitPerShare = pl.maxProfit;
      const decision =
        strategy === 'IRON_CONDOR'
          ? `|z| < ${MOMENTUM_THRESHOLD}, so no directional lean: iron condor`
          : strategy === 'BULL_PUT_SPREAD'
            ? `z ≥ ${MOMENTUM_THRESHOLD} (upward momentum): bull put spread`
            : `z ≤ −${MOMENTUM_THRESHOLD} (downward momentum): bear call spread`;
      const premium =
        netDebit <= 0 ? `net credit ${(-netDebit).toFixed(2)}` : `net debit ${netDebit.toFixed(2)}`;
      const maxLossText = typeof pl.maxLoss === 'number' ? pl.maxLoss.toFixed(2) : 'unlimited';
      const rationale =
        `Baseline rule "${BASELINE_RULE_NAME}" (a fixed rule, not a learned model) on ${input.symbol} at ${input.spot.toFixed(2)}: ` +
        `momentum z = ${fmt(z, 2)} = sum of ${n} log returns (${fmt(sum, 4)}) / (vol ${input.vol.toFixed(3)} × √(${n} × ${intervalYears.toPrecision(3)} y)). ` +
        `${decision}. Legs ${legs.map(legText).join(', ')} (short strikes nearest ${hp.shortDelta} |delta|, width ${hp.wingWidth}), ` +
        `expiry ${expiry.toISOString().slice(0, 10)} (${dteActual.toFixed(1)} days; target ${hp.dte}). ` +
        `Per share: ${premium}, max loss ${maxLossText}. Quantity ${hp.quantity}.`;
      return { strategy, legs, quantity: hp.quantity, rationale, features };
    },
  };
}
