/**
 * From the served model's class probabilities to a proposal, and its explanation.
 *
 * Decision: the class with the highest probability (ties: the lower index, so NONE wins a tie);
 * NONE, or a probability below `minConfidence`, proposes nothing. The legs come from the shared
 * builder (strategies.ts), so a learned proposal and the baseline rule's use the same strikes.
 *
 * Explanation: exact path-dependent TreeSHAP of the chosen class's margin (its softmax logit), from
 * the GBDT the artifact carries. baseline = the margin's expected value over the training covers,
 * and baseline + Σ contributions = the margin to rounding (local accuracy).
 */
import { daysToExpiry, type OptionQuote } from '@zomma/engine/sim';
import { type Leg, maxProfitLoss, netDebitPerShare } from '@zomma/engine/strategy';
import type { ProposedStrategy } from '../baseline-rule.ts';
import { type GbdtModel, predictMargin, treeShap } from '../gbdt/index.ts';
import { SIGNAL_FEATURE_NAMES } from './features.ts';
import { buildStrategy, SIGNAL_CLASSES, type StrategyParams } from './strategies.ts';

/** The served artifact (mirrors PredictionModel in @zomma/contracts; ml does not depend on contracts). */
export interface ServedModelRef {
  id: string;
  name: string;
  version: number;
  kind: 'ONNX';
  sha256: string;
}

export interface Attribution {
  feature: string;
  value: number;
  contribution: number;
}

/** Structurally the contracts' SignalExplanation (validated again when the signal is stored). */
export interface SignalModelExplanation {
  model: ServedModelRef;
  method: string;
  output: number;
  baseline: number;
  attributions: Attribution[];
}

export const EXPLANATION_METHOD = 'tree-shap-path-dependent';

export interface SignalProposal {
  strategy: ProposedStrategy;
  legs: Leg[];
  quantity: number;
  /** Probability of the chosen class. */
  confidence: number;
  classIndex: number;
  expiry: Date;
  rationale: string;
}

export type PredictionDecision =
  | { ok: true; proposal: SignalProposal }
  | {
      ok: false;
      reason: 'NONE' | 'LOW_CONFIDENCE' | 'CANNOT_BUILD';
      classIndex: number;
      confidence: number;
      detail: string;
    };

export interface ProposeContext {
  symbol: string;
  asOf: Date;
  spot: number;
  chain: readonly OptionQuote[];
  strategy: StrategyParams;
  minConfidence: number;
  /** e.g. "signal-rule v3", for the rationale. */
  modelLabel: string;
  /** The explanation's attributions, to name the largest in the rationale. */
  attributions?: readonly Attribution[];
}

/** Index of the largest probability (ties: the lower index). Throws on a malformed vector. */
export function chosenClass(probabilities: ArrayLike<number>): number {
  if (probabilities.length !== SIGNAL_CLASSES.length) {
    throw new RangeError(`expected ${SIGNAL_CLASSES.length} probabilities, got ${probabilities.length}`);
  }
  let sum = 0;
  let best = 0;
  for (let k = 0; k < probabilities.length; k++) {
    const p = probabilities[k] as number;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`probability ${k} is ${p}`);
    sum += p;
    if (p > (probabilities[best] as number)) best = k;
  }
  // float32 softmax sums to 1 within a few ulps; anything else is not a probability vector.
  if (Math.abs(sum - 1) > 1e-4) throw new RangeError(`probabilities sum to ${sum}`);
  return best;
}

const pct = (p: number) => p.toFixed(2);
const signed = (x: number) => (x >= 0 ? `+${x.toFixed(3)}` : `−${Math.abs(x).toFixed(3)}`);
const legText = (l: Leg) => `${l.side} ${l.strike}${l.right === 'call' ? 'C' : 'P'}`;

