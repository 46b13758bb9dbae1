/**
 * Named strategy templates built from a quoted chain. Strikes are chosen by the anchor strike
 * (listed strike nearest `strike`, default nearest spot, present as call and put), by |delta|
 * (out-of-the-money quote nearest the target), and by width (listed strike nearest anchor ± width,
 * strictly beyond it). Expiries by days to expiry (nearest listed; the far one strictly later).
 * Legs are `PositionLeg`s priced at mid; one strategy unit = one contract per ratio, stock legs
 * `multiplier` shares. A lone short put is named `cash_secured_put` (collateral is not a leg).
 */
import type { PositionLeg } from '../portfolio/position.ts';
import { daysToExpiry, expiryCutoff } from '../sim/expiries.ts';
import type { OptionQuote, OptionRight } from '../types.ts';

export interface TemplateChain {
  chain: readonly OptionQuote[];
  underlying: string;
  spot: number;
  asOf: Date;
  /** Shares per contract; default 100. */
  multiplier?: number;
}

export interface TemplateParams {
  /** Target calendar days to the (near) expiry. */
  dte: number;
  /** Target days to the far expiry (calendars, diagonals); default dte + 28. */
  farDte?: number;
  /** Target |delta| of out-of-the-money strikes; default 0.3. */
  delta?: number;
  /** Distance between strikes in price units; default 5% of spot. */
  width?: number;
  /** Anchor strike (singles, straddles, butterflies…); default nearest spot. */
  strike?: number;
}

export type TemplateFailure = 'NO_EXPIRY' | 'NO_FAR_EXPIRY' | 'NO_STRIKE' | 'DEGENERATE';
export type TemplateResult =
  | { ok: true; name: TemplateName; legs: PositionLeg[] }
  | { ok: false; reason: TemplateFailure };

type Pick = OptionQuote | 'stock' | undefined;
type Build = (c: Picker) => Array<[Pick, number]> | 'DEGENERATE';

class Picker {
  readonly near: Date;
  readonly far: Date | undefined;
  readonly delta: number;
  readonly width: number;
  readonly anchor: number | undefined;
  constructor(
    private readonly src: TemplateChain,
    p: TemplateParams,
    expiries: Date[],
  ) {
    const byDays = (target: number, list: Date[]) =>
      list.reduce<Date | undefined>((best, e) => {
        const d = Math.abs(daysToExpiry(src.asOf, e) - target);
        return best === undefined || d < Math.abs(daysToExpiry(src.asOf, best) - target) ? e : best;
      }, undefined);
    this.near = byDays(p.dte, expiries) ?? new Date(Number.NaN);
    const later = expiries.filter((e) => e.getTime() > this.near.getTime());
    this.far = byDays(p.farDte ?? p.dte + 28, later);
    this.delta = p.delta ?? 0.3;
    this.width = p.width ?? 0.05 * src.spot;
    const target = p.strike ?? src.spot;
    const both = this.quotes(this.near, 'call').filter((c) => this.at(this.near, 'put', c.strike));
    this.anchor = both.reduce<number | undefined>(
      (b, q) => (b === undefined || Math.abs(q.strike - target) < Math.abs(b - target) ? q.strike : b),
      undefined,
    );
  }
  quotes(e: Date | undefined, right: OptionRight): OptionQuote[] {
    const t = e?.getTime();
    return this.src.chain.filter((q) => q.right === right && q.expiry.getTime() === t);
  }
  at(e: Date | undefined, right: OptionRight, strike: number | undefined): OptionQuote | undefined {
    return this.quotes(e, right).find((q) => q.strike === strike);
  }
  /** Anchor-strike quote. */
  atm(right: OptionRight, which: 'near' | 'far' = 'near'): OptionQuote | undefined {
    return this.at(which === 'far' ? this.far : this.near, right, this.anchor);
  }
  /** OTM quote (call above / put below the anchor) nearest the target |delta|. */
  otm(right: OptionRight): OptionQuote | undefined {
    const e = this.near;
    const a = this.anchor ?? Number.NaN;
    const qs = this.quotes(e, right).filter((q) => (right === 'call' ? q.strike > a : q.strike < a));
    return qs.reduce<OptionQuote | undefined>(
      (b, q) =>
        b === undefined || Math.abs(Math.abs(q.delta) - this.delta) < Math.abs(Math.abs(b.delta) - this.delta)
          ? q
          : b,
      undefined,
    );
  }
  /** Quote nearest `from.strike + dir·width·mult`, strictly beyond `from` (same right and expiry unless given). */
  beyond(from: Pick, dir: 1 | -1, mult = 1, right?: OptionRight): OptionQuote | undefined {
    if (from === undefined || from === 'stock') return undefined;
    const target = from.strike + dir * this.width * mult;
    const qs = this.quotes(from.expiry, right ?? from.right).filter(
      (q) => dir * (q.strike - from.strike) > 0,
    );
    return qs.reduce<OptionQuote | undefined>(
      (b, q) => (b === undefined || Math.abs(q.strike - target) < Math.abs(b.strike - target) ? q : b),
      undefined,
    );
  }
}

