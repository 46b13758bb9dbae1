/**
 * What the checks need from one order, computed lazily and once: signed legs, quotes, the order's
 * contribution to the book aggregates (only the order's legs are priced), its max loss.
 * Every accessor throws when its inputs are missing or not finite; the pipeline turns a throw into
 * a failed check (fail closed).
 */
import type { PositionLeg } from '../../portfolio/position.ts';
import { profitLoss } from '../../strategy/payoff.ts';
import { expiryKey, instrumentKey, legContribution } from './aggregate.ts';
import type { ContractQuote, OrderLeg, PipelineInput, UnderlyingAggregate } from './types.ts';

export interface OrderContribution {
  /** Per underlying touched by the order: Greeks and gross exposure added (USD; delta in shares). */
  byUnderlying: Map<string, { delta: number; dollarGamma1Pct: number; vega: number; gross: number }>;
  /** Gross exposure change per expiry day. */
  grossByExpiry: Map<string, number>;
  gross: number;
  dollarDelta: number;
  dollarGamma1Pct: number;
  vega: number;
  /** P&L per scenario of the order's legs. */
  pnl: Float64Array;
}

/** Canonical fingerprint of an order (leg order does not matter) for the duplicate check. */
export function orderFingerprint(legs: readonly OrderLeg[]): string {
  return legs
    .map((l) => `${instrumentKey(l.instrument)}:${l.side}:${l.quantity}@${l.limitPrice}`)
    .sort()
    .join(';');
}

function once<T>(f: () => T): () => T {
  let done = false;
  let v: T | undefined;
  let err: unknown;
  return () => {
    if (!done) {
      try {
        v = f();
      } catch (e) {
        err = e;
      }
      done = true;
    }
    if (err !== undefined) throw err;
    return v as T;
  };
}

export class OrderContext {
  constructor(readonly input: PipelineInput) {}

  readonly legs = once((): PositionLeg[] =>
    this.input.order.legs.map((l) => ({
      instrument: l.instrument,
      quantity: (l.side === 'buy' ? 1 : -1) * l.quantity,
      entryPrice: l.limitPrice,
    })),
  );

  quote(l: OrderLeg | PositionLeg): ContractQuote {
    const key = instrumentKey(l.instrument);
    const q = this.input.quotes.get(key);
    if (q === undefined) throw new RangeError(`no quote for ${key}`);
    for (const [k, v] of Object.entries(q)) {
      if (k !== 'iv' && !Number.isFinite(v)) throw new RangeError(`quote ${k} of ${key} is not finite`);
    }
    return q;
  }

  aggregate(underlying: string): UnderlyingAggregate {
    const a = this.input.book.byUnderlying.get(underlying);
    if (a === undefined) throw new RangeError(`unknown underlying ${underlying}`);
    return a;
  }

  /** Every leg has the opposite sign of an existing position in the same instrument and does not exceed it. */
  readonly reducesOnly = once((): boolean =>
    this.legs().every((l) => {
      const pos = this.input.book.positions.get(instrumentKey(l.instrument)) ?? 0;
      return pos * l.quantity < 0 && Math.abs(l.quantity) <= Math.abs(pos);
    }),
  );

  readonly contribution = once((): OrderContribution => {
    const { book } = this.input;
    const asOf = new Date(book.asOfMs);
    const c: OrderContribution = {
      byUnderlying: new Map(),
      grossByExpiry: new Map(),
      gross: 0,
      dollarDelta: 0,
      dollarGamma1Pct: 0,
      vega: 0,
      pnl: new Float64Array(book.scenarios.length),
    };
    for (const leg of this.legs()) {
      const u = leg.instrument.underlying;
      const agg = this.aggregate(u);
      let vol = 0;
      if (leg.instrument.kind === 'option') {
        vol = this.quote(leg).iv ?? Number.NaN;
        if (!(vol > 0 && Number.isFinite(vol)))
          throw new RangeError(`no implied vol for ${instrumentKey(leg.instrument)}`);
      }
      const lc = legContribution(leg, agg.market, asOf, vol, book.scenarios, c.pnl);
      // Gross exposure nets by instrument: |pos + q|·|dd per unit| − |pos|·|dd per unit|, so a
      // closing trade lowers it.
      const pos = book.positions.get(instrumentKey(leg.instrument)) ?? 0;
      const perUnit = lc.gross / Math.abs(leg.quantity);
      const dGross = (Math.abs(pos + leg.quantity) - Math.abs(pos)) * perUnit;
      const u0 = c.byUnderlying.get(u) ?? { delta: 0, dollarGamma1Pct: 0, vega: 0, gross: 0 };
      u0.delta += lc.delta;
      u0.dollarGamma1Pct += lc.dollarGamma1Pct;
      u0.vega += lc.vega;
      u0.gross += dGross;
      c.byUnderlying.set(u, u0);
      c.gross += dGross;
      c.dollarDelta += lc.dollarDelta;
      c.dollarGamma1Pct += lc.dollarGamma1Pct;
      c.vega += lc.vega;
      const e = expiryKey(leg.instrument);
      if (e !== undefined) c.grossByExpiry.set(e, (c.grossByExpiry.get(e) ?? 0) + dGross);
    }
    for (const v of c.pnl) if (!Number.isFinite(v)) throw new RangeError('order scenario P&L is not finite');
    return c;
  });

  /** Max loss at the horizon (USD) summed over the order's underlyings, or 'unlimited'. */
  readonly maxLoss = once((): number | 'unlimited' => {
    const groups = new Map<string, PositionLeg[]>();
    for (const l of this.legs()) {
      const u = l.instrument.underlying;
      groups.set(u, [...(groups.get(u) ?? []), l]);
    }
    let total = 0;
    for (const [u, legs] of groups) {
      const market = this.aggregate(u).market;
      const vols = new Map(
        legs.map((l) => [l, l.instrument.kind === 'option' ? (this.quote(l).iv ?? Number.NaN) : 0]),
      );
      const pl = profitLoss(legs, {
        market,
        asOf: new Date(this.input.nowMs),
        volOf: (l) => vols.get(l) ?? Number.NaN,
      });
      if (pl.maxLoss === 'unlimited') return 'unlimited';
      total += pl.maxLoss;
    }
    if (!Number.isFinite(total)) throw new RangeError('max loss is not finite');
    return total;
  });
}
