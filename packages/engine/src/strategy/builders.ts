/**
 * Strategy builders from a quoted chain. The short strike is the quote whose |delta| is nearest the
 * target (ties go to the farther-from-the-money strike); the long strike is the listed strike nearest
 * `width` away on the protective side, and strictly beyond the short strike.
 */
import type { OptionQuote, OptionRight } from '../types.ts';
import { type Leg, legFromQuote } from './leg.ts';

export type BuildFailure = 'NO_QUOTES_FOR_EXPIRY' | 'NO_SHORT_STRIKE' | 'NO_LONG_STRIKE' | 'STRIKES_CROSS';
export type BuildResult = { ok: true; legs: Leg[] } | { ok: false; reason: BuildFailure };

export interface IronCondorSpec {
  expiry: Date;
  /** Target |delta| of both short strikes, e.g. 0.16. */
  shortDelta: number;
  /** Distance between each short strike and its long wing, in price units. */
  wingWidth: number;
}

export interface VerticalSpec {
  expiry: Date;
  right: OptionRight;
  /**
   * bull put / bear call are credit spreads (long wing farther OTM); bull call / bear put are debit
   * spreads whose short leg is at the target delta and long leg `width` closer to the money.
   */
  direction: 'bull' | 'bear';
  shortDelta: number;
  width: number;
}

function assertSpec(shortDelta: number, width: number): void {
  if (!(shortDelta > 0 && shortDelta < 1)) throw new RangeError('shortDelta must be in (0, 1)');
  if (!(width > 0) || !Number.isFinite(width)) throw new RangeError('width must be positive');
}

function quotesFor(chain: readonly OptionQuote[], expiry: Date, right: OptionRight): OptionQuote[] {
  const t = expiry.getTime();
  return chain
    .filter((q) => q.right === right && q.expiry.getTime() === t)
    .sort((a, b) => a.strike - b.strike);
}

/** The quote nearest |delta| = target (ties: the one farther from the money). */
function nearestDelta(quotes: readonly OptionQuote[], target: number): OptionQuote | undefined {
  let best: OptionQuote | undefined;
  for (const q of quotes) {
    if (best === undefined) {
      best = q;
      continue;
    }
    const d = Math.abs(Math.abs(q.delta) - target);
    const bestD = Math.abs(Math.abs(best.delta) - target);
    if (d < bestD || (d === bestD && Math.abs(q.delta) < Math.abs(best.delta))) best = q;
  }
  return best;
}

/**
 * The quote nearest `anchor.strike + direction·width`, strictly beyond the anchor in `direction`
 * (ties: the wider one).
 */
function wing(
  quotes: readonly OptionQuote[],
  anchor: OptionQuote,
  direction: 1 | -1,
  width: number,
): OptionQuote | undefined {
  const target = anchor.strike + direction * width;
  let best: OptionQuote | undefined;
  for (const q of quotes) {
    if (direction * (q.strike - anchor.strike) <= 0) continue;
    if (best === undefined) {
      best = q;
      continue;
    }
    const d = Math.abs(q.strike - target);
    const bestD = Math.abs(best.strike - target);
    if (d < bestD || (d === bestD && direction * (q.strike - best.strike) > 0)) best = q;
  }
  return best;
}

/** Short put + long lower put + short call + long higher call, one contract each per unit. */
export function buildIronCondor(chain: readonly OptionQuote[], spec: IronCondorSpec): BuildResult {
  assertSpec(spec.shortDelta, spec.wingWidth);
  const puts = quotesFor(chain, spec.expiry, 'put');
  const calls = quotesFor(chain, spec.expiry, 'call');
  if (puts.length === 0 || calls.length === 0) return { ok: false, reason: 'NO_QUOTES_FOR_EXPIRY' };
  const shortPut = nearestDelta(puts, spec.shortDelta);
  const shortCall = nearestDelta(calls, spec.shortDelta);
  if (!shortPut || !shortCall) return { ok: false, reason: 'NO_SHORT_STRIKE' };
  if (shortPut.strike >= shortCall.strike) return { ok: false, reason: 'STRIKES_CROSS' };
  const longPut = wing(puts, shortPut, -1, spec.wingWidth);
  const longCall = wing(calls, shortCall, 1, spec.wingWidth);
  if (!longPut || !longCall) return { ok: false, reason: 'NO_LONG_STRIKE' };
  return {
    ok: true,
    legs: [
      legFromQuote(longPut, 'buy'),
      legFromQuote(shortPut, 'sell'),
      legFromQuote(shortCall, 'sell'),
      legFromQuote(longCall, 'buy'),
    ],
  };
}

/**
 * A vertical spread (legs ordered by strike). Bull put spread = credit put vertical; bear call
 * spread = credit call vertical; bull call and bear put are the debit verticals.
 */
export function buildVertical(chain: readonly OptionQuote[], spec: VerticalSpec): BuildResult {
  assertSpec(spec.shortDelta, spec.width);
  const quotes = quotesFor(chain, spec.expiry, spec.right);
  if (quotes.length === 0) return { ok: false, reason: 'NO_QUOTES_FOR_EXPIRY' };
  const short = nearestDelta(quotes, spec.shortDelta);
  if (!short) return { ok: false, reason: 'NO_SHORT_STRIKE' };
  // The long leg sits below the short leg for bull spreads and above it for bear spreads.
  const direction = spec.direction === 'bull' ? -1 : 1;
  const long = wing(quotes, short, direction, spec.width);
  if (!long) return { ok: false, reason: 'NO_LONG_STRIKE' };
  const legs = [legFromQuote(long, 'buy'), legFromQuote(short, 'sell')].sort((a, b) => a.strike - b.strike);
  return { ok: true, legs };
}
