import { describe, expect, it } from 'vitest';
import { ModelCard, SignalExplanation } from './model-registry.schema.ts';

const card = {
  name: 'condor-mlp',
  description: 'MLP on 16 features',
  hyperparameters: { lr: 0.001 },
  metrics: { mse: 0.01 },
  trainedFrom: new Date('2026-01-01T00:00:00Z'),
  trainedTo: new Date('2026-06-30T00:00:00Z'),
  parentId: null,
};

describe('ModelCard', () => {
  it('accepts a complete card; a one-instant window is allowed', () => {
    expect(ModelCard.parse(card)).toEqual(card);
    expect(ModelCard.safeParse({ ...card, trainedTo: card.trainedFrom }).success).toBe(true);
  });

  it('refuses a reversed window, non-finite metrics and unknown keys', () => {
    const reversed = ModelCard.safeParse({
      ...card,
      trainedFrom: card.trainedTo,
      trainedTo: card.trainedFrom,
    });
    expect(reversed.success).toBe(false);
    expect(reversed.error?.issues[0]?.path).toEqual(['trainedTo']);
    expect(ModelCard.safeParse({ ...card, metrics: { mse: Number.NaN } }).success).toBe(false);
    expect(ModelCard.safeParse({ ...card, metrics: { mse: Number.POSITIVE_INFINITY } }).success).toBe(false);
    expect(ModelCard.safeParse({ ...card, sha256: 'f'.repeat(64) }).success).toBe(false);
  });
});

describe('SignalExplanation', () => {
  const explanation = {
    model: {
      id: '8d3c8a52-8d0e-4b8e-9a55-3f7a3c0e8f11',
      name: 'condor-mlp',
      version: 3,
      kind: 'ONNX',
      sha256: 'a'.repeat(64),
    },
    method: 'tree-shap',
    output: 0.42,
    baseline: 0.1,
    attributions: [
      { feature: 'ret_5d', value: -0.013, contribution: 0.25 },
      { feature: 'iv_rank', value: 0.8, contribution: 0.07 },
    ],
  };

  it('accepts a cited model with finite attributions', () => {
    expect(SignalExplanation.parse(explanation)).toEqual(explanation);
  });

  it('refuses a bad sha256, a NaN contribution and more than 256 attributions', () => {
    expect(
      SignalExplanation.safeParse({ ...explanation, model: { ...explanation.model, sha256: 'x' } }).success,
    ).toBe(false);
    const nan = { ...explanation, attributions: [{ feature: 'a', value: 1, contribution: Number.NaN }] };
    expect(SignalExplanation.safeParse(nan).success).toBe(false);
    const many = {
      ...explanation,
      attributions: Array.from({ length: 257 }, (_, i) => ({ feature: `f${i}`, value: 0, contribution: 0 })),
    };
    expect(SignalExplanation.safeParse(many).success).toBe(false);
  });
});
