import {
  AppError,
  type JobPayload,
  type ModelVersion,
  type SignalExplanation,
  type SignalLeg,
} from '@zomma/contracts';
import { type Leg, maxProfitLoss, netDebitPerShare, strategyDelta } from '@zomma/engine/strategy';
import { baselineRuleModel } from '@zomma/ml';
import type { HandlerContext } from '../handler-context.ts';
import {
  chosenClass,
  computeFeatures,
  explain,
  proposeFromPrediction,
  SIGNAL_MODEL_LOOKBACK,
  servedSignalArtifact,
} from '../signal-model.ts';
import { chainAt, SIM_MARKET, toDecimal6, toSnapshot, type UnderlyingSnapshot } from '../sim-market.ts';

const MS_PER_YEAR = 365 * 86_400_000;

/** How many past quotes feed the model's return features. */
export const RETURNS_LOOKBACK = Math.max(60, SIGNAL_MODEL_LOOKBACK);

/**
 * |ORT margin − margin recomputed from the artifact's GBDT| above this means the GBDT in the
 * metadata is not the served graph (onnxruntime sums float32 leaves: ~1e-6 on margins of order 10).
 */
const MARGIN_AGREEMENT = 1e-3;

export type GenerateSignalsResult =
  | { created: true; signalId: string; dedupeKey: string }
  | { created: false; reason: string };

type StoredQuote = { at: Date; price: string; vol: string };

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

/** What a model proposes, with the version that answered (the signal cites it). */
type Draft =
  | {
      ok: true;
      modelVersionId: string;
      strategy: string;
      legs: Leg[];
      quantity: number;
      rationale: string;
      confidence: number | null;
      explanation: SignalExplanation | null;
    }
  | { ok: false; modelVersionId: string; reason: string };

interface ProposeInput {
  ctx: HandlerContext;
  payload: JobPayload<'signals.generate'>;
  champion: ModelVersion;
  snapshot: UnderlyingSnapshot;
  /** Newest first, none after the snapshot. */
  history: StoredQuote[];
  /** Stored quotes are one simulator tick apart (ACT/365 like the simulator's dt). */
  intervalYears: number;
}

/** The baseline rule (RULE versions): no confidence, no explanation. */
function proposeWithRule({ payload, champion, snapshot, history, intervalYears }: ProposeInput): Draft {
  let model: ReturnType<typeof baselineRuleModel>;
  try {
    model = baselineRuleModel(champion.hyperparameters);
  } catch (cause) {
    // A stored model that cannot be loaded will not load on retry either.
    throw new AppError(
      'BAD_INPUT',
      `champion ${champion.id} of ${payload.modelName} has invalid parameters`,
      undefined,
      { cause },
    );
  }
  const proposal = model.propose({
    symbol: payload.symbol,
    asOf: snapshot.at,
    spot: snapshot.price,
    vol: snapshot.vol,
    recentReturns: logReturns(history),
    chain: chainAt(snapshot),
    returnIntervalYears: intervalYears,
  });
  if (!proposal) return { ok: false, modelVersionId: champion.id, reason: 'no proposal' };
  return {
    ok: true,
    modelVersionId: champion.id,
    strategy: proposal.strategy,
    legs: proposal.legs,
    quantity: proposal.quantity,
    rationale: proposal.rationale,
    confidence: null,
    explanation: null,
  };
}

/**
 * A learned (ONNX) champion: features from the quote history, the inference service's answer
 * (after a refresh, so an alias moved a moment ago is honoured), the proposal from the class
 * probabilities, and TreeSHAP of the chosen class's margin from the artifact that answered.
 */
