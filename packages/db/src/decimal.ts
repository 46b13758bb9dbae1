import type { DecimalString } from '@zomma/contracts';
import { Prisma } from './generated/prisma/client.ts';

export const Decimal = Prisma.Decimal;
export type Decimal = Prisma.Decimal;

/**
 * A Decimal(18,6) as the shortest exact string with at most 6 decimals: 12.500000 → "12.5",
 * 5000 → "5000", -0 → "0". Satisfies `DecimalString` for values within Decimal(18,6).
 */
export function decimalString(value: Prisma.Decimal | string | number): DecimalString {
  const d = new Prisma.Decimal(value).toDecimalPlaces(6, Prisma.Decimal.ROUND_HALF_UP);
  if (d.isZero()) return '0';
  const fixed = d.toFixed(6);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

export function decimalStringOrNull(value: Prisma.Decimal | null): DecimalString | null {
  return value === null ? null : decimalString(value);
}

/** Rounds to the 6 decimals a Decimal(18,6) column stores, half away from zero as Postgres does. */
export function round6(value: Prisma.Decimal): Prisma.Decimal {
  return value.toDecimalPlaces(6, Prisma.Decimal.ROUND_HALF_UP);
}