const strikeOf = (p: Pick): number => (p === undefined || p === 'stock' ? Number.NaN : p.strike);

function butterfly(c: Picker, right: OptionRight, broken: boolean): Array<[Pick, number]> | 'DEGENERATE' {
  const body = c.atm(right);
  const low = c.beyond(body, -1);
  const gap = strikeOf(body) - strikeOf(low);
  const high = broken ? c.beyond(body, 1, 2, right) : c.at(c.near, right, strikeOf(body) + gap);
  if (broken && Math.abs(strikeOf(high) - strikeOf(body) - gap) <= 1e-9 * strikeOf(body)) return 'DEGENERATE';
  return [
    [low, 1],
    [body, -2],
    [high, 1],
  ];
}

function condor(c: Picker, right: OptionRight): Array<[Pick, number]> {
  const k2 = c.atm(right);
  const k3 = c.beyond(k2, 1);
  return [
    [c.beyond(k2, -1), 1],
    [k2, -1],
    [k3, -1],
    [c.beyond(k3, 1), 1],
  ];
}

const BUILDERS = {
  long_stock: () => [['stock', 1]],
  short_stock: () => [['stock', -1]],
  long_call: (c) => [[c.atm('call'), 1]],
  short_call: (c) => [[c.atm('call'), -1]],
  long_put: (c) => [[c.atm('put'), 1]],
  cash_secured_put: (c) => [[c.atm('put'), -1]],
  covered_call: (c) => [
    ['stock', 1],
    [c.otm('call'), -1],
  ],
  protective_put: (c) => [
    ['stock', 1],
    [c.otm('put'), 1],
  ],
  collar: (c) => [
    ['stock', 1],
    [c.otm('put'), 1],
    [c.otm('call'), -1],
  ],
  bull_call_spread: (c) => [
    [c.atm('call'), 1],
    [c.beyond(c.atm('call'), 1), -1],
  ],
  bear_call_spread: (c) => [
    [c.otm('call'), -1],
    [c.beyond(c.otm('call'), 1), 1],
  ],
  bull_put_spread: (c) => [
    [c.otm('put'), -1],
    [c.beyond(c.otm('put'), -1), 1],
  ],
  bear_put_spread: (c) => [
    [c.atm('put'), 1],
    [c.beyond(c.atm('put'), -1), -1],
  ],
  long_straddle: (c) => [
    [c.atm('call'), 1],
    [c.atm('put'), 1],
  ],
  short_straddle: (c) => [
    [c.atm('call'), -1],
    [c.atm('put'), -1],
  ],
  long_strangle: (c) => [
    [c.otm('call'), 1],
    [c.otm('put'), 1],
  ],
  short_strangle: (c) => [
    [c.otm('call'), -1],
    [c.otm('put'), -1],
  ],
  iron_condor: (c) => [
    [c.beyond(c.otm('put'), -1), 1],
    [c.otm('put'), -1],
    [c.otm('call'), -1],
    [c.beyond(c.otm('call'), 1), 1],
  ],
  iron_butterfly: (c) => [
    [c.beyond(c.atm('put'), -1), 1],
    [c.atm('put'), -1],
    [c.atm('call'), -1],
    [c.beyond(c.atm('call'), 1), 1],
  ],
  call_butterfly: (c) => butterfly(c, 'call', false),
  put_butterfly: (c) => butterfly(c, 'put', false),
  broken_wing_call_butterfly: (c) => butterfly(c, 'call', true),
  broken_wing_put_butterfly: (c) => butterfly(c, 'put', true),
  call_condor: (c) => condor(c, 'call'),
  put_condor: (c) => condor(c, 'put'),
  call_calendar: (c) => [
    [c.atm('call'), -1],
    [c.atm('call', 'far'), 1],
  ],
  put_calendar: (c) => [
    [c.atm('put'), -1],
    [c.atm('put', 'far'), 1],
  ],
  call_diagonal: (c) => [
    [c.otm('call'), -1],
    [c.atm('call', 'far'), 1],
  ],
  put_diagonal: (c) => [
    [c.otm('put'), -1],
    [c.atm('put', 'far'), 1],
  ],
  double_diagonal: (c) => [
    [c.otm('put'), -1],
    [c.otm('call'), -1],
    [c.at(c.far, 'put', strikeOf(c.beyond(c.otm('put'), -1))), 1],
    [c.at(c.far, 'call', strikeOf(c.beyond(c.otm('call'), 1))), 1],
  ],
  call_ratio_spread: (c) => [
    [c.atm('call'), 1],
    [c.otm('call'), -2],
  ],
  put_ratio_spread: (c) => [
    [c.atm('put'), 1],
    [c.otm('put'), -2],
  ],
  call_backspread: (c) => [
    [c.atm('call'), -1],
    [c.otm('call'), 2],
  ],
  put_backspread: (c) => [
    [c.atm('put'), -1],
    [c.otm('put'), 2],
  ],
  jade_lizard: (c) => [
    [c.otm('put'), -1],
    [c.otm('call'), -1],
    [c.beyond(c.otm('call'), 1), 1],
  ],
  risk_reversal: (c) => [
    [c.otm('call'), 1],
    [c.otm('put'), -1],
  ],
  synthetic_long: (c) => [
    [c.atm('call'), 1],
    [c.atm('put'), -1],
  ],
  synthetic_short: (c) => [
    [c.atm('call'), -1],
    [c.atm('put'), 1],
  ],
  box: (c) => {
    const k2 = c.beyond(c.atm('call'), 1);
    return [
      [c.atm('call'), 1],
      [k2, -1],
      [c.atm('put'), -1],
      [c.at(c.near, 'put', strikeOf(k2)), 1],
    ];
  },
} as const satisfies Record<string, Build>;