async function proposeWithOnnx({
  ctx,
  payload,
  champion,
  snapshot,
  history,
  intervalYears,
}: ProposeInput): Promise<Draft> {
  const name = payload.modelName;
  await ctx.inference.refresh([name]);
  const features = computeFeatures(
    history.map((q) => ({ at: q.at, price: Number(q.price), vol: Number(q.vol) })),
    { asOf: snapshot.at, intervalYears },
  );
  if (!features.ok) {
    return {
      ok: false,
      modelVersionId: champion.id,
      reason: `insufficient history: ${features.quotes} of ${SIGNAL_MODEL_LOOKBACK + 1} quotes`,
    };
  }
  const prediction = await ctx.inference.predict(name, features.values);
  const served = prediction.model;
  const artifact = await servedSignalArtifact(ctx.repos.models, served);
  const probabilities = prediction.outputs.probability;
  const margins = prediction.outputs.margin;
  if (!probabilities || !margins) {
    throw new AppError('BAD_INPUT', `${name} v${served.version} lacks the probability and margin outputs`);
  }
  const k = chosenClass(probabilities);
  const explanation = explain(artifact.model, features.values, k, served, artifact.featureNames);
  const servedMargin = margins[k] ?? Number.NaN;
  if (!(Math.abs(explanation.output - servedMargin) <= MARGIN_AGREEMENT)) {
    throw new AppError(
      'CORRUPT_DATA',
      `${name} v${served.version}: its GBDT metadata does not match its graph`,
      {
        versionId: served.id,
        servedMargin,
        recomputed: explanation.output,
      },
    );
  }
  const decision = proposeFromPrediction(probabilities, features.values, {
    symbol: payload.symbol,
    asOf: snapshot.at,
    spot: snapshot.price,
    chain: chainAt(snapshot),
    strategy: artifact.strategy,
    minConfidence: artifact.minConfidence,
    modelLabel: `${served.name} v${served.version}`,
    attributions: explanation.attributions,
  });
  if (!decision.ok) {
    return { ok: false, modelVersionId: served.id, reason: `${decision.reason}: ${decision.detail}` };
  }
  const { proposal } = decision;
  return {
    ok: true,
    modelVersionId: served.id,
    strategy: proposal.strategy,
    legs: proposal.legs,
    quantity: proposal.quantity,
    rationale: proposal.rationale,
    confidence: proposal.confidence,
    explanation,
  };
}

/**
 * Runs the champion of `modelName` on the latest quote of `symbol` and stores what it
 * proposes as a PENDING signal. RULE champions run the baseline rule; ONNX champions are served
 * by ctx.inference and the signal carries their confidence and explanation, citing the version
 * that actually answered. Idempotent: the dedupe key is (answering version, symbol, quote time),
 * so a retry or a second run on the same quote returns the signal already made.
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
  // Point in time: a tick stored after latestQuote (one extra row read) must not enter the history.
  const history = (await repos.market.recentQuotes(payload.symbol, RETURNS_LOOKBACK + 2))
    .filter((q) => q.at.getTime() <= quote.at.getTime())
    .slice(0, RETURNS_LOOKBACK + 1);
  const input: ProposeInput = {
    ctx,
    payload,
    champion,
    snapshot,
    history,
    intervalYears: ctx.env.TICK_INTERVAL_MS / MS_PER_YEAR,
  };
  const draft = champion.kind === 'ONNX' ? await proposeWithOnnx(input) : proposeWithRule(input);
  if (!draft.ok) {
    ctx.log.info(
      { model: draft.modelVersionId, asOf: quote.at, reason: draft.reason },
      'model proposed nothing',
    );
    return { created: false, reason: draft.reason };
  }

  const { multiplier } = SIM_MARKET;
  const pl = maxProfitLoss(draft.legs);
  if (pl.maxLoss === 'unlimited' || pl.maxProfit === 'unlimited') {
    // Signals are defined-risk by policy: an unbounded proposal is a model bug, not a trade.
    ctx.log.error(
      { model: draft.modelVersionId, strategy: draft.strategy },
      'proposal with unlimited risk dropped',
    );
    return { created: false, reason: 'unlimited risk' };
  }
  const dedupeKey = `${draft.modelVersionId}:${payload.symbol}:${quote.at.toISOString()}`;
  const signal = await repos.signals.create({
    asOf: quote.at,
    expiresAt: new Date(ctx.now().getTime() + ctx.env.SIGNAL_TTL_MS),
    underlying: payload.symbol,
    underlyingPrice: quote.price,
    strategy: draft.strategy,
    quantity: draft.quantity,
    netDebit: toDecimal6(netDebitPerShare(draft.legs)),
    maxLoss: toDecimal6(pl.maxLoss * multiplier),
    maxProfit: toDecimal6(pl.maxProfit * multiplier),
    multiplier,
    delta: toDecimal6(strategyDelta(draft.legs) * multiplier),
    rationale: draft.rationale,
    modelVersionId: draft.modelVersionId,
    dedupeKey,
    legs: toSignalLegs(draft.legs),
    confidence: draft.confidence,
    explanation: draft.explanation,
  });
  ctx.log.info({ signalId: signal.id, strategy: signal.strategy, dedupeKey }, 'signal generated');
  return { created: true, signalId: signal.id, dedupeKey };
}
