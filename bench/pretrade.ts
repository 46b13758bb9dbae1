/**
 * `npx tsx bench/pretrade.ts`: speed of the pre-trade pipeline on a 10,000-position book.
 *
 * 1. A seeded book: 50 underlyings × 200 positions (options at strikes 70–130% of spot, expiries
 *    7–180 days, ±1–20 contracts; one stock line each), 250 one-day VaR scenarios + 12 stress
 *    scenarios (spot ±5/10/20% × vol ±5 points).
 * 2. `aggregateBook` once (the per-mark step): wall time.
 * 3. `runPreTradePipeline` on 2,000 seeded 1–4-leg orders: p50/p99/max µs per order (goal < 1 ms).
 * 4. For reference, the naive way for a few orders: aggregate book + order from scratch, then run.
 * The last line printed is one JSON object of figures. `--quick` uses 200 orders.
 */

import type { PositionLeg, UnderlyingMarket } from '../packages/engine/src/portfolio/index.ts';
import { priceEuropean } from '../packages/engine/src/pricing/black-scholes.ts';
import {
  aggregateBook,
  type ContractQuote,
  instrumentKey,
  type OrderLeg,
  type PipelineInput,
  type PipelineLimits,
  type RiskScenario,
  runPreTradePipeline,
} from '../packages/engine/src/risk/index.ts';
import { createRng } from '../packages/engine/src/rng.ts';

const quick = process.argv.includes('--quick');
const N_UNDERLYINGS = 50;
const PER_UNDERLYING = 200;
const N_ORDERS = quick ? 200 : 2000;
const N_NAIVE = 3;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 4, 15, 0);
const IV = 0.3;
const rng = createRng(20260304);

const markets: Record<string, UnderlyingMarket> = {};
const symbols: string[] = [];
for (let u = 0; u < N_UNDERLYINGS; u++) {
  const s = `U${u}`;
  symbols.push(s);
  markets[s] = { spot: Math.round(20 + 480 * rng.next()), rate: 0.03, dividendYield: 0.01 * rng.next() };
}
const pick = <T>(xs: readonly T[]): T => {
  const x = xs[Math.floor(rng.next() * xs.length)];
  if (x === undefined) throw new Error('empty');
  return x;
};
const EXPIRY_DAYS = [7, 14, 30, 45, 60, 90, 120, 180];
function randomOption(u: string) {
  const spot = markets[u]?.spot ?? 100;
  const strike = Math.round(spot * (0.7 + 0.6 * rng.next()));
  return {
    kind: 'option' as const,
    underlying: u,
    right: rng.next() < 0.5 ? ('call' as const) : ('put' as const),
    strike,
    expiry: new Date(NOW + pick(EXPIRY_DAYS) * DAY),
    multiplier: 100,
  };
}
const positions: PositionLeg[] = [];
for (const u of symbols) {
  positions.push({
    instrument: { kind: 'stock', underlying: u },
    quantity: 100 * Math.round(10 * rng.next()),
  });
  for (let k = 1; k < PER_UNDERLYING; k++) {
    const q = 1 + Math.floor(20 * rng.next());
    positions.push({ instrument: randomOption(u), quantity: rng.next() < 0.5 ? q : -q });
  }
}
const scenarios: RiskScenario[] = [];
for (let d = 0; d < 250; d++) {
  const mkt = 0.012 * rng.normal();
  const moves: Record<string, { spotMove: number; volShift: number; daysForward: number }> = {};
  for (const u of symbols)
    moves[u] = { spotMove: mkt + 0.015 * rng.normal(), volShift: 0.01 * rng.normal(), daysForward: 1 };
  scenarios.push({ name: `d${d}`, kind: 'var', moves });
}
for (const m of [-0.2, -0.1, -0.05, 0.05, 0.1, 0.2])
  for (const v of [-0.05, 0.05])
    scenarios.push({
      name: `${m}/${v}`,
      kind: 'stress',
      moves: {},
      fallback: { spotMove: m, volShift: v, daysForward: 0 },
    });

const price = (i: PositionLeg['instrument']): number => {
  const m = markets[i.underlying];
  if (m === undefined) throw new Error('market');
  if (i.kind === 'stock') return m.spot;
  const tYears = (i.expiry.getTime() - NOW) / (365 * DAY);
  return priceEuropean({
    right: i.right,
    spot: m.spot,
    strike: i.strike,
    tYears,
    rate: m.rate,
    dividendYield: m.dividendYield,
    vol: IV,
  });
};
// Margin per underlying by a strategy-free upper bound (each short naked, longs paid in full):
// the exact Reg-T grouping search is too slow on books this size (see AggregateOptions.marginOf).
const marginOf = (u: string, legs: readonly PositionLeg[]): number => {
  const spot = markets[u]?.spot ?? Number.NaN;
  let m = 0;
  for (const l of legs) {
    const i = l.instrument;
    if (i.kind === 'stock') m += 0.5 * Math.abs(l.quantity) * spot;
    else if (l.quantity > 0) m += l.quantity * i.multiplier * price(i);
    else {
      const otm = i.right === 'call' ? Math.max(0, i.strike - spot) : Math.max(0, spot - i.strike);
      const floor = 0.1 * (i.right === 'call' ? spot : i.strike);
      m += -l.quantity * i.multiplier * (price(i) + Math.max(0.2 * spot - otm, floor));
    }
  }
  return m;
};
const aggOptions = { asOf: new Date(NOW), volOf: () => IV, premiumOf: price, marginOf };

