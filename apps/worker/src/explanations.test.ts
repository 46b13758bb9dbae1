/**
 * The explanations the ml package produces are what the signal store accepts: TreeSHAP (signal
 * model) is covered by the generate-signals int tests; this checks integrated gradients of a network
 * against the contracts schema the repository validates with (ml does not depend on contracts).
 */

import { SignalExplanation } from '@zomma/contracts';
import { createRng } from '@zomma/engine/rng';
import { integratedGradients, LstmRegressor, toSignalExplanation } from '@zomma/ml/models';
import { ParamStore } from '@zomma/ml/nn';
import { describe, expect, it } from 'vitest';

describe('integrated-gradients explanations fit the signal store', () => {
  it('an LSTM explanation parses as a contracts SignalExplanation and is complete', async () => {
    const model = new LstmRegressor({
      steps: 5,
      features: 3,
      hidden: 4,
      outputs: 1,
      featureNames: ['ret_1d', 'iv_atm', 'rv_yz_20d'],
    });
    const params = ParamStore.init(model.params, 7);
    const rng = createRng(11);
    const x = Float64Array.from({ length: 15 }, () => rng.normal());
    const r = await integratedGradients(model, params, { x }, { output: 'pred' });
    const e = toSignalExplanation(r, {
      model: {
        id: '00000000-0000-4000-8000-000000000002',
        name: 'regime-lstm',
        version: 4,
        kind: 'ONNX',
        sha256: 'c'.repeat(64),
      },
      featureNames: { x: model.featureNames },
    });
    expect(SignalExplanation.parse(e)).toEqual(e);
    const total = e.baseline + e.attributions.reduce((s, a) => s + a.contribution, 0);
    expect(Math.abs(total - e.output)).toBeLessThan(1e-8 * Math.max(1, Math.abs(e.output)));
  });
});
