/**
 * Names a strategy from arbitrary legs. Legs are merged by instrument, stock is counted in
 * contract equivalents (shares / option multiplier) and quantities are divided by the smallest
 * |quantity|, so the name does not depend on leg order or size. The result is compared with each
 * template's shape: kind, right, signed ratio, strike rank and expiry rank, plus equal wing
 * widths for (non-broken) butterflies. Anything else is 'custom'.
 */
import type { PositionLeg } from '../portfolio/position.ts';
import type { TemplateName } from './templates.ts';

/** [kind+right: 'S' stock | 'C' | 'P', signed ratio, strike rank, expiry rank] */
type Shape = readonly (readonly [string, number, number, number])[];

const SHAPES: Record<TemplateName, Shape> = {
  long_stock: [['S', 1, -1, -1]],
  short_stock: [['S', -1, -1, -1]],
  long_call: [['C', 1, 0, 0]],
  short_call: [['C', -1, 0, 0]],
  long_put: [['P', 1, 0, 0]],
  cash_secured_put: [['P', -1, 0, 0]],
  covered_call: [
    ['S', 1, -1, -1],
    ['C', -1, 0, 0],
  ],
  protective_put: [
    ['S', 1, -1, -1],
    ['P', 1, 0, 0],
  ],
  collar: [
    ['S', 1, -1, -1],
    ['P', 1, 0, 0],
    ['C', -1, 1, 0],
  ],
  bull_call_spread: [
    ['C', 1, 0, 0],
    ['C', -1, 1, 0],
  ],
  bear_call_spread: [
    ['C', -1, 0, 0],
    ['C', 1, 1, 0],
  ],
  bull_put_spread: [
    ['P', 1, 0, 0],
    ['P', -1, 1, 0],
  ],
  bear_put_spread: [
    ['P', -1, 0, 0],
    ['P', 1, 1, 0],
  ],
  long_straddle: [
    ['C', 1, 0, 0],
    ['P', 1, 0, 0],
  ],
  short_straddle: [
    ['C', -1, 0, 0],
    ['P', -1, 0, 0],
  ],
  long_strangle: [
    ['P', 1, 0, 0],
    ['C', 1, 1, 0],
  ],
  short_strangle: [
    ['P', -1, 0, 0],
    ['C', -1, 1, 0],
  ],
  iron_condor: [
    ['P', 1, 0, 0],
    ['P', -1, 1, 0],
    ['C', -1, 2, 0],
    ['C', 1, 3, 0],
  ],
  iron_butterfly: [
    ['P', 1, 0, 0],
    ['P', -1, 1, 0],
    ['C', -1, 1, 0],
    ['C', 1, 2, 0],
  ],
  call_butterfly: [
    ['C', 1, 0, 0],
    ['C', -2, 1, 0],
    ['C', 1, 2, 0],
  ],
  put_butterfly: [
    ['P', 1, 0, 0],
    ['P', -2, 1, 0],
    ['P', 1, 2, 0],
  ],
  broken_wing_call_butterfly: [
    ['C', 1, 0, 0],
    ['C', -2, 1, 0],
    ['C', 1, 2, 0],
  ],
  broken_wing_put_butterfly: [
    ['P', 1, 0, 0],
    ['P', -2, 1, 0],
    ['P', 1, 2, 0],
  ],
  call_condor: [
    ['C', 1, 0, 0],
    ['C', -1, 1, 0],
    ['C', -1, 2, 0],
    ['C', 1, 3, 0],
  ],
  put_condor: [
    ['P', 1, 0, 0],
    ['P', -1, 1, 0],
    ['P', -1, 2, 0],
    ['P', 1, 3, 0],
  ],
  call_calendar: [
    ['C', -1, 0, 0],
    ['C', 1, 0, 1],
  ],
  put_calendar: [
    ['P', -1, 0, 0],
    ['P', 1, 0, 1],
  ],
  call_diagonal: [
    ['C', 1, 0, 1],
    ['C', -1, 1, 0],
  ],
  put_diagonal: [
    ['P', -1, 0, 0],
    ['P', 1, 1, 1],
  ],
  double_diagonal: [
    ['P', 1, 0, 1],
    ['P', -1, 1, 0],
    ['C', -1, 2, 0],
    ['C', 1, 3, 1],
  ],
  call_ratio_spread: [
    ['C', 1, 0, 0],
    ['C', -2, 1, 0],
  ],
  put_ratio_spread: [
    ['P', -2, 0, 0],
    ['P', 1, 1, 0],
  ],
  call_backspread: [
    ['C', -1, 0, 0],
    ['C', 2, 1, 0],
  ],
  put_backspread: [
    ['P', 2, 0, 0],
    ['P', -1, 1, 0],
  ],
  jade_lizard: [
    ['P', -1, 0, 0],
    ['C', -1, 1, 0],
    ['C', 1, 2, 0],
  ],
  risk_reversal: [
    ['P', -1, 0, 0],
    ['C', 1, 1, 0],
  ],
  synthetic_long: [
    ['C', 1, 0, 0],
    ['P', -1, 0, 0],
  ],
  synthetic_short: [
    ['C', -1, 0, 0],
    ['P', 1, 0, 0],
  ],
  box: [
    ['C', 1, 0, 0],
    ['P', -1, 0, 0],
    ['C', -1, 1, 0],
    ['P', 1, 1, 0],
  ],
};

