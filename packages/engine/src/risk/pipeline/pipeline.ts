/**
 * The pre-trade pipeline (issue 4): every check runs, in the order (CHECK_ORDER), and
 * answers pass/warn/fail with its numbers and limit. Fail closed: a check whose inputs are missing
 * or not finite, or whose computation throws, is a 'fail' with the reason, never a pass.
 *
 * Post-trade checks price only the order's legs and add them to precomputed book aggregates
 * (aggregate.ts states what is exact and what is a bound).
 */
import { regTRequirementByUnderlying } from '../../margin/reg-t.ts';
import { tailStats } from '../../portfolio-risk/tail-stats.ts';
import { instrumentKey } from './aggregate.ts';
import { CHECK_ORDER, cannotCompute, fmt, maxCheck, result } from './check.ts';
import { requiredOptionsLevel } from './options-level.ts';
import { OrderContext, orderFingerprint } from './order-context.ts';
import type {
  PipelineCheck,
  PipelineCheckName,
  PipelineInput,
  PipelineUnit,
  PipelineVerdict,
} from './types.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

type CheckFn = (c: OrderContext) => PipelineCheck;

/** Worst |value| over the order's underlyings, with the underlying's name. */
function worstUnderlying(
  c: OrderContext,
  name: PipelineCheckName,
  limit: number,
  unit: PipelineUnit,
  post: (u: string) => number,
): PipelineCheck {
  let worst = -1;
  let at = '';
  for (const u of c.contribution().byUnderlying.keys()) {
    const v = Math.abs(post(u));
    if (!Number.isFinite(v)) throw new RangeError(`post-trade value of ${u} is not finite`);
    if (v > worst) {
      worst = v;
      at = u;
    }
  }
  return maxCheck(name, Math.max(0, worst), limit, unit, `worst underlying ${at}`);
}

function breaker(c: OrderContext, name: PipelineCheckName, open: string[]): PipelineCheck {
  if (open.length === 0) return result(name, 'pass', 0, 0, 'count', 'none open');
  if (c.reducesOnly()) {
    return result(
      name,
      'warn',
      open.length,
      0,
      'count',
      `open (${open.join(', ')}); allowed: the order only reduces existing positions`,
    );
  }
  return result(
    name,
    'fail',
    open.length,
    0,
    'count',
    `open (${open.join(', ')}); only orders reducing existing positions are allowed`,
  );
}

