import { AppError, type JobPayload, type SignalLeg } from '@zomma/contracts';
import { type Leg, maxProfitLoss, netDebitPerShare, strategyDelta } from '@zomma/engine/strategy';
import { baselineRuleModel } from '@zomma/ml';
import type { HandlerContext } from '../handler-context.ts';
import { chainAt, SIM_MARKET, toDecimal6, toSnapshot } from '../sim-market.ts';

const MS_PER_YEAR = 365 * 86_400_000;

/** How many past quotes feed the model's return features. */
export const RETURNS_LOOKBACK = 60;

export type GenerateSignalsResult =
  | { created: true; signalId: string; dedupeKey: string }
  | { created: false; reason: string };

/** Log returns, oldest first, from quotes given newest first. */
export function logReturns(newestFirst: readonly { price: string }[]): number[] {
  const prices = newestFirst.map((q) => Number(q.price)).reverse();
  const out: number[] = [];
  for (let i = 1; i < prices.length; i++) {
    const prev = prices[i - 1];
    const cur = prices[i];
    if (prev !== undefined && cur !== undefined && prev > 0 && cur > 0) out.push(Math.log(cur / prev));
  }
  return out;
}

export function toSignalLegs(legs: readonly Leg[]): SignalLeg[] {
  return legs.map((leg, idx) => ({
    idx,
    symbol: leg.symbol,
    right: leg.right === 'call' ? 'CALL' : 'PUT',
    side: leg.side === 'buy' ? 'BUY' : 'SELL',
    ratio: leg.ratio,
    strike: toDecimal6(leg.strike),
    expiry: leg.expiry,
    bid: toDecimal6(leg.bid),
    ask: toDecimal6(leg.ask),
    mid: toDecimal6(leg.mid),
    iv: toDecimal6(leg.iv),
    delta: toDecimal6(leg.delta),
  }));
}

/**
 * Runs the champion of `modelName` on the latest quote of `symbol` and stores what it
 * proposes as a PENDING signal. Idempotent: the dedupe key is (model version, symbol, quote
 * time), so a retry or a second run on the same quote returns the signal already made.
 */
export async function generateSignals(
  ctx: HandlerContext,
  payload: JobPayload<'signals.generate'>,
): Promise<GenerateSignalsResult> {
  const { repos } = ctx;
  const champion = await repos.models.champion(payload.modelName); // MODEL_NOT_FOUND if none
  const quote = await repos.market.latestQuote(payload.symbol);
  if (!quote)
    throw new AppError('NO_MARKET_DATA', `no quote for ${payload.symbol} yet`, { symbol: payload.symbol });

  const snapshot = toSnapshot(quote);
  const recentReturns = logReturns(await repos.market.recentQuotes(payload.symbol, RETURNS_LOOKBACK + 1));
  let model: ReturnType<typeof baselineRuleModel>;
  try {
    model = baselineRuleModel(champion.hyperparameters);
  } catch (cause) {
    // A stored model that cannot be loaded will not load on retry either.
    throw new AppError(
      'BAD_INPUT',
      `champion ${champion.id} of ${payload.modelName} has invalid parameters`,
      undefined,
      {
        cause,
      },
    );
  }
  const proposal = model.propose({
    symbol: payload.symbol,
    asOf: snapshot.at,
    spot: snapshot.price,
    vol: snapshot.vol,
    recentReturns,
    chain: chainAt(snapshot),
    // Stored quotes are one simulator tick apart (ACT/365 like the simulator's dt).
    returnIntervalYears: ctx.env.TICK_INTERVAL_MS / MS_PER_YEAR,
  });
  if (!proposal) {
    ctx.log.info({ model: champion.id, asOf: quote.at }, 'model proposed nothing');
    return { created: false, reason: 'no proposal' };
  }

  const { multiplier } = SIM_MARKET;
  const pl = maxProfitLoss(proposal.legs);
  if (pl.maxLoss === 'unlimited' || pl.maxProfit === 'unlimited') {
    // Signals are defined-risk by policy: an unbounded proposal is a model bug, not a trade.
    ctx.log.error(
      { model: champion.id, strategy: proposal.strategy },
      'proposal with unlimited risk dropped',
    );
    return { created: false, reason: 'unlimited risk' };
  }
  const dedupeKey = `${champion.id}:${payload.symbol}:${quote.at.toISOString()}`;
  const signal = await repos.signals.create({
    asOf: quote.at,
    expiresAt: new Date(ctx.now().getTime() + ctx.env.SIGNAL_TTL_MS),
    underlying: payload.symbol,
    underlyingPrice: quote.price,
    strategy: proposal.strategy,
    quantity: proposal.quantity,
    netDebit: toDecimal6(netDebitPerShare(proposal.legs)),
    maxLoss: toDecimal6(pl.maxLoss * multiplier),
    maxProfit: toDecimal6(pl.maxProfit * multiplier),
    multiplier,
    delta: toDecimal6(strategyDelta(proposal.legs) * multiplier),
    rationale: proposal.rationale,
    modelVersionId: champion.id,
    dedupeKey,
    legs: toSignalLegs(proposal.legs),
  });
  ctx.log.info({ signalId: signal.id, strategy: signal.strategy, dedupeKey }, 'signal generated');
  return { created: true, signalId: signal.id, dedupeKey };
}
