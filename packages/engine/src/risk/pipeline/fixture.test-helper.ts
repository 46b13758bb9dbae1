/** A small two-underlying book, quotes, limits and scenarios shared by the pipeline tests. */
import type { PositionLeg, UnderlyingMarket } from '../../portfolio/position.ts';
import { priceEuropean } from '../../pricing/black-scholes.ts';
import { createRng } from '../../rng.ts';
import { aggregateBook, instrumentKey } from './aggregate.ts';
import type { ContractQuote, OrderLeg, PipelineInput, PipelineLimits, RiskScenario } from './types.ts';

export const NOW = Date.UTC(2026, 2, 4, 15, 0); // Wednesday 15:00 UTC
export const DAY = 86_400_000;
export const MARKETS: Record<string, UnderlyingMarket> = {
  AAA: { spot: 100, rate: 0.03, dividendYield: 0.01 },
  BBB: { spot: 50, rate: 0.03, dividendYield: 0 },
};
export const IV = 0.25;

export function opt(u: string, right: 'call' | 'put', strike: number, days: number) {
  return {
    kind: 'option' as const,
    underlying: u,
    right,
    strike,
    expiry: new Date(NOW + days * DAY),
    multiplier: 100,
  };
}

export const BOOK: PositionLeg[] = [
  { instrument: opt('AAA', 'call', 105, 30), quantity: -5 },
  { instrument: { kind: 'stock', underlying: 'AAA' }, quantity: 300 },
  { instrument: opt('AAA', 'put', 95, 60), quantity: 4 },
  { instrument: opt('BBB', 'call', 50, 45), quantity: 10 },
  { instrument: opt('BBB', 'call', 55, 45), quantity: -10 },
];

/** 40 seeded 1-day 'var' scenarios (independent moves per underlying) and 4 'stress' ones. */
export function scenarios(): RiskScenario[] {
  const rng = createRng(7);
  const out: RiskScenario[] = [];
  for (let k = 0; k < 40; k++) {
    const moves: RiskScenario['moves'] = {};
    for (const u of Object.keys(MARKETS)) {
      (moves as Record<string, unknown>)[u] = {
        spotMove: 0.02 * rng.normal(),
        volShift: 0.01 * rng.normal(),
        daysForward: 1,
      };
    }
    out.push({ name: `day${k}`, kind: 'var', moves });
  }
  for (const [m, v] of [
    [-0.2, 0.1],
    [-0.1, 0.05],
    [0.1, -0.03],
    [0.2, -0.05],
  ] as const) {
    out.push({
      name: `spot${m}/vol${v}`,
      kind: 'stress',
      moves: {},
      fallback: { spotMove: m, volShift: v, daysForward: 0 },
    });
  }
  return out;
}

export function modelPrice(leg: { instrument: PositionLeg['instrument'] }, nowMs = NOW): number {
  const i = leg.instrument;
  const m = MARKETS[i.underlying];
  if (m === undefined) throw new Error('no market');
  if (i.kind === 'stock') return m.spot;
  const tYears = (i.expiry.getTime() - nowMs) / (365 * DAY);
  return priceEuropean({
    right: i.right,
    spot: m.spot,
    strike: i.strike,
    tYears,
    rate: m.rate,
    dividendYield: m.dividendYield,
    vol: IV,
  });
}

export function book() {
  return aggregateBook(BOOK, MARKETS, scenarios(), {
    asOf: new Date(NOW),
    volOf: () => IV,
    premiumOf: (o) => modelPrice({ instrument: o }),
  });
}

/** Quote: mid = model price, bid/ask = mid ∓ 0.05, theo = mid − 0.01, 1 s old. */
export function quoteFor(legs: readonly OrderLeg[]): Map<string, ContractQuote> {
  const q = new Map<string, ContractQuote>();
  for (const l of legs) {
    const mid = modelPrice(l);
    q.set(instrumentKey(l.instrument), {
      bid: mid - 0.05,
      ask: mid + 0.05,
      mid,
      theo: mid - 0.01,
      iv: IV,
      quoteTimeMs: NOW - 1000,
    });
  }
  return q;
}

/** Bull call spread 2 × (AAA C100 / C110, 30 days), limits 0.02 adverse to mid. */
export function spread(): OrderLeg[] {
  const long = opt('AAA', 'call', 100, 30);
  const short = opt('AAA', 'call', 110, 30);
  return [
    { instrument: long, side: 'buy', quantity: 2, limitPrice: modelPrice({ instrument: long }) + 0.02 },
    { instrument: short, side: 'sell', quantity: 2, limitPrice: modelPrice({ instrument: short }) - 0.02 },
  ];
}

/** Generous limits: everything passes for the spread. */
export const LIMITS: PipelineLimits = {
  version: 3,
  maxLegs: 4,
  maxContractsPerOrder: 100,
  maxNotionalPerOrder: 1e6,
  maxLossPerTrade: 1e5,
  requireDefinedRisk: true,
  priceCollarPctMid: 0.5,
  priceCollarPctTheo: 0.5,
  priceCollarRefFloor: 0.05,
  duplicateWindowMs: 5000,
  maxDeltaPerUnderlying: 1e5,
  maxGammaPerUnderlying: 1e5,
  maxVegaPerUnderlying: 1e5,
  maxDollarDeltaTotal: 1e7,
  maxGammaTotal: 1e6,
  maxVegaTotal: 1e6,
  maxConcentrationUnderlying: 1,
  maxConcentrationExpiry: 1,
  concentrationMinGross: 0,
  minBuyingPowerAfter: 0,
  varConfidence: 0.95,
  maxVar: 1e6,
  maxStressLoss: 1e6,
  maxOrdersPerMinute: 100,
  maxQuoteAgeMs: 60_000,
  maxSpreadPct: 10,
  sessionOpenMinuteUtc: 14 * 60 + 30,
  sessionCloseMinuteUtc: 21 * 60,
};

export function input(legs: OrderLeg[] = spread(), over: Partial<PipelineInput> = {}): PipelineInput {
  return {
    order: { legs },
    quotes: over.quotes ?? quoteFor(legs),
    book: book(),
    account: { equity: 200_000, buyingPower: 100_000, optionsLevel: 4 },
    limits: LIMITS,
    state: { recentOrders: [], orderTimesMs: [NOW - 10_000, NOW - 70_000], breakers: [], killSwitch: false },
    nowMs: NOW,
    ...over,
  };
}
