import type { SignalLeg } from '@zomma/contracts';
import type { Repositories } from '@zomma/db';
import { chainAt, toDecimal6, toSnapshot } from '../sim-market.ts';

export const TRADER = { id: null, email: 'trader@test.zomma', role: 'TRADER' } as const;

export async function insertQuote(
  repos: Repositories,
  q: { at: Date; price?: string; vol?: string; symbol?: string },
): Promise<void> {
  await repos.market.insertQuote({
    symbol: q.symbol ?? 'ZMA',
    at: q.at,
    price: q.price ?? '100',
    vol: q.vol ?? '0.25',
  });
}

/**
 * A PENDING call butterfly (buy 1 ATM, sell 2 ATM+5, buy 1 ATM+10) on the second expiry of
 * the chain at the latest ZMA quote: three legs, one of ratio 2.
 */
export async function createButterflySignal(
  repos: Repositories,
  args: { now: Date; quantity?: number; dedupeKey?: string },
): Promise<{ signalId: string; legs: SignalLeg[] }> {
  const quote = await repos.market.latestQuote('ZMA');
  if (!quote) throw new Error('fixture needs a quote first');
  const chain = chainAt(toSnapshot(quote));
  const expiries = [...new Set(chain.map((q) => q.expiry.getTime()))].sort((a, b) => a - b);
  const expiry = expiries[1];
  const atm = Math.round(Number(quote.price) / 5) * 5;
  const pick = (strike: number) => {
    const q = chain.find((c) => c.right === 'call' && c.strike === strike && c.expiry.getTime() === expiry);
    if (!q) throw new Error(`no call ${strike} in the chain`);
    return q;
  };
  const spec = [
    { q: pick(atm), side: 'BUY' as const, ratio: 1 },
    { q: pick(atm + 5), side: 'SELL' as const, ratio: 2 },
    { q: pick(atm + 10), side: 'BUY' as const, ratio: 1 },
  ];
  const legs: SignalLeg[] = spec.map(({ q, side, ratio }, idx) => ({
    idx,
    symbol: q.symbol,
    right: 'CALL',
    side,
    ratio,
    strike: toDecimal6(q.strike),
    expiry: q.expiry,
    bid: toDecimal6(q.bid),
    ask: toDecimal6(q.ask),
    mid: toDecimal6(q.mid),
    iv: toDecimal6(q.iv),
    delta: toDecimal6(q.delta),
  }));
  const net = spec.reduce((acc, { q, side, ratio }) => acc + (side === 'BUY' ? 1 : -1) * ratio * q.mid, 0);
  const signal = await repos.signals.create({
    asOf: quote.at,
    expiresAt: new Date(args.now.getTime() + 15 * 60_000),
    underlying: 'ZMA',
    underlyingPrice: quote.price,
    strategy: 'CALL_BUTTERFLY',
    quantity: args.quantity ?? 2,
    netDebit: toDecimal6(net),
    maxLoss: toDecimal6(net * 100),
    maxProfit: toDecimal6((5 - net) * 100),
    delta: '0',
    rationale: 'test fixture',
    modelVersionId: (await repos.models.champion('signal-rule')).id,
    dedupeKey: args.dedupeKey ?? `fixture:${quote.at.toISOString()}:${Math.random()}`,
    legs,
  });
  return { signalId: signal.id, legs };
}

/** An approved butterfly and its NEW order (approval as the web app does it, limits passed). */
export async function createNewOrder(
  repos: Repositories,
  args: { now: Date; quantity?: number },
): Promise<{ orderId: string; clientOrderId: string; signalId: string; legs: SignalLeg[] }> {
  const { signalId, legs } = await createButterflySignal(repos, args);
  const approved = await repos.signals.approve({
    signalId,
    actor: TRADER,
    now: args.now,
    broker: 'sim',
    evaluate: ({ limits }) => ({ ok: true, limitsVersion: limits.version, checks: [] }),
  });
  return { orderId: approved.order.id, clientOrderId: approved.order.clientOrderId, signalId, legs };
}