let t0 = performance.now();
const book = aggregateBook(positions, markets, scenarios, aggOptions);
const aggregateMs = performance.now() - t0;

const limits: PipelineLimits = {
  version: 1,
  maxLegs: 4,
  maxContractsPerOrder: 200,
  maxNotionalPerOrder: 5e6,
  maxLossPerTrade: 5e4,
  requireDefinedRisk: false,
  priceCollarPctMid: 0.1,
  priceCollarPctTheo: 0.15,
  priceCollarRefFloor: 0.05,
  duplicateWindowMs: 5000,
  maxDeltaPerUnderlying: 5e4,
  maxGammaPerUnderlying: 1e5,
  maxVegaPerUnderlying: 1e5,
  maxDollarDeltaTotal: 1e8,
  maxGammaTotal: 1e7,
  maxVegaTotal: 1e7,
  maxConcentrationUnderlying: 0.25,
  maxConcentrationExpiry: 0.5,
  concentrationMinGross: 1e5,
  minBuyingPowerAfter: 1e5,
  varConfidence: 0.99,
  maxVar: 5e6,
  maxStressLoss: 2e7,
  maxOrdersPerMinute: 60,
  maxQuoteAgeMs: 5000,
  maxSpreadPct: 0.5,
  sessionOpenMinuteUtc: 870,
  sessionCloseMinuteUtc: 1260,
};
const recentOrders = Array.from({ length: 50 }, (_, k) => ({ fingerprint: `x${k}`, timeMs: NOW - 1000 * k }));
const orderTimesMs = recentOrders.map((o) => o.timeMs);

function randomOrder(): PipelineInput {
  const u = pick(symbols);
  const n = 1 + Math.floor(4 * rng.next());
  const legs: OrderLeg[] = [];
  const quotes = new Map<string, ContractQuote>();
  for (let k = 0; k < n; k++) {
    const instrument = randomOption(u);
    const mid = price(instrument);
    const side = rng.next() < 0.5 ? ('buy' as const) : ('sell' as const);
    legs.push({ instrument, side, quantity: 1 + Math.floor(10 * rng.next()), limitPrice: mid });
    quotes.set(instrumentKey(instrument), {
      bid: mid * 0.98,
      ask: mid * 1.02 + 0.01,
      mid,
      theo: mid,
      iv: IV,
      quoteTimeMs: NOW - 500,
    });
  }
  return {
    order: { legs },
    quotes,
    book,
    account: { equity: 5e6, buyingPower: 2e6, optionsLevel: 4 },
    limits,
    state: { recentOrders, orderTimesMs, breakers: [{ name: 'daily-loss', open: false }], killSwitch: false },
    nowMs: NOW,
  };
}

const orders = Array.from({ length: N_ORDERS }, randomOrder);
for (let k = 0; k < 100; k++) runPreTradePipeline(orders[k % orders.length] as PipelineInput); // warm-up
const times: number[] = [];
let failed = 0;
for (const o of orders) {
  t0 = performance.now();
  const v = runPreTradePipeline(o);
  times.push((performance.now() - t0) * 1000);
  if (!v.ok) failed++;
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? Number.NaN;

// Naive: rebuild the aggregates of book + order from scratch, then run the same checks.
const naive: number[] = [];
for (let k = 0; k < N_NAIVE; k++) {
  const o = orders[k] as PipelineInput;
  t0 = performance.now();
  const legs = o.order.legs.map((l) => ({
    instrument: l.instrument,
    quantity: (l.side === 'buy' ? 1 : -1) * l.quantity,
  }));
  const full = aggregateBook([...positions, ...legs], markets, scenarios, aggOptions);
  runPreTradePipeline({ ...o, book: full });
  naive.push(performance.now() - t0);
}
naive.sort((a, b) => a - b);

const figures = {
  positions: positions.length,
  underlyings: N_UNDERLYINGS,
  scenarios: scenarios.length,
  aggregateBookMs: Number(aggregateMs.toFixed(1)),
  orders: N_ORDERS,
  ordersFailingSomeCheck: failed,
  pipelineP50Us: Number(q(0.5).toFixed(1)),
  pipelineP99Us: Number(q(0.99).toFixed(1)),
  pipelineMaxUs: Number((times[times.length - 1] ?? Number.NaN).toFixed(1)),
  goalUs: 1000,
  naiveFullRecomputeMedianMs: Number((naive[Math.floor(naive.length / 2)] ?? Number.NaN).toFixed(1)),
  naiveOrders: N_NAIVE,
};
console.log(
  `aggregateBook: ${figures.aggregateBookMs} ms for ${positions.length} positions × ${scenarios.length} scenarios`,
);
console.log(
  `pipeline per order: p50 ${figures.pipelineP50Us} µs, p99 ${figures.pipelineP99Us} µs, max ${figures.pipelineMaxUs} µs`,
);
console.log(
  `naive full recomputation per order: ${figures.naiveFullRecomputeMedianMs} ms (median of ${N_NAIVE})`,
);
console.log(JSON.stringify(figures));
