import { AppError, DecimalString, OptionRight, Side } from '@zomma/contracts';
import { z } from 'zod';
import type { Repositories } from '../handler-context.ts';
import { quoteContract, toDecimal6, toEngineRight, toSnapshot } from '../sim-market.ts';
import type { BrokerAdapter, BrokerFill, BrokerOrder, BrokerOrderRequest } from './broker-adapter.ts';
import { netPriceMicros, withinLimit } from './net-price.ts';

const StoredFill = z.object({
  id: z.string().min(1),
  legIdx: z.number().int().nonnegative(),
  side: Side,
  quantity: z.number().int().positive(),
  price: DecimalString,
  filledAt: z.iso.datetime(),
});
const StoredFills = z.array(StoredFill);
const StoredStatus = z.enum(['accepted', 'filled', 'rejected', 'canceled']);
const StoredPayload = z.object({ rejectReason: z.string().nullable().optional() }).loose();
/** The request as the book keeps it, to work an order later. */
const StoredRequest = z.object({
  request: z.object({
    clientOrderId: z.string().min(1),
    underlying: z.string().min(1),
    quantity: z.number().int().positive(),
    limitPrice: DecimalString,
    legs: z
      .array(
        z.object({
          idx: z.number().int().nonnegative(),
          symbol: z.string().min(1),
          right: OptionRight,
          side: Side,
          ratio: z.number().int().positive(),
          strike: DecimalString,
          expiry: z.iso.datetime(),
        }),
      )
      .min(1),
  }),
});

type SimRecord = NonNullable<Awaited<ReturnType<Repositories['simBroker']['find']>>>;

/** What the market says of an order right now. */
type Execution =
  | { kind: 'fill'; fills: BrokerFill[]; market: Record<string, unknown> }
  | { kind: 'work'; market: Record<string, unknown> }
  | { kind: 'reject'; reason: string; market: Record<string, unknown> };

/**
 * A limit-order broker over the simulator's current quote: an order fills, every leg at once,
 * when its natural net price — buys at the ask, sells at the bid, on penny/nickel ticks — is
 * no worse than its limit (debit ≤ limit; credit at least |limit|). Otherwise it is `accepted`
 * and keeps working: each lookup re-checks the market and fills it once it is marketable, until
 * it is canceled. Its book is `repos.simBroker`, keyed by client order id: submitting an id it
 * already has returns the order it has; every state change is one compare-and-set of the row,
 * so a fill and a cancel cannot both happen and the broker never half-executes.
 */
export class SimulatedBroker implements BrokerAdapter {
  readonly name = 'sim';

