import { describe, expect, it } from 'vitest';
import type { PositionLeg } from '../../portfolio/position.ts';
import { positionValue } from '../../portfolio/position.ts';
import type { Book } from '../../portfolio-risk/book.ts';
import { portfolioGreeks } from '../../portfolio-risk/greeks.ts';
import { historicalVar } from '../../portfolio-risk/historical-var.ts';
import { greeksEuropean } from '../../pricing/greeks.ts';
import { instrumentKey } from './aggregate.ts';
import {
  BOOK,
  DAY,
  IV,
  input,
  LIMITS,
  MARKETS,
  modelPrice,
  NOW,
  opt,
  scenarios,
  spread,
} from './fixture.test-helper.ts';
import { orderFingerprint } from './order-context.ts';
import { runPreTradePipeline } from './pipeline.ts';
import type { OrderLeg, PipelineCheck, PipelineCheckName, PipelineInput, PipelineLimits } from './types.ts';

const ISSUE_ORDER: PipelineCheckName[] = [
  'CONTRACT_VALID',
  'OPTIONS_LEVEL',
  'MAX_LEGS',
  'MAX_CONTRACTS_PER_ORDER',
  'MAX_NOTIONAL_PER_ORDER',
  'MAX_LOSS_PER_TRADE',
  'PRICE_COLLAR_MID',
  'PRICE_COLLAR_THEO',
  'DUPLICATE_ORDER',
  'POST_TRADE_DELTA_UNDERLYING',
  'POST_TRADE_GAMMA_UNDERLYING',
  'POST_TRADE_VEGA_UNDERLYING',
  'POST_TRADE_DELTA_TOTAL',
  'POST_TRADE_GAMMA_TOTAL',
  'POST_TRADE_VEGA_TOTAL',
  'CONCENTRATION_UNDERLYING',
  'CONCENTRATION_EXPIRY',
  'BUYING_POWER',
  'VAR_POST_TRADE',
  'STRESS_POST_TRADE',
  'ORDER_RATE',
  'QUOTE_AGE',
  'SPREAD_WIDTH',
  'SESSION_HOURS',
  'CIRCUIT_BREAKER',
  'KILL_SWITCH',
];

function get(checks: PipelineCheck[], name: PipelineCheckName): PipelineCheck {
  const c = checks.find((k) => k.name === name);
  if (c === undefined) throw new Error(`no check ${name}`);
  return c;
}
const run = (i: PipelineInput) => runPreTradePipeline(i);
const signed = (legs: OrderLeg[]): PositionLeg[] =>
  legs.map((l) => ({ instrument: l.instrument, quantity: (l.side === 'buy' ? 1 : -1) * l.quantity }));

// Independent references for the spread on the book: full revaluation of book + order.
const order = spread();
const [long, short] = order;
if (long === undefined || short === undefined) throw new Error('fixture');
const p100 = modelPrice(long);
const p110 = modelPrice(short);
const all = [...BOOK, ...signed(order)];
const fullBook: Book = { legs: all, markets: MARKETS, asOf: new Date(NOW), volOf: () => IV };
const greeks = portfolioGreeks(fullBook);
const aaa = greeks.byUnderlying.find((g) => g.underlying === 'AAA');
if (aaa === undefined) throw new Error('fixture');
const sc = scenarios();
const hist = sc
  .filter((s) => s.kind === 'var')
  .map((s) => ({
    moves: Object.fromEntries(
      Object.entries(s.moves).map(([u, m]) => [u, { spotReturn: m.spotMove, volChange: m.volShift }]),
    ),
  }));
