import { describe, expect, it } from 'vitest';
import type { Instrument, PositionLeg } from '../portfolio/position.ts';
import { greedyRequirement } from './greedy.ts';
import { type RegTMarket, regTRequirement, regTRequirementByUnderlying } from './reg-t.ts';
import type { OptionInstrument } from './reg-t-rules.ts';

// Spot 100, multiplier 100. Marks per share (hand-picked, not model prices):
const E1 = new Date('2026-03-20T21:00:00Z');
const E2 = new Date('2026-06-19T21:00:00Z');
const MARKS: Record<string, number> = {
  'E1 call 95': 7,
  'E1 call 100': 4,
  'E1 call 105': 2,
  'E1 call 110': 0.8,
  'E1 put 80': 0.2,
  'E1 put 90': 0.7,
  'E1 put 95': 1.5,
  'E1 put 100': 3.5,
  'E1 put 105': 6.5,
  'E2 call 100': 6,
  'E2 call 105': 3.8,
};
const key = (o: OptionInstrument) => `${o.expiry === E2 ? 'E2' : 'E1'} ${o.right} ${o.strike}`;
const market = (underlyingClass: RegTMarket['underlyingClass'] = 'equity'): RegTMarket => ({
  spot: 100,
  underlyingClass,
  premiumOf: (o) => {
    const p = MARKS[key(o)];
    if (p === undefined) throw new Error(`no mark for ${key(o)}`);
    return p;
  },
});
const opt = (
  q: number,
  right: 'call' | 'put',
  strike: number,
  expiry = E1,
  underlying = 'XYZ',
): PositionLeg => ({
  instrument: { kind: 'option', underlying, right, strike, expiry, multiplier: 100 } satisfies Instrument,
  quantity: q,
});
const stock = (q: number, underlying = 'XYZ'): PositionLeg => ({
  instrument: { kind: 'stock', underlying },
  quantity: q,
});
const C = (q: number, k: number, e = E1) => opt(q, 'call', k, e);
const P = (q: number, k: number, e = E1) => opt(q, 'put', k, e);

// [name, legs, gross requirement, cash = gross − short proceeds, class]; arithmetic per share ×100.
const CASES: [string, PositionLeg[], number, number, RegTMarket['underlyingClass']?][] = [
  ['long calls: paid in full 2×4', [C(2, 100)], 800, 800],
  ['naked call OTM: max(2+20−5, 2+10)=17', [C(-1, 105)], 1700, 1500],
  ['naked call ITM: max(7+20−0, 7+10)=27', [C(-1, 95)], 2700, 2000],
  ['naked put OTM: max(0.7+20−10, 0.7+9)=10.7', [P(-1, 90)], 1070, 1000],
  ['naked put, 10% of strike binds: max(0.2+20−20, 0.2+8)=8.2', [P(-1, 80)], 820, 800],
  ['broad index naked call: max(0.8+15−10, 0.8+10)=10.8', [C(-1, 110)], 1080, 1000, 'broadIndex'],
  ['equity naked call 110: max(0.8+20−10, 0.8+10)=10.8', [C(-1, 110)], 1080, 1000],
  ['bull call (debit) spread: long 4 in full; cash = net debit 4−2', [C(1, 100), C(-1, 105)], 400, 200],
  ['bear call (credit) spread: long 2 + width 5; cash = 5 − credit 2', [C(-1, 100), C(1, 105)], 700, 300],
  ['bull put (credit) spread: long 1.5 + width 5; cash = 5 − 2', [P(-1, 100), P(1, 95)], 650, 300],
  ['covered call OTM: 100 − 50%·100 = 50; cash −2', [stock(100), C(-1, 105)], 5000, 4800],
  ['covered call ITM: loan value capped at strike: 100 − 50%·95', [stock(100), C(-1, 95)], 5250, 4550],
  ['protective put: stock 50 + put 1.5 (no Reg-T relief)', [stock(100), P(1, 95)], 5150, 5150],
  ['collar: covered call 50 + put 1.5; cash −2', [stock(100), P(1, 95), C(-1, 105)], 5150, 4950],
  ['covered put: short stock 50%; cash −1.5', [stock(-100), P(-1, 95)], 5000, 4850],
  ['short straddle: call 24 > put 23.5, + put premium 3.5', [C(-1, 100), P(-1, 100)], 2750, 2000],
  ['short strangle: call 17 > put 16.5, + put premium 1.5', [C(-1, 105), P(-1, 95)], 1850, 1500],
  [
    'iron condor 90/95/105/110: longs 1.5 + wider width 5',
    [P(1, 90), P(-1, 95), C(-1, 105), C(1, 110)],
    650,
    300,
  ],
  [
    'iron condor, put side wider: longs 1.5 + max(10, 5)',
    [P(1, 90), P(-1, 100), C(-1, 105), C(1, 110)],
    1150,
    600,
  ],
  [
    'iron butterfly 95/100/105: longs 3.5 + width 5; cash 5 − 4',
    [P(1, 95), P(-1, 100), C(-1, 100), C(1, 105)],
    850,
    100,
  ],
  [
    'long call butterfly 95/100/105: longs 9; cash = debit 9 − 8',
    [C(1, 95), C(-2, 100), C(1, 105)],
    900,
    100,
  ],
  [
    'long call condor 95/100/105/110: longs 7.8; cash = debit 1.8',
    [C(1, 95), C(-1, 100), C(-1, 105), C(1, 110)],
    780,
    180,
  ],
  [
    'long box 95/105: two debit spreads 7 + 6.5; cash = debit 10',
    [C(1, 95), C(-1, 105), P(1, 105), P(-1, 95)],
    1350,
    1000,
  ],
  [
    'short box 95/105: longs 3.5 + max loss 10; cash 0',
    [C(-1, 95), C(1, 105), P(-1, 105), P(1, 95)],
    1350,
    0,
  ],
  ['calendar: long E2 6 in full, same strike', [C(-1, 100), C(1, 100, E2)], 600, 200],
  ['reverse calendar: long expires first → naked 26 + long 4', [C(1, 100), C(-1, 100, E2)], 3000, 2400],
  ['diagonal: long E2 105 3.8 + width 5', [C(-1, 100), C(1, 105, E2)], 880, 480],
  ['ratio 1×2: debit spread 4 + naked 105 call 17', [C(1, 100), C(-2, 105)], 2100, 1700],
  ['odd lot stock 150 sh: 50%', [stock(150)], 7500, 7500],
];

