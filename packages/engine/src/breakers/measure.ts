/**
 * What each circuit breaker measures from one observation, and whether that trips it. Pure: the
 * caller passes `now` and the history it has (quotes, orders, closed trades, model monitor output).
 *
 * Trip rule per kind (the boundary is stated because tests pin it):
 * - DAILY_LOSS: loss = −(realized + unrealized P&L since the trading day's start), currency;
 *   trips when loss > limit (P&L strictly below −limit).
 * - DRAWDOWN: (high-water mark − equity), as a fraction of the mark or in currency; trips when
 *   > limit.
 * - CONSECUTIVE_LOSSES: trailing closed trades with P&L < 0 (a flat trade ends the run); trips at
 *   count ≥ limit.
 * - ORDER_REJECT_RATE: (rejected + error) / orders in (now − windowMs, now]; not measured below
 *   `minSample` orders; trips when rate > limit.
 * - DATA_STALENESS: now − time of the latest quote (ms); trips when age > limitMs.
 * - MODEL_HEALTH: the monitor's score; trips when score < minScore or the drift flag is set.
 * A field missing from the observation means "not supplied this round": that breaker is skipped.
 */

export type BreakerKind =
  | 'DAILY_LOSS'
  | 'DRAWDOWN'
  | 'CONSECUTIVE_LOSSES'
  | 'ORDER_REJECT_RATE'
  | 'DATA_STALENESS'
  | 'MODEL_HEALTH';

/** When a half-open breaker closes: either condition suffices (at least one must be given). */
export interface Probation {
  /** Successful (filled or accepted) orders after the reset. */
  successfulOrders?: number;
  /** Milliseconds in half-open without a re-trip. */
  quietMs?: number;
}

export interface BreakerCommon {
  probation: Probation;
  /** Minimum ms between the trip and a human reset (default 0). */
  cooldownMs?: number;
  /**
   * Largest size (fraction of normal, 0..1) of a risk-opening order allowed while half-open;
   * 0 or absent = half-open blocks opening orders like open does.
   */
  halfOpenMaxSizeFraction?: number;
}

export type BreakerRule =
  | { kind: 'DAILY_LOSS' /** currency, > 0 */; limit: number }
  | {
      kind: 'DRAWDOWN' /** fraction of the mark (0.1 = 10%) or currency */;
      limit: number;
      unit: 'fraction' | 'currency';
    }
  | { kind: 'CONSECUTIVE_LOSSES' /** trades */; limit: number }
  | { kind: 'ORDER_REJECT_RATE' /** fraction 0..1 */; limit: number; windowMs: number; minSample: number }
  | { kind: 'DATA_STALENESS'; limitMs: number }
  | { kind: 'MODEL_HEALTH'; minScore: number };

export type BreakerConfig = BreakerRule & BreakerCommon;

export type OrderOutcome = 'filled' | 'accepted' | 'rejected' | 'error';

export interface Observation {
  /** Since the trading day's start, currency. */
  dailyPnl?: { realized: number; unrealized: number };
  /** Account equity now, currency. */
  equity?: number;
  /** Recently closed trades, any order (sorted by `closedAt` here). */
  closedTrades?: readonly { closedAt: Date; pnl: number }[];
  /** Recent order outcomes (at least the rate window and everything since the last reset). */
  orders?: readonly { at: Date; outcome: OrderOutcome }[];
  /** Time of the latest quote received (its exchange/quote time, not the time we read it). */
  latestQuoteAt?: Date;
  /** From the model monitor: health score (higher = healthier) and a drift flag. */
  model?: { score: number; drift: boolean };
}

export interface Measurement {
  kind: BreakerKind;
  measured: number;
  limit: number;
  tripped: boolean;
  /** Human-readable, for the audit log. */
  detail: string;
}

export interface MeasureContext {
  now: Date;
  /** Current high-water mark of equity (already including `observation.equity`). */
  highWaterMark: number | undefined;
  /** Trades and orders at or before this instant are ignored (the last human reset). */
  countFrom: Date | undefined;
}

const after = (t: Date, floor: Date | undefined) => floor === undefined || t.getTime() > floor.getTime();

/** The measurement for `rule`, or undefined when the observation lacks its input or sample. */
export function measure(rule: BreakerRule, obs: Observation, ctx: MeasureContext): Measurement | undefined {
  const now = ctx.now.getTime();
  switch (rule.kind) {
    case 'DAILY_LOSS': {
      if (obs.dailyPnl === undefined) return undefined;
      const loss = -(obs.dailyPnl.realized + obs.dailyPnl.unrealized);
      return m(rule.kind, loss, rule.limit, loss > rule.limit, `daily loss ${loss} vs limit ${rule.limit}`);
    }
    case 'DRAWDOWN': {
      if (obs.equity === undefined || ctx.highWaterMark === undefined) return undefined;
      const dd = ctx.highWaterMark - obs.equity;
      const v = rule.unit === 'fraction' ? (ctx.highWaterMark > 0 ? dd / ctx.highWaterMark : 0) : dd;
      return m(
        rule.kind,
        v,
        rule.limit,
        v > rule.limit,
        `drawdown ${v} (${rule.unit}) from ${ctx.highWaterMark}`,
      );
    }
    case 'CONSECUTIVE_LOSSES': {
      if (obs.closedTrades === undefined) return undefined;
      const trades = obs.closedTrades
        .filter((t) => after(t.closedAt, ctx.countFrom) && t.closedAt.getTime() <= now)
        .sort((a, b) => a.closedAt.getTime() - b.closedAt.getTime());
      let n = 0;
      for (let i = trades.length - 1; i >= 0 && (trades[i]?.pnl ?? 0) < 0; i--) n++;
      return m(rule.kind, n, rule.limit, n >= rule.limit, `${n} losing trades in a row`);
    }
    case 'ORDER_REJECT_RATE': {
      if (obs.orders === undefined) return undefined;
      const inWindow = obs.orders.filter(
        (o) => o.at.getTime() > now - rule.windowMs && o.at.getTime() <= now && after(o.at, ctx.countFrom),
      );
      if (inWindow.length < rule.minSample) return undefined;
      const bad = inWindow.filter((o) => o.outcome === 'rejected' || o.outcome === 'error').length;
      const rate = bad / inWindow.length;
      return m(
        rule.kind,
        rate,
        rule.limit,
        rate > rule.limit,
        `${bad}/${inWindow.length} orders rejected or errored`,
      );
    }
    case 'DATA_STALENESS': {
      if (obs.latestQuoteAt === undefined) return undefined;
      const age = now - obs.latestQuoteAt.getTime();
      return m(rule.kind, age, rule.limitMs, age > rule.limitMs, `latest quote ${age} ms old`);
    }
    case 'MODEL_HEALTH': {
      if (obs.model === undefined) return undefined;
      const { score, drift } = obs.model;
      const tripped = score < rule.minScore || drift;
      return m(
        rule.kind,
        score,
        rule.minScore,
        tripped,
        `model score ${score}${drift ? ', drift flagged' : ''}`,
      );
    }
  }
}

function m(
  kind: BreakerKind,
  measured: number,
  limit: number,
  tripped: boolean,
  detail: string,
): Measurement {
  return { kind, measured, limit, tripped, detail };
}

/** Successful orders strictly after `since` and not after `now` (half-open probation). */
export function successfulOrdersSince(obs: Observation, since: Date, now: Date): number {
  let n = 0;
  for (const o of obs.orders ?? [])
    if (
      (o.outcome === 'filled' || o.outcome === 'accepted') &&
      after(o.at, since) &&
      o.at.getTime() <= now.getTime()
    )
      n++;
  return n;
}
