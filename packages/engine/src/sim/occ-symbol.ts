/**
 * OCC-style option symbols without root padding: ROOT + YYMMDD + C|P + strike×1000 as 8 digits,
 * e.g. ZMA261218C00105000 = ZMA call, strike 105, expiring 2026-12-18.
 */
import type { OptionRight } from '../types.ts';

export interface OccParts {
  root: string;
  /** Expiry date at 00:00 UTC. */
  expiry: Date;
  right: OptionRight;
  strike: number;
}

const ROOT = /^[A-Z0-9]{1,6}$/;
const SYMBOL = /^([A-Z0-9]{1,6}) *(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;
const MAX_STRIKE_MILLIS = 99_999_999;

/** Formats a contract symbol. Throws on roots or strikes the format cannot carry. */
export function occSymbol(root: string, expiry: Date, right: OptionRight, strike: number): string {
  if (!ROOT.test(root)) throw new RangeError(`invalid OCC root: ${root}`);
  const millis = Math.round(strike * 1000);
  if (!(millis > 0 && millis <= MAX_STRIKE_MILLIS) || Math.abs(millis - strike * 1000) > 1e-6) {
    throw new RangeError(`strike not representable in OCC format: ${strike}`);
  }
  const year = expiry.getUTCFullYear();
  if (year < 2000 || year > 2099) throw new RangeError('expiry year must be 2000–2099');
  const yy = String(year % 100).padStart(2, '0');
  const mm = String(expiry.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(expiry.getUTCDate()).padStart(2, '0');
  return `${root}${yy}${mm}${dd}${right === 'call' ? 'C' : 'P'}${String(millis).padStart(8, '0')}`;
}

/** Parses a symbol (also the space-padded 21-character OSI form); null when it is not one. */
export function parseOccSymbol(symbol: string): OccParts | null {
  const m = SYMBOL.exec(symbol);
  if (!m) return null;
  const [, root, yy, mm, dd, cp, strikeDigits] = m;
  if (root === undefined || strikeDigits === undefined) return null;
  const year = 2000 + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  const expiry = new Date(Date.UTC(year, month - 1, day));
  if (expiry.getUTCMonth() !== month - 1 || expiry.getUTCDate() !== day) return null;
  const millis = Number(strikeDigits);
  if (millis === 0) return null;
  return { root, expiry, right: cp === 'C' ? 'call' : 'put', strike: millis / 1000 };
}