const CHECKS: Record<PipelineCheckName, CheckFn> = {
  CONTRACT_VALID: (c) => {
    const bad: string[] = [];
    for (const l of c.input.order.legs) {
      const i = l.instrument;
      const key = instrumentKey(i);
      if (!c.input.book.byUnderlying.has(i.underlying)) bad.push(`${key}: unknown underlying`);
      if (!(l.quantity > 0 && Number.isFinite(l.quantity))) bad.push(`${key}: quantity ${l.quantity}`);
      if (!(l.limitPrice >= 0 && Number.isFinite(l.limitPrice)))
        bad.push(`${key}: limit price ${l.limitPrice}`);
      if (i.kind === 'option') {
        if (!(i.expiry.getTime() > c.input.nowMs)) bad.push(`${key}: expired`);
        if (!(i.strike > 0 && Number.isFinite(i.strike))) bad.push(`${key}: strike ${i.strike}`);
        if (!(i.multiplier > 0 && Number.isFinite(i.multiplier)))
          bad.push(`${key}: multiplier ${i.multiplier}`);
      }
    }
    if (c.input.order.legs.length === 0) bad.push('order has no legs');
    return bad.length === 0
      ? result('CONTRACT_VALID', 'pass', 0, 0, 'count', 'every leg valid')
      : result('CONTRACT_VALID', 'fail', bad.length, 0, 'count', bad.join('; '));
  },
  OPTIONS_LEVEL: (c) => {
    const { account } = c.input;
    const need = requiredOptionsLevel(c.legs(), {
      maxLoss: c.maxLoss(),
      bookShares: (u) => c.input.book.positions.get(`${u}|STK`) ?? 0,
      buyingPower: account.buyingPower,
      reducesOnly: c.reducesOnly(),
    });
    return maxCheck('OPTIONS_LEVEL', need, account.optionsLevel, 'level', `order needs level ${need}`, false);
  },
  MAX_LEGS: (c) => maxCheck('MAX_LEGS', c.input.order.legs.length, c.input.limits.maxLegs, 'legs', '', false),
  MAX_CONTRACTS_PER_ORDER: (c) => {
    let n = 0;
    for (const l of c.input.order.legs) if (l.instrument.kind === 'option') n += l.quantity;
    return maxCheck('MAX_CONTRACTS_PER_ORDER', n, c.input.limits.maxContractsPerOrder, 'contracts');
  },
  MAX_NOTIONAL_PER_ORDER: (c) => {
    let n = 0;
    for (const l of c.input.order.legs) {
      const m = l.instrument.kind === 'option' ? l.instrument.multiplier : 1;
      n += l.quantity * m * c.aggregate(l.instrument.underlying).market.spot;
    }
    return maxCheck(
      'MAX_NOTIONAL_PER_ORDER',
      n,
      c.input.limits.maxNotionalPerOrder,
      'USD',
      'Σ quantity × multiplier × spot',
    );
  },
  MAX_LOSS_PER_TRADE: (c) => {
    const { limits } = c.input;
    const loss = c.maxLoss();
    if (loss === 'unlimited') {
      const status = limits.requireDefinedRisk ? 'fail' : 'warn';
      const why = limits.requireDefinedRisk
        ? 'defined risk is required'
        : 'undefined risk allowed by the limits';
      return result(
        'MAX_LOSS_PER_TRADE',
        status,
        Number.POSITIVE_INFINITY,
        limits.maxLossPerTrade,
        'USD',
        `max loss unlimited; ${why}`,
      );
    }
    return maxCheck(
      'MAX_LOSS_PER_TRADE',
      loss,
      limits.maxLossPerTrade,
      'USD',
      'at the horizon, at the limit prices',
    );
  },
  PRICE_COLLAR_MID: (c) => collar(c, 'PRICE_COLLAR_MID', 'mid', c.input.limits.priceCollarPctMid),
  PRICE_COLLAR_THEO: (c) => collar(c, 'PRICE_COLLAR_THEO', 'theo', c.input.limits.priceCollarPctTheo),
  DUPLICATE_ORDER: (c) => {
    const { state, limits, nowMs } = c.input;
    const fp = orderFingerprint(c.input.order.legs);
    const n = state.recentOrders.filter(
      (o) => o.fingerprint === fp && o.timeMs <= nowMs && nowMs - o.timeMs <= limits.duplicateWindowMs,
    ).length;
    return maxCheck(
      'DUPLICATE_ORDER',
      n,
      0,
      'count',
      `same order within ${limits.duplicateWindowMs} ms`,
      false,
    );
  },
  POST_TRADE_DELTA_UNDERLYING: (c) =>
    worstUnderlying(c, 'POST_TRADE_DELTA_UNDERLYING', c.input.limits.maxDeltaPerUnderlying, 'shares', (u) => {
      return c.aggregate(u).delta + (c.contribution().byUnderlying.get(u)?.delta ?? 0);
    }),
  POST_TRADE_GAMMA_UNDERLYING: (c) =>
    worstUnderlying(c, 'POST_TRADE_GAMMA_UNDERLYING', c.input.limits.maxGammaPerUnderlying, 'USD', (u) => {
      return c.aggregate(u).dollarGamma1Pct + (c.contribution().byUnderlying.get(u)?.dollarGamma1Pct ?? 0);
    }),
  POST_TRADE_VEGA_UNDERLYING: (c) =>
    worstUnderlying(
      c,
      'POST_TRADE_VEGA_UNDERLYING',
      c.input.limits.maxVegaPerUnderlying,
      'USD per vol point',
      (u) => {
        return c.aggregate(u).vega + (c.contribution().byUnderlying.get(u)?.vega ?? 0);
      },
    ),
  POST_TRADE_DELTA_TOTAL: (c) =>
    maxCheck(
      'POST_TRADE_DELTA_TOTAL',
      Math.abs(c.input.book.dollarDeltaTotal + c.contribution().dollarDelta),
      c.input.limits.maxDollarDeltaTotal,
      'USD',
    ),
  POST_TRADE_GAMMA_TOTAL: (c) =>
    maxCheck(
      'POST_TRADE_GAMMA_TOTAL',
      Math.abs(c.input.book.dollarGamma1PctTotal + c.contribution().dollarGamma1Pct),
      c.input.limits.maxGammaTotal,
      'USD',
    ),
  POST_TRADE_VEGA_TOTAL: (c) =>
    maxCheck(
      'POST_TRADE_VEGA_TOTAL',
      Math.abs(c.input.book.vegaTotal + c.contribution().vega),
      c.input.limits.maxVegaTotal,
      'USD per vol point',
    ),
  CONCENTRATION_UNDERLYING: (c) =>
    concentration(c, 'CONCENTRATION_UNDERLYING', c.input.limits.maxConcentrationUnderlying, (add) => {
      const out: [string, number][] = [];
      for (const [u, x] of add.byUnderlying) out.push([u, c.aggregate(u).gross + x.gross]);
      return out;
    }),
  CONCENTRATION_EXPIRY: (c) =>
    concentration(c, 'CONCENTRATION_EXPIRY', c.input.limits.maxConcentrationExpiry, (add) => {
      const out: [string, number][] = [];
      for (const [e, g] of add.grossByExpiry) out.push([e, (c.input.book.grossByExpiry.get(e) ?? 0) + g]);
      return out;
    }),
  BUYING_POWER: (c) => {
    const { account, limits, book } = c.input;
    const headroom = account.buyingPower - limits.minBuyingPowerAfter;
    if (c.reducesOnly()) {
      return maxCheck('BUYING_POWER', 0, headroom, 'USD', 'closing order: no new margin', false);
    }
    const mids = new Map(c.legs().map((l) => [instrumentKey(l.instrument), c.quote(l).mid]));
    const r = regTRequirementByUnderlying(c.legs(), (u) => ({
      spot: c.aggregate(u).market.spot,
      premiumOf: (o) => mids.get(instrumentKey(o)) ?? Number.NaN,
    }));
    const need = Math.max(0, r.cashRequirement);
    let bound = 0;
    for (const u of r.byUnderlying.keys()) bound += book.byUnderlying.get(u)?.margin ?? 0;
    bound += r.requirement;
    return maxCheck(
      'BUYING_POWER',
      need,
      headroom,
      'USD',
      `order cash requirement vs buying power ${fmt(account.buyingPower, 'USD')} − minimum ${fmt(limits.minBuyingPowerAfter, 'USD')}; post-trade Reg-T of the touched underlyings ≤ ${fmt(bound, 'USD')}`,
    );
  },
  VAR_POST_TRADE: (c) => {
    const { book, limits } = c.input;
    const add = c.contribution().pnl;
    const post: number[] = [];
    const pre: number[] = [];
    book.scenarios.forEach((s, k) => {
      if (s.kind !== 'var') return;
      pre.push(book.pnlTotal[k] ?? Number.NaN);
      post.push((book.pnlTotal[k] ?? Number.NaN) + (add[k] ?? Number.NaN));
    });
    if (post.length === 0) throw new RangeError('no VaR scenarios in the book aggregates');
    const after = tailStats(post, limits.varConfidence).var;
    const before = tailStats(pre, limits.varConfidence).var;
    return maxCheck(
      'VAR_POST_TRADE',
      after,
      limits.maxVar,
      'USD',
      `pre-trade ${fmt(before, 'USD')}, ${post.length} scenarios`,
    );
  },
  STRESS_POST_TRADE: (c) => {
    const { book, limits } = c.input;
    const add = c.contribution().pnl;
    let worst = Number.NEGATIVE_INFINITY;
    let at = '';
    book.scenarios.forEach((s, k) => {
      if (s.kind !== 'stress') return;
      const loss = -((book.pnlTotal[k] ?? Number.NaN) + (add[k] ?? Number.NaN));
      if (Number.isNaN(loss)) throw new RangeError(`stress P&L of ${s.name} is not a number`);
      if (loss > worst) {
        worst = loss;
        at = s.name;
      }
    });
    if (at === '') throw new RangeError('no stress scenarios in the book aggregates');
    return maxCheck('STRESS_POST_TRADE', worst, limits.maxStressLoss, 'USD', `worst scenario ${at}`);
  },
  ORDER_RATE: (c) => {
    const { state, nowMs, limits } = c.input;
    const n = state.orderTimesMs.filter((t) => t <= nowMs && nowMs - t < MINUTE_MS).length + 1;
    return maxCheck(
      'ORDER_RATE',
      n,
      limits.maxOrdersPerMinute,
      'orders',
      'in the last minute, this one included',
    );
  },
  QUOTE_AGE: (c) => {
    let age = 0;
    for (const l of c.input.order.legs) age = Math.max(age, c.input.nowMs - c.quote(l).quoteTimeMs);
    return maxCheck('QUOTE_AGE', age, c.input.limits.maxQuoteAgeMs, 'ms', 'oldest leg quote');
  },
  SPREAD_WIDTH: (c) => {
    let worst = 0;
    for (const l of c.input.order.legs) {
      const q = c.quote(l);
      if (!(q.mid > 0) || q.ask < q.bid) throw new RangeError(`bad quote for ${instrumentKey(l.instrument)}`);
      worst = Math.max(worst, (q.ask - q.bid) / q.mid);
    }
    return maxCheck(
      'SPREAD_WIDTH',
      worst,
      c.input.limits.maxSpreadPct,
      'ratio',
      '(ask − bid) / mid, widest leg',
    );
  },
  SESSION_HOURS: (c) => {
    const { nowMs, limits } = c.input;
    const minute = Math.floor((((nowMs % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
    const weekday = new Date(nowMs).getUTCDay();
    const open =
      weekday >= 1 &&
      weekday <= 5 &&
      minute >= limits.sessionOpenMinuteUtc &&
      minute < limits.sessionCloseMinuteUtc;
    const text = `UTC minute ${minute} on weekday ${weekday}; session ${limits.sessionOpenMinuteUtc}–${limits.sessionCloseMinuteUtc} Mon–Fri`;
    return result(
      'SESSION_HOURS',
      open ? 'pass' : 'fail',
      minute,
      limits.sessionCloseMinuteUtc,
      'count',
      `${open ? 'open' : 'closed'}: ${text}`,
    );
  },
  CIRCUIT_BREAKER: (c) =>
    breaker(
      c,
      'CIRCUIT_BREAKER',
      c.input.state.breakers.filter((b) => b.open).map((b) => b.name),
    ),
  KILL_SWITCH: (c) => breaker(c, 'KILL_SWITCH', c.input.state.killSwitch ? ['kill switch'] : []),
};

function collar(c: OrderContext, name: PipelineCheckName, ref: 'mid' | 'theo', limit: number): PipelineCheck {
  let worst = 0;
  let at = '';
  for (const l of c.input.order.legs) {
    const r = Math.max(c.quote(l)[ref], c.input.limits.priceCollarRefFloor);
    // Adverse only: paying above the reference or selling below it.
    const dev = ((l.side === 'buy' ? 1 : -1) * (l.limitPrice - c.quote(l)[ref])) / r;
    if (!Number.isFinite(dev))
      throw new RangeError(`collar deviation of ${instrumentKey(l.instrument)} is not finite`);
    if (dev >= worst) {
      worst = dev;
      at = instrumentKey(l.instrument);
    }
  }
  return maxCheck(name, worst, limit, 'ratio', at === '' ? 'no adverse leg' : `worst leg ${at}`);
}

function concentration(
  c: OrderContext,
  name: PipelineCheckName,
  limit: number,
  buckets: (add: ReturnType<OrderContext['contribution']>) => [string, number][],
): PipelineCheck {
  const add = c.contribution();
  const total = c.input.book.grossTotal + add.gross;
  const min = c.input.limits.concentrationMinGross;
  if (!Number.isFinite(total)) throw new RangeError('gross exposure is not finite');
  if (total < min) {
    return result(
      name,
      'pass',
      0,
      limit,
      'ratio',
      `gross exposure ${fmt(total, 'USD')} < ${fmt(min, 'USD')}: not assessed`,
    );
  }
  let worst = 0;
  let at = '';
  for (const [k, g] of buckets(add)) {
    if (g / total >= worst) {
      worst = g / total;
      at = k;
    }
  }
  return maxCheck(name, worst, limit, 'ratio', `${at} of gross ${fmt(total, 'USD')}`);
}

/** Runs every check in CHECK_ORDER; `ok` is false when any check fails. */
export function runPreTradePipeline(input: PipelineInput): PipelineVerdict {
  const ctx = new OrderContext(input);
  const checks = CHECK_ORDER.map((name): PipelineCheck => {
    try {
      return CHECKS[name](ctx);
    } catch (e) {
      return cannotCompute(name, 'count', Number.NaN, e instanceof Error ? e.message : String(e));
    }
  });
  const first = checks.find((k) => k.status === 'fail');
  const verdict: PipelineVerdict = { ok: first === undefined, limitsVersion: input.limits.version, checks };
  if (first !== undefined) verdict.firstFailure = first.name;
  return verdict;
}
