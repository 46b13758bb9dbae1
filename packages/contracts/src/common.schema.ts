import { z } from 'zod';

/** An exact decimal as a string (how Decimal(18,6) columns travel): "-12.5", "0.000001". */
export const DecimalString = z
  .string()
  .regex(/^-?\d{1,12}(\.\d{1,6})?$/, 'expected a decimal number with at most 6 decimal places');
export type DecimalString = z.infer<typeof DecimalString>;

/** A strictly positive decimal given by a user (limits, prices). */
export const PositiveDecimalString = DecimalString.refine((s) => Number(s) > 0, 'must be greater than 0');

export const Uuid = z.uuid();

/** A reason a human gives for a decision; audited verbatim. */
export const Reason = z.string().trim().min(3, 'give a reason of at least 3 characters').max(500);

export const PageInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
});
