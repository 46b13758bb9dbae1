/**
 * Training data with a known answer, from the engine's market simulator.
 *
 * Each sample is an independent episode with a HIDDEN state drawn first:
 *   - drift μ (annual): the price's real-world drift for the whole episode (the simulator's
 *     `drift` parameter); "fair" episodes have μ = the chain's rate r;
 *   - vol premium q: every implied vol the market quotes is q × the true one (q > 1: options
 *     rich, q < 1: cheap); the simulator's own quotes have q = 1.
 * The past is simulated with `stepUnderlying` (the worker's simulator: GBM with a mean-reverting,
 * return-correlated log-vol) at one step per calendar day, giving LOOKBACK_RETURNS + 1 quotes
 * (price, q·true vol); the features come from those quotes only, through `computeFeatures`.
 *
 * The label is a rule on the hidden state, not on one realized future, so it is known exactly
 * and carries no outcome noise: for each strategy built from the chain at the last quote (the
 * shared builder), its expected return on capital at risk
 *     score = (E_true[payoff at expiry] − e^{rT}·natural net debit) / max loss at natural prices
 * where E_true prices each leg with Black's formula at forward S·e^{μT} and vol iv_leg / q (the
 * market's smile with the premium removed: with μ = r and q = 1 every mid is fair and every
 * score is negative by the bid/ask spread). Natural prices (buy at the ask, sell at the bid) are
 * what the simulated broker fills at. Label = the best-scoring strategy if its score exceeds
 * `minEdge`, else NONE. The model never sees μ or q: it must infer them from the quote history
 * (momentum for μ, realized vs implied vol for q), so held-out accuracy below 100% measures how
 * much of the hidden state the history reveals, and `scores` lets callers price every decision.
 */
import { blackUndiscounted, logMoneyness } from '@zomma/engine/pricing';
import { createRng, type Rng } from '@zomma/engine/rng';
import type { OptionQuote } from '@zomma/engine/sim';
import { DEFAULT_SIM_PARAMS, listExpiries, stepUnderlying, syntheticChain } from '@zomma/engine/sim';
import { type Leg, maxProfitLoss, sideSign } from '@zomma/engine/strategy';
import { MOMENTUM_THRESHOLD, momentumZ, nearestExpiry } from '../baseline-rule.ts';
import { computeFeatures, LOOKBACK_RETURNS, N_SIGNAL_FEATURES, type QuotePoint } from './features.ts';
import { baselineClass, buildStrategy, SIGNAL_CLASSES, type StrategyParams } from './strategies.ts';

/** The worker's simulated chain (apps/worker sim-market.ts SIM_MARKET); the handler passes the real one. */
export const SYNTHETIC_CHAIN = Object.freeze({
  rate: 0.04,
  dividendYield: 0,
  expiries: 10,
  strikesPerSide: 16,
  strikeStep: 2.5,
});

/** One simulator step per calendar day (ACT/365, as the simulator's dt). */
export const SYNTHETIC_STEP_YEARS = 1 / 365;
const DAY_MS = 86_400_000;
/** Episodes end (their last quote, asOf) in the 364 days from here, at a random time of day. */
export const SYNTHETIC_EPOCH = new Date(Date.UTC(2025, 0, 1));

/** How the hidden state is drawn (documented defaults; tests may narrow them). */
export interface HiddenStateDistribution {
  /** Probability of a fair drift (μ = r); otherwise μ = r ± U(driftMin, driftMax), sign 50/50. */
  fairDriftProb: number;
  driftMin: number;
  driftMax: number;
  /** Probability of q = 1; otherwise ln q ~ U(ln premiumMin, ln premiumMax). */
  fairVolProb: number;
  premiumMin: number;
  premiumMax: number;
}

export const DEFAULT_HIDDEN: HiddenStateDistribution = Object.freeze({
  fairDriftProb: 0.4,
  driftMin: 0.3,
  driftMax: 1.5,
  fairVolProb: 0.35,
  premiumMin: 0.75,
  premiumMax: 1.6,
});

export interface SignalDataOptions {
  seed: number;
  count: number;
  strategy: StrategyParams;
  /** Smallest expected return on max loss (e.g. 0.03 = 3%) worth a trade. */
  minEdge: number;
  hidden?: HiddenStateDistribution;
}