  constructor(
    private readonly repos: Pick<Repositories, 'simBroker' | 'market'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async getByClientOrderId(clientOrderId: string): Promise<BrokerOrder | null> {
    const row = await this.repos.simBroker.find(clientOrderId);
    if (!row) return null;
    return fromRecord(row.status === 'accepted' ? await this.work(row) : row);
  }

  async submit(order: BrokerOrderRequest): Promise<BrokerOrder> {
    const existing = await this.getByClientOrderId(order.clientOrderId);
    if (existing) return existing;
    assertWellFormed(order);
    const execution = await this.execute(order);
    const row = await this.repos.simBroker.insert({
      clientOrderId: order.clientOrderId,
      ...recordOf(execution, {
        request: { ...order, legs: order.legs.map((l) => ({ ...l, expiry: l.expiry.toISOString() })) },
      }),
    });
    return fromRecord(row);
  }

  async cancel(clientOrderId: string, reason: string): Promise<BrokerOrder | null> {
    const row = await this.repos.simBroker.find(clientOrderId);
    if (!row) return null;
    if (row.status !== 'accepted') return fromRecord(row);
    const after = await this.repos.simBroker.transition({
      clientOrderId,
      from: 'accepted',
      to: 'canceled',
      payload: { ...payloadObject(row), rejectReason: reason, canceledAt: this.now().toISOString() },
      fills: [],
    });
    return after ? fromRecord(after) : null;
  }

  /** Re-checks a working order against the market; fills or rejects it if its time has come. */
  private async work(row: SimRecord): Promise<SimRecord> {
    const stored = StoredRequest.safeParse(row.payload);
    if (!stored.success)
      throw new AppError('INTERNAL', `corrupt simulated broker order ${row.clientOrderId}`);
    const request: BrokerOrderRequest = {
      ...stored.data.request,
      legs: stored.data.request.legs.map((l) => ({ ...l, expiry: new Date(l.expiry) })),
    };
    const execution = await this.execute(request);
    if (execution.kind === 'work') return row;
    const after = await this.repos.simBroker.transition({
      clientOrderId: row.clientOrderId,
      from: 'accepted',
      ...recordOf(execution, payloadObject(row)),
    });
    return after ?? row;
  }

  /** Prices every leg at the current quote and decides: fill, keep working, or reject. */
  private async execute(order: BrokerOrderRequest): Promise<Execution> {
    const quote = await this.repos.market.latestQuote(order.underlying);
    if (!quote) throw new AppError('BROKER_UNAVAILABLE', `no market in ${order.underlying}`);
    const snapshot = toSnapshot(quote);
    const market = { symbol: quote.symbol, at: quote.at.toISOString(), price: quote.price, vol: quote.vol };
    const filledAt = this.now();
    const fills: BrokerFill[] = [];
    const priced: { side: Side; ratio: number; price: string }[] = [];
    for (const leg of order.legs) {
      const q = quoteContract(snapshot, {
        right: toEngineRight(leg.right),
        strike: Number(leg.strike),
        expiry: leg.expiry,
      });
      if (!q) return { kind: 'reject', reason: `leg ${leg.idx} (${leg.symbol}) has expired`, market };
      const price = toDecimal6(leg.side === 'BUY' ? q.ask : q.bid);
      priced.push({ side: leg.side, ratio: leg.ratio, price });
      fills.push({
        id: `${order.clientOrderId}-${leg.idx}`,
        legIdx: leg.idx,
        side: leg.side,
        quantity: order.quantity * leg.ratio,
        price,
        filledAt,
      });
    }
    return withinLimit(netPriceMicros(priced), order.limitPrice)
      ? { kind: 'fill', fills, market }
      : { kind: 'work', market };
  }
}

function payloadObject(row: SimRecord): Record<string, unknown> {
  const p = row.payload;
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? { ...p } : {};
}

/** The book row (status, payload, fills) an execution leads to. */
function recordOf(
  execution: Execution,
  payload: Record<string, unknown>,
): { to: string; status: string; payload: Record<string, unknown>; fills: unknown[] } {
  const status = execution.kind === 'fill' ? 'filled' : execution.kind === 'reject' ? 'rejected' : 'accepted';
  return {
    to: status,
    status,
    payload: {
      ...payload,
      underlying: execution.market,
      rejectReason: execution.kind === 'reject' ? execution.reason : null,
    },
    fills:
      execution.kind === 'fill'
        ? execution.fills.map((f) => ({ ...f, filledAt: f.filledAt.toISOString() }))
        : [],
  };
}

/** A malformed request is refused outright (HTTP 422 at a real broker). */
function assertWellFormed(order: BrokerOrderRequest): void {
  const problems: string[] = [];
  if (!Number.isInteger(order.quantity) || order.quantity <= 0)
    problems.push('quantity must be a positive integer');
  if (order.legs.length === 0) problems.push('an order needs at least one leg');
  if (new Set(order.legs.map((l) => l.idx)).size !== order.legs.length)
    problems.push('leg indexes must be unique');
  if (!DecimalString.safeParse(order.limitPrice).success) problems.push('limit price must be a decimal');
  for (const leg of order.legs) {
    if (!Number.isInteger(leg.ratio) || leg.ratio <= 0)
      problems.push(`leg ${leg.idx}: ratio must be positive`);
    if (!(Number(leg.strike) > 0)) problems.push(`leg ${leg.idx}: strike must be positive`);
  }
  if (problems.length > 0) {
    throw new AppError('BROKER_REJECTED', `order ${order.clientOrderId} refused: ${problems.join('; ')}`, {
      problems,
    });
  }
}

/** Validates what the broker's book holds (fail fast on corrupt data). */
function fromRecord(row: SimRecord): BrokerOrder {
  const status = StoredStatus.safeParse(row.status);
  const fills = StoredFills.safeParse(row.fills);
  const payload = StoredPayload.safeParse(row.payload);
  if (!status.success || !fills.success || !payload.success) {
    throw new AppError('INTERNAL', `corrupt simulated broker order ${row.clientOrderId}`);
  }
  return {
    id: row.id,
    clientOrderId: row.clientOrderId,
    status: status.data,
    rejectReason: payload.data.rejectReason ?? null,
    fills: fills.data.map((f) => ({ ...f, filledAt: new Date(f.filledAt) })),
  };
}