const key = (s: Shape): string =>
  s
    .map(([k, q, r, e]) => `${k}:${q}:${r}:${e}`)
    .sort()
    .join('|');

export type RecognizedName = TemplateName | 'custom';

/** The template name whose shape the legs have, or 'custom'. */
export function recognizeStrategy(legs: readonly PositionLeg[]): RecognizedName {
  const underlyings = new Set(legs.map((l) => l.instrument.underlying));
  if (underlyings.size !== 1) return 'custom';
  const options = legs.flatMap((l) => (l.instrument.kind === 'option' ? [l.instrument] : []));
  const multipliers = new Set(options.map((o) => o.multiplier));
  if (multipliers.size > 1) return 'custom';
  const m = options[0]?.multiplier ?? 1;
  // Merge identical instruments (contract equivalents).
  const merged = new Map<string, { kind: string; strike: number; expiry: number; qty: number }>();
  for (const l of legs) {
    const i = l.instrument;
    const id =
      i.kind === 'stock' ? 'S' : `${i.right === 'call' ? 'C' : 'P'}:${i.strike}:${i.expiry.getTime()}`;
    const entry = merged.get(id) ?? {
      kind: i.kind === 'stock' ? 'S' : i.right === 'call' ? 'C' : 'P',
      strike: i.kind === 'stock' ? Number.NaN : i.strike,
      expiry: i.kind === 'stock' ? Number.NaN : i.expiry.getTime(),
      qty: 0,
    };
    entry.qty += i.kind === 'stock' ? l.quantity / m : l.quantity;
    merged.set(id, entry);
  }
  const live = [...merged.values()].filter((e) => Math.abs(e.qty) > 1e-12);
  if (live.length === 0) return 'custom';
  const unit = Math.min(...live.map((e) => Math.abs(e.qty)));
  const strikes = [...new Set(live.filter((e) => e.kind !== 'S').map((e) => e.strike))].sort((a, b) => a - b);
  const expiries = [...new Set(live.filter((e) => e.kind !== 'S').map((e) => e.expiry))].sort(
    (a, b) => a - b,
  );
  const shape: Shape = live.map((e) => {
    const q = Math.round((e.qty / unit) * 1e6) / 1e6;
    return e.kind === 'S'
      ? [e.kind, q, -1, -1]
      : [e.kind, q, strikes.indexOf(e.strike), expiries.indexOf(e.expiry)];
  });
  const k = key(shape);
  const matches = (Object.keys(SHAPES) as TemplateName[]).filter((n) => key(SHAPES[n]) === k);
  if (matches.length === 0) return 'custom';
  if (matches.length === 1) return matches[0] ?? 'custom';
  // Butterflies: equal wings → plain, otherwise broken wing.
  const [k0 = 0, k1 = 0, k2 = 0] = strikes;
  const symmetric = Math.abs(k1 - k0 - (k2 - k1)) <= 1e-9 * k1;
  return matches.find((n) => n.startsWith('broken_wing') !== symmetric) ?? 'custom';
}
