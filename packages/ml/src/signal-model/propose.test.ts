import { listExpiries, syntheticChain } from '@zomma/engine/sim';
import { maxProfitLoss } from '@zomma/engine/strategy';
import { describe, expect, it } from 'vitest';
import { N_SIGNAL_FEATURES } from './features.ts';
import { chosenClass, proposeFromPrediction } from './propose.ts';
import { buildStrategy, DEFAULT_STRATEGY_PARAMS } from './strategies.ts';

const asOf = new Date(Date.UTC(2026, 2, 2, 15));
const chain = syntheticChain({
  symbol: 'ZMA',
  spot: 101.3,
  vol: 0.27,
  asOf,
  expiries: listExpiries(asOf, 10),
  strikesPerSide: 16,
  strikeStep: 2.5,
  rate: 0.04,
  dividendYield: 0,
});
const features = new Float64Array(N_SIGNAL_FEATURES).fill(0.5);
const ctx = {
  symbol: 'ZMA',
  asOf,
  spot: 101.3,
  chain,
  strategy: DEFAULT_STRATEGY_PARAMS,
  minConfidence: 0.5,
  modelLabel: 'signal-rule v3',
};

describe('chosenClass', () => {
  it('takes the largest probability, NONE on a tie', () => {
    expect(chosenClass([0.1, 0.2, 0.6, 0.1])).toBe(2);
    expect(chosenClass([0.4, 0.4, 0.1, 0.1])).toBe(0);
  });

  it('refuses what is not a probability vector over the four classes', () => {
    expect(() => chosenClass([0.5, 0.5])).toThrow(RangeError);
    expect(() => chosenClass([0.5, 0.5, 0.5, 0])).toThrow(RangeError);
    expect(() => chosenClass([Number.NaN, 0.5, 0.5, 0])).toThrow(RangeError);
  });
});

describe('proposeFromPrediction', () => {
  it('proposes nothing when NONE is most likely', () => {
    const r = proposeFromPrediction([0.7, 0.1, 0.1, 0.1], features, ctx);
    expect(r).toMatchObject({ ok: false, reason: 'NONE', classIndex: 0, confidence: 0.7 });
  });

  it('proposes nothing below the confidence threshold', () => {
    const r = proposeFromPrediction([0.2, 0.45, 0.2, 0.15], features, ctx);
    expect(r).toMatchObject({ ok: false, reason: 'LOW_CONFIDENCE', classIndex: 1, confidence: 0.45 });
  });

  it('builds the chosen strategy with the shared builder; confidence = its probability', () => {
    for (const [k, strategy] of [
      [1, 'BULL_PUT_SPREAD'],
      [2, 'BEAR_CALL_SPREAD'],
      [3, 'IRON_CONDOR'],
    ] as const) {
      const p = [0.1, 0.1, 0.1, 0.1];
      p[k] = 0.7;
      const r = proposeFromPrediction(p, features, {
        ...ctx,
        attributions: [
          { feature: 'mom_z_60', value: 1.5, contribution: 0.8 },
          { feature: 'vol', value: 0.27, contribution: -0.1 },
        ],
      });
      if (!r.ok) throw new Error(r.detail);
      const built = buildStrategy(strategy, chain, asOf, DEFAULT_STRATEGY_PARAMS);
      if (!built.ok) throw new Error(built.reason);
      expect(r.proposal.strategy).toBe(strategy);
      expect(r.proposal.legs).toEqual(built.legs);
      expect(r.proposal.confidence).toBe(0.7);
      expect(r.proposal.quantity).toBe(DEFAULT_STRATEGY_PARAMS.quantity);
      const pl = maxProfitLoss(r.proposal.legs);
      expect(typeof pl.maxLoss).toBe('number'); // defined risk
      expect(r.proposal.rationale).toContain('signal-rule v3');
      expect(r.proposal.rationale).toContain('mom_z_60');
    }
  });

  it('says so when the chain cannot build the strategy', () => {
    const r = proposeFromPrediction([0.1, 0.1, 0.1, 0.7], features, { ...ctx, chain: [] });
    expect(r).toMatchObject({ ok: false, reason: 'CANNOT_BUILD', classIndex: 3 });
  });

  it('refuses a feature vector of the wrong width', () => {
    expect(() => proposeFromPrediction([0.1, 0.1, 0.1, 0.7], [1, 2], ctx)).toThrow(RangeError);
  });
});