const refVar = historicalVar(fullBook, hist, { confidence: LIMITS.varConfidence, horizonDays: 1 }).var;
let refStress = Number.NEGATIVE_INFINITY;
for (const s of sc.filter((x) => x.kind === 'stress')) {
  let pnl = 0;
  for (const [u, m] of Object.entries(MARKETS)) {
    const legs = all.filter((l) => l.instrument.underlying === u);
    const shock = s.fallback ?? { spotMove: 0, volShift: 0, daysForward: 0 };
    pnl +=
      positionValue(legs, m, new Date(NOW), shock, () => IV) -
      positionValue(legs, m, new Date(NOW), { spotMove: 0, volShift: 0, daysForward: 0 }, () => IV);
  }
  refStress = Math.max(refStress, -pnl);
}
// Gross exposure by brute force: |net quantity × BSM delta × multiplier × spot| per instrument.
const net = new Map<string, PositionLeg>();
for (const l of all) {
  const k = instrumentKey(l.instrument);
  net.set(k, { instrument: l.instrument, quantity: (net.get(k)?.quantity ?? 0) + l.quantity });
}
let grossTotal = 0;
let grossAAA = 0;
let gross30d = 0;
for (const l of net.values()) {
  const i = l.instrument;
  const m = MARKETS[i.underlying];
  if (m === undefined) throw new Error('fixture');
  const d =
    i.kind === 'stock'
      ? 1
      : greeksEuropean({
          ...m,
          right: i.right,
          strike: i.strike,
          tYears: (i.expiry.getTime() - NOW) / (365 * DAY),
          vol: IV,
        }).delta * i.multiplier;
  const g = Math.abs(l.quantity * d * m.spot);
  grossTotal += g;
  if (i.underlying === 'AAA') grossAAA += g;
  if (i.kind === 'option' && i.expiry.getTime() === NOW + 30 * DAY) gross30d += g;
}

type Row = [PipelineCheckName, number, (v: number) => Partial<PipelineLimits> | Partial<PipelineInput>];
const lim = (k: keyof PipelineLimits) => (v: number) => ({ limits: { ...LIMITS, [k]: v } });
const ROWS: Row[] = [
  ['MAX_CONTRACTS_PER_ORDER', 4, lim('maxContractsPerOrder')],
  ['MAX_NOTIONAL_PER_ORDER', 4 * 100 * 100, lim('maxNotionalPerOrder')],
  ['MAX_LOSS_PER_TRADE', 200 * (p100 + 0.02 - (p110 - 0.02)), lim('maxLossPerTrade')],
  ['PRICE_COLLAR_MID', Math.max(0.02 / p100, 0.02 / p110), lim('priceCollarPctMid')],
  ['PRICE_COLLAR_THEO', Math.max(0.03 / (p100 - 0.01), 0.01 / (p110 - 0.01)), lim('priceCollarPctTheo')],
  ['POST_TRADE_DELTA_UNDERLYING', Math.abs(aaa.delta), lim('maxDeltaPerUnderlying')],
  ['POST_TRADE_GAMMA_UNDERLYING', Math.abs(aaa.dollarGamma1Pct), lim('maxGammaPerUnderlying')],
  ['POST_TRADE_VEGA_UNDERLYING', Math.abs(aaa.vega), lim('maxVegaPerUnderlying')],
  ['POST_TRADE_DELTA_TOTAL', Math.abs(greeks.total.dollarDelta), lim('maxDollarDeltaTotal')],
  ['POST_TRADE_GAMMA_TOTAL', Math.abs(greeks.total.dollarGamma1Pct), lim('maxGammaTotal')],
  ['POST_TRADE_VEGA_TOTAL', Math.abs(greeks.total.vega), lim('maxVegaTotal')],
  ['CONCENTRATION_UNDERLYING', grossAAA / grossTotal, lim('maxConcentrationUnderlying')],
  ['CONCENTRATION_EXPIRY', gross30d / grossTotal, lim('maxConcentrationExpiry')],
  // Reg-T call debit spread: cash requirement = the debit at mids.
  [
    'BUYING_POWER',
    200 * (p100 - p110),
    (v) => ({
      account: { equity: 2e5, buyingPower: 50_000 + v, optionsLevel: 4 },
      limits: { ...LIMITS, minBuyingPowerAfter: 50_000 },
    }),
  ],
  ['VAR_POST_TRADE', refVar, lim('maxVar')],
  ['STRESS_POST_TRADE', refStress, lim('maxStressLoss')],
  ['ORDER_RATE', 2, lim('maxOrdersPerMinute')],
  ['QUOTE_AGE', 1000, lim('maxQuoteAgeMs')],
  ['SPREAD_WIDTH', Math.max(0.1 / p100, 0.1 / p110), lim('maxSpreadPct')],
];

