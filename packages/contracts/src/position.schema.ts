import { z } from 'zod';
import { DecimalString } from './common.schema.ts';
import { OptionRight } from './signal.schema.ts';

export const Position = z.object({
  id: z.uuid(),
  symbol: z.string(),
  underlying: z.string(),
  right: OptionRight,
  strike: DecimalString,
  expiry: z.date(),
  multiplier: z.number().int().positive(),
  quantity: z.number().int(),
  avgPrice: DecimalString,
  realizedPnl: DecimalString,
  markPrice: DecimalString.nullable(),
  unrealizedPnl: DecimalString.nullable(),
  delta: DecimalString.nullable(),
  markedAt: z.date().nullable(),
  openedAt: z.date(),
});
export type Position = z.infer<typeof Position>;