export interface SignalData {
  /** Row-major count × N_SIGNAL_FEATURES. */
  x: Float64Array;
  /** Label: class index into SIGNAL_CLASSES. */
  y: Int32Array;
  /** Row-major count × N_SIGNAL_CLASSES: each class's true score (NONE = 0; −∞ when it cannot be built). */
  scores: Float64Array;
  /** The baseline rule's class on the same history. */
  baseline: Int32Array;
  /** Hidden state per row. */
  drift: Float64Array;
  volPremium: Float64Array;
  nRows: number;
  nFeatures: number;
  /** First quote time and last asOf over all episodes (the synthetic calendar). */
  firstQuoteAt: Date;
  lastAsOf: Date;
}

function drawHidden(rng: Rng, h: HiddenStateDistribution, rate: number): { drift: number; q: number } {
  let drift = rate;
  if (rng.next() >= h.fairDriftProb) {
    const size = h.driftMin + (h.driftMax - h.driftMin) * rng.next();
    drift = rate + (rng.next() < 0.5 ? -size : size);
  }
  let q = 1;
  if (rng.next() >= h.fairVolProb) {
    q = Math.exp(Math.log(h.premiumMin) + (Math.log(h.premiumMax) - Math.log(h.premiumMin)) * rng.next());
  }
  return { drift, q };
}

/**
 * Expected return on max loss of `legs` (one expiry, `tYears` away) under the hidden state (see
 * the module comment); −∞ for a structure whose loss is unlimited or that cannot lose.
 */
export function trueScore(
  legs: readonly Leg[],
  market: { spot: number; tYears: number; rate: number },
  hidden: { drift: number; volPremium: number },
): number {
  const { spot, tYears, rate } = market;
  const forward = spot * Math.exp(hidden.drift * tYears);
  let expectedPayoff = 0;
  let natural = 0;
  for (const leg of legs) {
    const sign = sideSign(leg.side) * leg.ratio;
    natural += sign * (leg.side === 'buy' ? leg.ask : leg.bid);
    const sd = (leg.iv / hidden.volPremium) * Math.sqrt(tYears);
    const theta = leg.right === 'call' ? 1 : -1;
    expectedPayoff +=
      sign * blackUndiscounted(theta, forward, leg.strike, logMoneyness(forward, leg.strike), sd);
  }
  const ev = expectedPayoff - Math.exp(rate * tYears) * natural;
  const pl = maxProfitLoss(legs, (l) => (l.side === 'buy' ? l.ask : l.bid));
  if (pl.maxLoss === 'unlimited' || !(pl.maxLoss > 0)) return Number.NEGATIVE_INFINITY;
  return ev / pl.maxLoss;
}