describe('runPreTradePipeline', () => {
  const base = run(input());

  it('runs every check in the issue order and passes the spread under generous limits', () => {
    expect(base.checks.map((c) => c.name)).toEqual(ISSUE_ORDER);
    expect(base.ok).toBe(true);
    expect(base.firstFailure).toBeUndefined();
    expect(base.limitsVersion).toBe(3);
  });

  it.each(ROWS)(
    '%s: value %f against an independent reference; pass / warn / fail boundaries',
    (name, ref, set) => {
      expect(get(base.checks, name).value).toBeCloseTo(ref, 6);
      const at = (limit: number) =>
        get(run(input(spread(), set(limit) as Partial<PipelineInput>)).checks, name);
      expect(at(ref * 2).status).toBe('pass');
      expect(at(ref / 0.95).status).toBe('warn');
      const fail = at(ref * 0.8);
      expect(fail.status).toBe('fail');
      expect(fail.excess).toBeCloseTo(ref * 0.2, 6);
      expect(fail.message).toMatch(/over by/);
    },
  );

  it('max legs, options level, duplicates: pass at the limit, fail beyond (no warn)', () => {
    const five = [
      ...spread(),
      ...spread().slice(0, 1),
      { ...spread()[1], quantity: 1 } as OrderLeg,
      spread()[0] as OrderLeg,
    ];
    expect(get(run(input(five.slice(0, 4))).checks, 'MAX_LEGS').status).toBe('pass');
    const f = get(run(input(five)).checks, 'MAX_LEGS');
    expect([f.status, f.value, f.limit]).toEqual(['fail', 5, 4]);
    const lvl = (n: 0 | 1 | 2 | 3 | 4) =>
      get(
        run(input(spread(), { account: { equity: 1, buyingPower: 1e5, optionsLevel: n } })).checks,
        'OPTIONS_LEVEL',
      );
    expect(lvl(3).status).toBe('pass');
    expect(lvl(2).status).toBe('fail');
    const fp = orderFingerprint([...spread()].reverse());
    const dup = (t: number) =>
      get(
        run(
          input(spread(), {
            state: {
              recentOrders: [{ fingerprint: fp, timeMs: t }],
              orderTimesMs: [],
              breakers: [],
              killSwitch: false,
            },
          }),
        ).checks,
        'DUPLICATE_ORDER',
      );
    expect(dup(NOW - 4000).status).toBe('fail');
    expect(dup(NOW - 6000).status).toBe('pass');
  });

  it('unlimited max loss fails when defined risk is required, warns otherwise', () => {
    const naked: OrderLeg[] = [
      { instrument: opt('AAA', 'call', 110, 30), side: 'sell', quantity: 1, limitPrice: p110 },
    ];
    const a = get(run(input(naked)).checks, 'MAX_LOSS_PER_TRADE');
    expect([a.status, a.value]).toEqual(['fail', Number.POSITIVE_INFINITY]);
    const b = get(
      run(input(naked, { limits: { ...LIMITS, requireDefinedRisk: false } })).checks,
      'MAX_LOSS_PER_TRADE',
    );
    expect(b.status).toBe('warn');
  });

  it('session hours: open on a weekday inside the session, closed outside and at weekends', () => {
    const at = (t: number) => get(run(input(spread(), { nowMs: t })).checks, 'SESSION_HOURS').status;
    expect(at(NOW)).toBe('pass');
    expect(at(NOW - 3600_000)).toBe('fail'); // 14:00 UTC
    expect(at(NOW + 3 * DAY)).toBe('fail'); // Saturday
  });
});