export type TemplateName = keyof typeof BUILDERS;
export const TEMPLATE_NAMES = Object.keys(BUILDERS) as TemplateName[];

/** Builds the named template; a typed failure when the chain lacks the expiries or strikes. */
export function buildTemplate(
  name: TemplateName,
  src: TemplateChain,
  params: TemplateParams,
): TemplateResult {
  const m = src.multiplier ?? 100;
  const expiries = [...new Map(src.chain.map((q) => [q.expiry.getTime(), q.expiry])).values()];
  if (expiries.length === 0) return { ok: false, reason: 'NO_EXPIRY' };
  const picker = new Picker(src, params, expiries);
  if (picker.anchor === undefined) return { ok: false, reason: 'NO_STRIKE' };
  const builder: Build = BUILDERS[name];
  const spec = builder(picker);
  if (spec === 'DEGENERATE') return { ok: false, reason: 'DEGENERATE' };
  const legs: PositionLeg[] = [];
  for (const [pick, ratio] of spec) {
    if (pick === undefined) {
      const needsFar = /calendar|diagonal/.test(name) && picker.far === undefined;
      return { ok: false, reason: needsFar ? 'NO_FAR_EXPIRY' : 'NO_STRIKE' };
    }
    if (pick === 'stock') {
      legs.push({
        instrument: { kind: 'stock', underlying: src.underlying },
        quantity: ratio * m,
        entryPrice: src.spot,
      });
      continue;
    }
    legs.push({
      instrument: {
        kind: 'option',
        underlying: src.underlying,
        right: pick.right,
        strike: pick.strike,
        expiry: expiryCutoff(pick.expiry),
        multiplier: m,
      },
      quantity: ratio,
      entryPrice: pick.mid,
    });
  }
  return { ok: true, name, legs };
}