/** Generates `count` labelled episodes; deterministic for a seed. */
export function generateSignalData(opts: SignalDataOptions): SignalData {
  const hidden = opts.hidden ?? DEFAULT_HIDDEN;
  const { rate } = SYNTHETIC_CHAIN;
  const rng = createRng(opts.seed);
  const n = opts.count;
  const d = N_SIGNAL_FEATURES;
  const K = SIGNAL_CLASSES.length;
  const out: SignalData = {
    x: new Float64Array(n * d),
    y: new Int32Array(n),
    scores: new Float64Array(n * K),
    baseline: new Int32Array(n),
    drift: new Float64Array(n),
    volPremium: new Float64Array(n),
    nRows: n,
    nFeatures: d,
    firstQuoteAt: new Date(0),
    lastAsOf: new Date(0),
  };
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  const quotes: QuotePoint[] = Array.from({ length: LOOKBACK_RETURNS + 1 }, () => ({
    at: new Date(0),
    price: 0,
    vol: 0,
  }));
  const stepMs = SYNTHETIC_STEP_YEARS * 365 * DAY_MS;
  for (let i = 0; i < n; i++) {
    const { drift, q } = drawHidden(rng, hidden, rate);
    out.drift[i] = drift;
    out.volPremium[i] = q;
    const asOfMs = SYNTHETIC_EPOCH.getTime() + Math.floor(rng.next() * 364 * DAY_MS);
    // Start near the simulator's own state: price around 100, vol from log-vol's stationary law.
    const sdLogVol = DEFAULT_SIM_PARAMS.volOfVol / Math.sqrt(2 * DEFAULT_SIM_PARAMS.meanReversion);
    let state = {
      price: 100 * Math.exp(0.25 * rng.normal()),
      vol: DEFAULT_SIM_PARAMS.meanVol * Math.exp(sdLogVol * rng.normal()),
    };
    const params = { ...DEFAULT_SIM_PARAMS, drift };
    for (let k = 0; k <= LOOKBACK_RETURNS; k++) {
      if (k > 0) state = stepUnderlying(state, SYNTHETIC_STEP_YEARS, rng, params);
      const p = quotes[k] as QuotePoint;
      p.at = new Date(asOfMs - (LOOKBACK_RETURNS - k) * stepMs);
      p.price = state.price;
      p.vol = q * state.vol;
    }
    const asOf = new Date(asOfMs);
    firstMs = Math.min(firstMs, (quotes[0] as QuotePoint).at.getTime());
    lastMs = Math.max(lastMs, asOfMs);
    const f = computeFeatures(quotes, { asOf, intervalYears: SYNTHETIC_STEP_YEARS });
    if (!f.ok) throw new Error('generator: history too short (a bug)');
    out.x.set(f.values, i * d);

    const returns = quotes.slice(1).map((p, k) => Math.log(p.price / (quotes[k] as QuotePoint).price));
    const quotedVol = q * state.vol;
    const z = momentumZ(returns, quotedVol, SYNTHETIC_STEP_YEARS);
    out.baseline[i] = SIGNAL_CLASSES.indexOf(baselineClass(z, MOMENTUM_THRESHOLD));

    const built = buildLikeWorker({ spot: state.price, vol: quotedVol, asOf }, opts.strategy);
    let best = 0;
    let bestScore = opts.minEdge;
    out.scores[i * K] = 0;
    for (let c = 1; c < K; c++) {
      const legs = built.legs[c];
      const score = legs
        ? trueScore(legs, { spot: state.price, tYears: built.tYears, rate }, { drift, volPremium: q })
        : Number.NEGATIVE_INFINITY;
      out.scores[i * K + c] = score;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    out.y[i] = best;
  }
  if (n > 0) {
    out.firstQuoteAt = new Date(firstMs);
    out.lastAsOf = new Date(lastMs);
  }
  return out;
}

/** Strikes per side of the first, narrow chain; the full worker width when a leg lands on its edge. */
const NARROW_STRIKES_PER_SIDE = 6;

/** nearestExpiry reads only `expiry` from each quote: a placeholder quote per listed expiry. */
function expiryQuotes(expiries: readonly Date[]): OptionQuote[] {
  return expiries.map((expiry) => ({
    symbol: '',
    right: 'call',
    strike: 0,
    expiry,
    tYears: 0,
    iv: 0,
    bid: 0,
    ask: 0,
    mid: 0,
    delta: 0,
  }));
}

/**
 * Builds each strategy as the worker would from its full chain, pricing only the expiry that
 * nearestExpiry picks and, first, only the NARROW_STRIKES_PER_SIDE strikes around the money. For
 * one right |delta| is monotone in the strike, so the quote nearest a target delta (and the wing
 * nearest a target strike) within a contiguous strike range is the one over all strikes unless
 * it sits on the range's edge; then the full-width chain is priced and that build repeated.
 * Returns the legs per class index (null: cannot be built) and the expiry's year fraction.
 * Exported for its test (equal legs to the full chain's).
 */
export function buildLikeWorker(
  market: { spot: number; vol: number; asOf: Date },
  params: StrategyParams,
): { legs: (Leg[] | null)[]; tYears: number } {
  const { spot, vol, asOf } = market;
  const legs: (Leg[] | null)[] = SIGNAL_CLASSES.map(() => null);
  const expiry = nearestExpiry(expiryQuotes(listExpiries(asOf, SYNTHETIC_CHAIN.expiries)), asOf, params.dte);
  if (!expiry) return { legs, tYears: 0 };
  const base = { symbol: 'ZMA', spot, vol, asOf, ...SYNTHETIC_CHAIN, expiries: [expiry] };
  const narrow = syntheticChain({ ...base, strikesPerSide: NARROW_STRIKES_PER_SIDE });
  const strikes = narrow.map((q) => q.strike);
  const lo = Math.min(...strikes);
  const hi = Math.max(...strikes);
  let full: OptionQuote[] | null = null;
  SIGNAL_CLASSES.forEach((cls, c) => {
    if (cls === 'NONE') return;
    let built = buildStrategy(cls, narrow, asOf, params);
    if (!built.ok || built.legs.some((l) => l.strike === lo || l.strike === hi)) {
      full ??= syntheticChain({ ...base, strikesPerSide: SYNTHETIC_CHAIN.strikesPerSide });
      built = buildStrategy(cls, full, asOf, params);
    }
    legs[c] = built.ok ? built.legs : null;
  });
  return { legs, tYears: narrow[0]?.tYears ?? 0 };
}
