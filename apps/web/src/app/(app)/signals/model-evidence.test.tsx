import type { SignalView } from '@zomma/contracts';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ModelEvidence } from './model-evidence.tsx';

function view(overrides: Partial<SignalView>): SignalView {
  return { confidence: null, explanation: null, ...overrides } as SignalView;
}

const explanation = {
  model: {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'signal-gbdt',
    version: 3,
    kind: 'ONNX',
    sha256: 'b'.repeat(64),
  },
  method: 'tree-shap',
  output: 0.7,
  baseline: 0.4,
  attributions: [
    { feature: 'small', value: 1, contribution: 0.01 },
    { feature: 'neg-big', value: 2, contribution: -0.2 },
    { feature: 'big', value: 3, contribution: 0.35 },
    { feature: 'f4', value: 4, contribution: 0.02 },
    { feature: 'f5', value: 5, contribution: 0.015 },
    { feature: 'f6', value: 6, contribution: 0.005 },
  ],
};

describe('ModelEvidence', () => {
  it('shows the confidence as a percentage', () => {
    const html = renderToStaticMarkup(createElement(ModelEvidence, { signal: view({ confidence: 0.734 }) }));
    expect(html).toContain('confidence 73%');
    expect(html).not.toContain('signal-attributions');
  });

  it('lists the five largest attributions by magnitude, largest first, with the method', () => {
    const html = renderToStaticMarkup(createElement(ModelEvidence, { signal: view({ explanation }) }));
    const order = [...html.matchAll(/<tr><td>([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(order).toEqual(['big', 'neg-big', 'f4', 'f5', 'small']);
    expect(html).toContain('tree-shap');
    expect(html).toContain('-0.2000');
  });
});