describe('fail closed', () => {
  it('a missing quote fails every check that needs it, never passes them', () => {
    const i = input();
    const q = new Map(i.quotes);
    q.delete(instrumentKey(short.instrument));
    const v = run({ ...i, quotes: q });
    expect(v.ok).toBe(false);
    for (const n of [
      'MAX_LOSS_PER_TRADE',
      'PRICE_COLLAR_MID',
      'QUOTE_AGE',
      'SPREAD_WIDTH',
      'VAR_POST_TRADE',
      'BUYING_POWER',
    ] as const) {
      const c = get(v.checks, n);
      expect(c.status).toBe('fail');
      expect(c.message).toMatch(/no quote/);
    }
    expect(v.firstFailure).toBe('OPTIONS_LEVEL');
  });

  it('a throwing sub-computation (scenario without a move) and NaN inputs fail', () => {
    const i = input();
    const broken = { ...i.book, scenarios: [{ name: 'x', kind: 'var' as const, moves: {} }] };
    const v = run({ ...i, book: broken });
    expect(get(v.checks, 'VAR_POST_TRADE').status).toBe('fail');
    expect(get(v.checks, 'VAR_POST_TRADE').message).toMatch(/no move for AAA/);
    const q = new Map(i.quotes);
    const k = instrumentKey(long.instrument);
    const old = q.get(k);
    if (old === undefined) throw new Error('fixture');
    q.set(k, { ...old, bid: Number.NaN, iv: Number.NaN });
    const w = run({ ...i, quotes: q });
    for (const n of ['SPREAD_WIDTH', 'POST_TRADE_DELTA_TOTAL'] as const)
      expect(get(w.checks, n).status).toBe('fail');
  });

  it('invalid contracts fail CONTRACT_VALID first', () => {
    const bad: OrderLeg[] = [
      {
        instrument: { ...opt('AAA', 'call', 100, 30), expiry: new Date(NOW - DAY) },
        side: 'buy',
        quantity: 1,
        limitPrice: 1,
      },
      { instrument: opt('ZZZ', 'call', 100, 30), side: 'buy', quantity: 1, limitPrice: 1 },
      {
        instrument: { ...opt('AAA', 'put', -5, 30), multiplier: 0 },
        side: 'buy',
        quantity: 1,
        limitPrice: 1,
      },
    ];
    const q = { bid: 1, ask: 1.1, mid: 1.05, theo: 1.05, iv: IV, quoteTimeMs: NOW };
    const v = run(input(bad, { quotes: new Map(bad.map((l) => [instrumentKey(l.instrument), q])) }));
    const c = get(v.checks, 'CONTRACT_VALID');
    expect(c.status).toBe('fail');
    expect(c.value).toBe(4); // expired, unknown underlying, strike, multiplier
    expect(v.firstFailure).toBe('CONTRACT_VALID');
  });
});

describe('circuit breakers and kill switch', () => {
  const c105 = opt('AAA', 'call', 105, 30); // the book is short 5
  const leg = (side: 'buy' | 'sell', quantity: number): OrderLeg[] => [
    { instrument: c105, side, quantity, limitPrice: modelPrice({ instrument: c105 }) },
  ];
  const states = [
    ['KILL_SWITCH', { recentOrders: [], orderTimesMs: [], breakers: [], killSwitch: true }],
    [
      'CIRCUIT_BREAKER',
      {
        recentOrders: [],
        orderTimesMs: [],
        breakers: [
          { name: 'daily-loss', open: true },
          { name: 'x', open: false },
        ],
        killSwitch: false,
      },
    ],
  ] as const;
  it.each(states)('%s blocks opening orders and allows reducing ones', (name, state) => {
    const s = (legs: OrderLeg[]) => get(run(input(legs, { state })).checks, name).status;
    expect(s(spread())).toBe('fail');
    expect(s(leg('buy', 2))).not.toBe('fail');
    expect(s(leg('buy', 5))).not.toBe('fail');
    expect(s(leg('buy', 6))).toBe('fail'); // exceeds the position
    expect(s(leg('sell', 2))).toBe('fail'); // adds to it
    expect(get(run(input(spread())).checks, name).status).toBe('pass');
  });
});
