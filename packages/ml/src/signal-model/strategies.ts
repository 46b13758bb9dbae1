/**
 * The classes the signal model chooses between and the one builder that turns a class into legs.
 * The strategies are the ones the baseline rule can construct today, built exactly as it builds
 * them: the listed expiry nearest `dte` (baseline-rule's nearestExpiry), short strikes nearest
 * `shortDelta`, wings `wingWidth` away (the engine's buildIronCondor / buildVertical with the same
 * specs). NONE means "no trade".
 */
import type { OptionQuote } from '@zomma/engine/sim';
import { type BuildFailure, buildIronCondor, buildVertical, type Leg } from '@zomma/engine/strategy';
import { z } from 'zod';
import { nearestExpiry, type ProposedStrategy } from '../baseline-rule.ts';

/** Class index → strategy; index 0 is "no trade". The ONNX outputs' columns follow this order. */
export const SIGNAL_CLASSES = ['NONE', 'BULL_PUT_SPREAD', 'BEAR_CALL_SPREAD', 'IRON_CONDOR'] as const;
export type SignalClass = (typeof SIGNAL_CLASSES)[number];
export const N_SIGNAL_CLASSES = SIGNAL_CLASSES.length;

/** How a chosen strategy becomes legs (the baseline rule's hyperparameters minus its name). */
export const StrategyParams = z.strictObject({
  /** Target |delta| of the short strikes. */
  shortDelta: z.number().gt(0).max(0.5),
  /** Width between short and long strikes, in price units. */
  wingWidth: z.number().positive().max(1_000_000),
  /** Target days to expiry; the listed expiry nearest to it is used. */
  dte: z.number().int().min(1).max(3650),
  /** Strategy units proposed per signal. */
  quantity: z.number().int().min(1).max(10_000),
});
export type StrategyParams = z.infer<typeof StrategyParams>;

/** The parameters of the seeded rule v1 (so v1 and the learned model trade the same structures). */
export const DEFAULT_STRATEGY_PARAMS: StrategyParams = Object.freeze({
  shortDelta: 0.2,
  wingWidth: 5,
  dte: 30,
  quantity: 2,
});

export type StrategyBuild =
  | { ok: true; legs: Leg[]; expiry: Date }
  | { ok: false; reason: BuildFailure | 'NO_EXPIRY' };

/** Legs of `strategy` from `chain` at `asOf`, as the baseline rule would build them. */
export function buildStrategy(
  strategy: ProposedStrategy,
  chain: readonly OptionQuote[],
  asOf: Date,
  params: StrategyParams,
): StrategyBuild {
  const expiry = nearestExpiry(chain, asOf, params.dte);
  if (!expiry) return { ok: false, reason: 'NO_EXPIRY' };
  const built =
    strategy === 'IRON_CONDOR'
      ? buildIronCondor(chain, { expiry, shortDelta: params.shortDelta, wingWidth: params.wingWidth })
      : buildVertical(chain, {
          expiry,
          right: strategy === 'BULL_PUT_SPREAD' ? 'put' : 'call',
          direction: strategy === 'BULL_PUT_SPREAD' ? 'bull' : 'bear',
          shortDelta: params.shortDelta,
          width: params.wingWidth,
        });
  return built.ok ? { ok: true, legs: built.legs, expiry } : built;
}

/** The class the baseline rule picks for momentum z (it never abstains). */
export function baselineClass(z: number, threshold: number): SignalClass {
  return z >= threshold ? 'BULL_PUT_SPREAD' : z <= -threshold ? 'BEAR_CALL_SPREAD' : 'IRON_CONDOR';
}
