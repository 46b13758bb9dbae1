import type { Side } from '@zomma/contracts';

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,6}))?$/;

/**
 * A decimal string with at most 6 decimals as an exact integer count of millionths
 * ("-1.25" → -1250000n). Throws on anything else: prices reach here validated.
 */
export function toMicros(value: string): bigint {
  const m = DECIMAL.exec(value);
  if (!m) throw new Error(`not a decimal with at most 6 places: ${value}`);
  const [, sign = '', int = '0', frac = ''] = m;
  const micros = BigInt(int) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  return sign === '-' ? -micros : micros;
}

/** Millionths back to the shortest decimal string (1250000n → "1.25"). */
export function fromMicros(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const int = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative && abs !== 0n ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/**
 * Net price per share of one strategy unit, exactly, in millionths: Σ price × ratio over BUY
 * legs − Σ price × ratio over SELL legs (positive = debit, negative = credit). With each leg at
 * its natural price (buy at the ask, sell at the bid) this is the natural net price.
 */
export function netPriceMicros(legs: readonly { side: Side; ratio: number; price: string }[]): bigint {
  let net = 0n;
  for (const leg of legs) {
    const amount = toMicros(leg.price) * BigInt(leg.ratio);
    net += leg.side === 'BUY' ? amount : -amount;
  }
  return net;
}

/**
 * Whether a net price is at least as good as the limit: for a debit, paying no more than the
 * limit; for a credit (negative), receiving at least as much. In signed terms both are
 * net ≤ limit.
 */
export function withinLimit(netMicros: bigint, limit: string): boolean {
  return netMicros <= toMicros(limit);
}
