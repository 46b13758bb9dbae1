import { z } from 'zod';

/** The only rule name this implementation answers to. */
export const BASELINE_RULE_NAME = 'baseline-momentum-condor';

/** Hyperparameters of the baseline momentum/condor rule (stored as the model version's parameters JSON). */
export const BaselineRuleHyperparameters = z.strictObject({
  rule: z.literal(BASELINE_RULE_NAME),
  /** Target |delta| of the short strikes. */
  shortDelta: z.number().gt(0).max(0.5),
  /** Width between short and long strikes, in price units. */
  wingWidth: z.number().positive().max(1_000_000),
  /** Target days to expiry; the listed expiry nearest to it is used. */
  dte: z.number().int().min(1).max(3650),
  /** Strategy units proposed per signal. */
  quantity: z.number().int().min(1).max(10_000),
});
export type BaselineRuleHyperparameters = z.infer<typeof BaselineRuleHyperparameters>;