/** Turns class probabilities (SIGNAL_CLASSES order) into a proposal, or says why there is none. */
export function proposeFromPrediction(
  probabilities: ArrayLike<number>,
  features: ArrayLike<number>,
  ctx: ProposeContext,
): PredictionDecision {
  if (features.length !== SIGNAL_FEATURE_NAMES.length) throw new RangeError('feature vector width');
  const k = chosenClass(probabilities);
  const confidence = probabilities[k] as number;
  const cls = SIGNAL_CLASSES[k] ?? 'NONE';
  const others = SIGNAL_CLASSES.map((c, j) => `${c} ${pct(probabilities[j] as number)}`).join(', ');
  if (cls === 'NONE') {
    return {
      ok: false,
      reason: 'NONE',
      classIndex: k,
      confidence,
      detail: `no trade is most likely (${others})`,
    };
  }
  if (confidence < ctx.minConfidence) {
    return {
      ok: false,
      reason: 'LOW_CONFIDENCE',
      classIndex: k,
      confidence,
      detail: `P(${cls}) = ${pct(confidence)} < ${ctx.minConfidence} (${others})`,
    };
  }
  const built = buildStrategy(cls, ctx.chain, ctx.asOf, ctx.strategy);
  if (!built.ok) {
    return {
      ok: false,
      reason: 'CANNOT_BUILD',
      classIndex: k,
      confidence,
      detail: `${cls}: ${built.reason}`,
    };
  }
  const { legs, expiry } = built;
  const net = netDebitPerShare(legs);
  const pl = maxProfitLoss(legs);
  const premium = net <= 0 ? `net credit ${(-net).toFixed(2)}` : `net debit ${net.toFixed(2)}`;
  const maxLoss = typeof pl.maxLoss === 'number' ? pl.maxLoss.toFixed(2) : 'unlimited';
  const drivers = [...(ctx.attributions ?? [])]
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, 3)
    .map((a) => `${a.feature} = ${a.value.toPrecision(3)} (${signed(a.contribution)})`);
  const rationale =
    `Learned model ${ctx.modelLabel} (gradient-boosted trees trained on synthetic simulator data with known answers) ` +
    `on ${ctx.symbol} at ${ctx.spot.toFixed(2)}: P(${cls}) = ${pct(confidence)} ≥ ${ctx.minConfidence} (${others}). ` +
    (drivers.length > 0 ? `Largest TreeSHAP attributions to its logit: ${drivers.join(', ')}. ` : '') +
    `Legs ${legs.map(legText).join(', ')} (short strikes nearest ${ctx.strategy.shortDelta} |delta|, width ${ctx.strategy.wingWidth}), ` +
    `expiry ${expiry.toISOString().slice(0, 10)} (${daysToExpiry(ctx.asOf, expiry).toFixed(1)} days; target ${ctx.strategy.dte}). ` +
    `Per share: ${premium}, max loss ${maxLoss}. Quantity ${ctx.strategy.quantity}.`;
  return {
    ok: true,
    proposal: {
      strategy: cls,
      legs,
      quantity: ctx.strategy.quantity,
      confidence,
      classIndex: k,
      expiry,
      rationale,
    },
  };
}

/**
 * TreeSHAP of class `classIndex`'s margin for one feature row. `output` is the margin computed
 * from the same trees in double precision (onnxruntime's float32 sum differs by rounding only);
 * attributions are sorted by |contribution|, largest first.
 */
export function explain(
  model: GbdtModel,
  features: ArrayLike<number>,
  classIndex: number,
  served: ServedModelRef,
  featureNames: readonly string[] = SIGNAL_FEATURE_NAMES,
): SignalModelExplanation {
  const d = model.nFeatures;
  if (features.length !== d || featureNames.length !== d) throw new RangeError('feature vector width');
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < model.nOutputs)) {
    throw new RangeError(`class ${classIndex} out of range`);
  }
  const x = Float64Array.from(features);
  const shap = treeShap(model, x, 1);
  const output = predictMargin(model, x, 1)[classIndex] as number;
  const attributions = featureNames.map((feature, j) => ({
    feature,
    value: x[j] as number,
    contribution: shap.values[classIndex * d + j] as number,
  }));
  attributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return {
    model: { ...served },
    method: EXPLANATION_METHOD,
    output,
    baseline: shap.expectedValue[classIndex] as number,
    attributions,
  };
}
