const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const compactUsd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});
const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Dollars from a number or a DecimalString ("-12.5"); em dash for null. */
export function money(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const n = Number(value);
  return Number.isFinite(n) ? usd.format(n) : '—';
}

/** Short dollars for chart axes: "-$1.2K". */
export function compactMoney(value: number): string {
  return Number.isFinite(value) ? compactUsd.format(value) : '—';
}

export function num(value: number | string | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '—';
  const n = Number(value);
  if (!Number.isFinite(n)) return '—';
  return digits === 2 ? plain.format(n) : n.toFixed(digits);
}

export function percent(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const n = Number(value);
  return Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : '—';
}

export function dateTime(value: Date | null | undefined): string {
  return value ? value.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' }) : '—';
}

export function isoDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** "4m 05s" until `target`, or "expired". */
export function countdown(target: Date, now: number): string {
  const ms = target.getTime() - now;
  if (ms <= 0) return 'expired';
  const totalSeconds = Math.floor(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m ${ss}s` : `${m}m ${ss}s`;
}

/** Per-share net premium: positive is a debit paid, negative a credit received. */
export function netPremium(netDebit: string): { kind: 'debit' | 'credit' | 'even'; amount: number } {
  const n = Number(netDebit);
  if (n > 0) return { kind: 'debit', amount: n };
  if (n < 0) return { kind: 'credit', amount: -n };
  return { kind: 'even', amount: 0 };
}