describe('regTRequirement: Cboe templates', () => {
  it.each(CASES)('%s', (_name, legs, gross, cash, cls) => {
    const r = regTRequirement(legs, market(cls));
    expect(r.requirement).toBeCloseTo(gross, 9);
    expect(r.cashRequirement).toBeCloseTo(cash, 9);
    let sum = 0;
    for (const s of r.strategies) sum += s.requirement;
    expect(sum).toBeCloseTo(r.requirement, 9);
  });

  it('names the strategies it recognises', () => {
    const kinds = (legs: PositionLeg[]) =>
      regTRequirement(legs, market())
        .strategies.map((s) => s.strategy)
        .sort();
    expect(kinds([P(1, 90), P(-1, 95), C(-1, 105), C(1, 110)])).toEqual(['iron-condor']);
    expect(kinds([C(1, 95), C(-2, 100), C(1, 105)])).toEqual(['butterfly']);
    expect(kinds([C(-1, 95), C(1, 105), P(-1, 105), P(1, 95)])).toEqual(['box']);
    expect(kinds([stock(100), P(1, 95), C(-1, 105)])).toEqual(['covered-call', 'long-option']);
    expect(kinds([C(-1, 100), C(1, 105, E2)])).toEqual(['diagonal']);
    expect(kinds([C(-1, 100), P(-1, 100)])).toEqual(['short-straddle']);
  });

  it('scales with quantity and sums across underlyings', () => {
    const ten = regTRequirement([C(-10, 100), C(10, 105)], market());
    expect(ten.requirement).toBeCloseTo(7000, 9);
    const both = regTRequirementByUnderlying([C(-1, 100), C(1, 105), opt(-1, 'call', 105, E1, 'ABC')], () =>
      market(),
    );
    expect(both.requirement).toBeCloseTo(700 + 1700, 9);
    expect(both.byUnderlying.size).toBe(2);
  });
});

describe('optimal vs greedy (LEAN-style first-match) leg pairing', () => {
  it('greedy over-charges a book of call spreads', () => {
    // Order: short 110, short 100, long 95, long 105 (one contract each).
    // Greedy: short 110 takes the first cover, long 95 (long 7 + loss 0 = 700); short 100 is left
    //   with long 105 (long 2 + loss 105−100 = 5 → 700). Total 1400.
    // Optimal: short 100 / long 95 (700) and short 110 / long 105 (long 2 + loss 0 = 200) → 900.
    const book = [C(-1, 110), C(-1, 100), C(1, 95), C(1, 105)];
    expect(greedyRequirement(book, market()).requirement).toBeCloseTo(1400, 9);
    expect(regTRequirement(book, market()).requirement).toBeCloseTo(900, 9);
  });

  it('greedy over-charges a covered-call book', () => {
    // Order: short 110 call, short 95 call, 100 shares, long 105 call.
    // Greedy: short 110 takes the stock (covered OTM: 100 − 50 = 50 → 5000); short 95 takes the
    //   long 105 (long 2 + loss 10 = 12 → 1200). Total 6200.
    // Optimal: short 95 covered by stock (100 − 0.5·95 = 52.5 → 5250) and short 110 / long 105
    //   (2 + 0 → 200). Total 5450.
    const book = [C(-1, 110), C(-1, 95), stock(100), C(1, 105)];
    expect(greedyRequirement(book, market()).requirement).toBeCloseTo(6200, 9);
    expect(regTRequirement(book, market()).requirement).toBeCloseTo(5450, 9);
  });
});

describe('regTRequirement search', () => {
  it('is exact on ordinary books and quick on a 1000-lot iron condor', () => {
    const big = [P(1000, 90), P(-1000, 95), C(-1000, 105), C(1000, 110)];
    const r = regTRequirement(big, market());
    expect(r.exact).toBe(true);
    expect(r.requirement).toBeCloseTo(650 * 1000, 6);
  });

  it('falls back to a bound, never worse than pairs only, when the budget is hit', () => {
    // Many same-expiry verticals → many four-leg candidates with several counts each.
    const legs = [95, 100, 105].flatMap((k) => [C(3, k), C(-3, k), P(3, k), P(-3, k)]);
    const r = regTRequirement(legs, market());
    expect(r.exact).toBe(false);
    // Pairs only: every short has a same-strike long of its right → 4 × 3 × 3 verticals with loss 0.
    let longs = 0;
    for (const k of [95, 100, 105])
      longs += 3 * 100 * ((MARKS[`E1 call ${k}`] ?? 0) + (MARKS[`E1 put ${k}`] ?? 0));
    expect(r.requirement).toBeLessThanOrEqual(longs + 1e-6);
  });
});
