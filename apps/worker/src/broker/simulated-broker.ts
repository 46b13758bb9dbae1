import { AppError, DecimalString, Side } from '@zomma/contracts';
import { z } from 'zod';
import type { Repositories } from '../handler-context.ts';
import { quoteContract, toDecimal6, toEngineRight, toSnapshot } from '../sim-market.ts';
import type { BrokerAdapter, BrokerFill, BrokerOrder, BrokerOrderRequest } from './broker-adapter.ts';

const StoredFill = z.object({
  id: z.string().min(1),
  legIdx: z.number().int().nonnegative(),
  side: Side,
  quantity: z.number().int().positive(),
  price: DecimalString,
  filledAt: z.iso.datetime(),
});
const StoredFills = z.array(StoredFill);
const StoredStatus = z.enum(['filled', 'rejected']);
const StoredPayload = z.object({ rejectReason: z.string().nullable().optional() }).loose();

type SimRecord = NonNullable<Awaited<ReturnType<Repositories['simBroker']['find']>>>;

/**
 * A broker that fills every leg at once at the simulator's current quote: buys at the ask
 * (mid + half spread), sells at the bid (mid − half spread), on penny/nickel ticks. Its book
 * is `repos.simBroker`, keyed by client order id: submitting an id it already has returns
 * the order it has, and the order and its fills are written in one insert, so the broker
 * itself never half-executes.
 */
export class SimulatedBroker implements BrokerAdapter {
  readonly name = 'sim';

  constructor(
    private readonly repos: Pick<Repositories, 'simBroker' | 'market'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async getByClientOrderId(clientOrderId: string): Promise<BrokerOrder | null> {
    const row = await this.repos.simBroker.find(clientOrderId);
    return row ? fromRecord(row) : null;
  }

  async submit(order: BrokerOrderRequest): Promise<BrokerOrder> {
    const existing = await this.repos.simBroker.find(order.clientOrderId);
    if (existing) return fromRecord(existing);
    assertWellFormed(order);

    const quote = await this.repos.market.latestQuote(order.underlying);
    if (!quote) throw new AppError('BROKER_UNAVAILABLE', `no market in ${order.underlying}`);
    const snapshot = toSnapshot(quote);
    const filledAt = this.now();
    const fills: BrokerFill[] = [];
    let rejectReason: string | null = null;
    for (const leg of order.legs) {
      const q = quoteContract(snapshot, {
        right: toEngineRight(leg.right),
        strike: Number(leg.strike),
        expiry: leg.expiry,
      });
      if (!q) {
        rejectReason = `leg ${leg.idx} (${leg.symbol}) has expired`;
        break;
      }
      fills.push({
        id: `${order.clientOrderId}-${leg.idx}`,
        legIdx: leg.idx,
        side: leg.side,
        quantity: order.quantity * leg.ratio,
        price: toDecimal6(leg.side === 'BUY' ? q.ask : q.bid),
        filledAt,
      });
    }
    const row = await this.repos.simBroker.insert({
      clientOrderId: order.clientOrderId,
      status: rejectReason === null ? 'filled' : 'rejected',
      payload: {
        request: { ...order, legs: order.legs.map((l) => ({ ...l, expiry: l.expiry.toISOString() })) },
        underlying: { symbol: quote.symbol, at: quote.at.toISOString(), price: quote.price, vol: quote.vol },
        rejectReason,
      },
      fills: rejectReason === null ? fills.map((f) => ({ ...f, filledAt: f.filledAt.toISOString() })) : [],
    });
    return fromRecord(row);
  }
}

/** A malformed request is refused outright (HTTP 422 at a real broker). */
function assertWellFormed(order: BrokerOrderRequest): void {
  const problems: string[] = [];
  if (!Number.isInteger(order.quantity) || order.quantity <= 0)
    problems.push('quantity must be a positive integer');
  if (order.legs.length === 0) problems.push('an order needs at least one leg');
  if (new Set(order.legs.map((l) => l.idx)).size !== order.legs.length)
    problems.push('leg indexes must be unique');
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
