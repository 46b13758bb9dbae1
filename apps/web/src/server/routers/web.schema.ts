import { PERMISSIONS, RiskLimits, ROLES } from '@zomma/contracts';
import { z } from 'zod';

/** Procedures that take no input still declare it: nothing (undefined) is the only valid input. */
export const NoInput = z.void();

export const Me = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type Me = z.infer<typeof Me>;

export const LimitsOverview = z.object({
  current: RiskLimits,
  /** Newest first. */
  history: z.array(RiskLimits),
});
export type LimitsOverview = z.infer<typeof LimitsOverview>;

export const UpdateLimitsOutput = z.object({ previous: RiskLimits, current: RiskLimits });
export type UpdateLimitsOutput = z.infer<typeof UpdateLimitsOutput>;

export const GenerateNowInput = z
  .object({ modelName: z.string().trim().min(1).max(100).optional() })
  .default({});
export type GenerateNowInput = z.infer<typeof GenerateNowInput>;

export const GenerateNowOutput = z.object({ jobId: z.string(), modelName: z.string(), symbol: z.string() });
export type GenerateNowOutput = z.infer<typeof GenerateNowOutput>;

/** How many limit versions the risk page shows. */
export const LIMITS_HISTORY_SIZE = 50;
