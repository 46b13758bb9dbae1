/** Weekly expiry calendar (pure UTC date math; no holidays). */

const DAY_MS = 86_400_000;
/** Days in a year for ACT/365 year fractions. */
const YEAR_DAYS = 365;
/**
 * Options stop trading at 16:00 New York time; we use a fixed 20:00 UTC cutoff on the expiry date
 * (exact during daylight saving, one hour early in winter), which keeps the engine free of time zones.
 */
export const EXPIRY_CUTOFF_UTC_HOUR = 20;
const FRIDAY = 5;

/** The calendar date (00:00 UTC) of a moment. */
export function utcDate(at: Date): Date {
  const ms = at.getTime();
  return new Date(ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS));
}

/** The moment an option with this expiry date stops trading. */
export function expiryCutoff(expiry: Date): Date {
  return new Date(utcDate(expiry).getTime() + EXPIRY_CUTOFF_UTC_HOUR * 3_600_000);
}

/** ACT/365 year fraction from `asOf` to the expiry cutoff; 0 once it has passed. */
export function yearsToExpiry(asOf: Date, expiry: Date): number {
  const ms = expiryCutoff(expiry).getTime() - asOf.getTime();
  return ms > 0 ? ms / (DAY_MS * YEAR_DAYS) : 0;
}

/** Calendar days (fractional) from `asOf` to the expiry cutoff (negative once passed). */
export function daysToExpiry(asOf: Date, expiry: Date): number {
  return (expiryCutoff(expiry).getTime() - asOf.getTime()) / DAY_MS;
}

/**
 * The next `count` weekly Friday expiries whose cutoff is strictly after `asOf`, as 00:00 UTC dates.
 * A Friday `asOf` before the cutoff lists that same Friday first.
 */
export function listExpiries(asOf: Date, count: number): Date[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  const today = utcDate(asOf);
  const daysAhead = (FRIDAY - today.getUTCDay() + 7) % 7;
  let first = new Date(today.getTime() + daysAhead * DAY_MS);
  if (expiryCutoff(first).getTime() <= asOf.getTime()) first = new Date(first.getTime() + 7 * DAY_MS);
  return Array.from({ length: count }, (_, i) => new Date(first.getTime() + i * 7 * DAY_MS));
}
