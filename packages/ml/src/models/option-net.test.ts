/**
 * MultiTaskOptionNet learns Black–Scholes call price and delta over S/K 0.7–1.3, T 0.05–1,
 * σ 0.1–0.6, r 0–0.08, checked on a held-out regular grid (1,404 points, corners included)
 * against the engine (priceEuropean for price, greeksEuropean for delta), through the exported
 * ONNX model. The recipe's defaults (20,000 points × 120 epochs, ~10 s); measured over seeds
 * 1–3 (figures in option-net-train.ts): price max ≤ 1.9e-3·K, mean ≤ 2.0e-4·K; delta max ≤ 0.012,
 * mean ≤ 0.0015; |delta head − ∂price/∂S| ≤ 0.020. Training is bit-reproducible for a seed (one
 * onnxruntime thread); the bounds leave headroom for other platforms' float rounding.
 */
import { priceEuropean } from '@zomma/engine';
import { describe, expect, it } from 'vitest';
import { createRunner } from '../graph/index.ts';
import { exportModel } from '../nn/model.ts';
import { ParamStore } from '../nn/params.ts';
import {
  DX0_DM,
  MultiTaskOptionNet,
  OPTION_NET_DOMAIN,
  optionGrid,
  optionNetInput,
  optionTruth,
} from './option-net.ts';
import { trainOptionNet } from './option-net-train.ts';

describe('MultiTaskOptionNet', () => {
  it('learns price and delta on a held-out grid (differential training)', async () => {
    const t = await trainOptionNet({ seed: 1 });
    const m = t.metrics;
    console.log('option-net held-out grid:', JSON.stringify(m));
    expect(m.points).toBe(13 * 6 * 6 * 3);
    expect(m.priceMaxAbs).toBeLessThan(0.004); // 0.4% of K anywhere on the grid
    expect(m.priceMeanAbs).toBeLessThan(0.0005);
    expect(m.deltaMaxAbs).toBeLessThan(0.02);
    expect(m.deltaMeanAbs).toBeLessThan(0.003);
    expect(m.autodiffDeltaMaxAbs).toBeLessThan(0.02);
    expect(m.consistencyMax).toBeLessThan(0.03);
    // The loss parts all fell by orders of magnitude (untrained: price MSE ~1e-2).
    const last = t.history.at(-1)?.trainParts ?? {};
    expect(last.price).toBeLessThan(1e-5);
    expect(last.delta).toBeLessThan(1e-3);

    // Spot check a few grid points by hand against priceEuropean (not the helper's greeksEuropean).
    const served = await createRunner(exportModel(t.model, t.params));
    const pts = [
      { moneyness: 1, tYears: 0.5, vol: 0.2, rate: 0.03 },
      { moneyness: 0.8, tYears: 1, vol: 0.5, rate: 0.0 },
      { moneyness: 1.2, tYears: 0.1, vol: 0.3, rate: 0.06 },
    ];
    const x = new Float32Array(4 * pts.length);
    pts.forEach((p, i) => {
      optionNetInput(p, x, i);
    });
    const price = (await served.run({ x })).price?.data as Float32Array;
    await served.release();
    pts.forEach((p, i) => {
      const strike = 100;
      const truth = priceEuropean({
        right: 'call',
        spot: p.moneyness * strike,
        strike,
        tYears: p.tYears,
        rate: p.rate,
        dividendYield: 0,
        vol: p.vol,
      });
      expect(Math.abs(strike * (price[i] ?? Number.NaN) - truth)).toBeLessThan(0.004 * strike);
    });
  }, 60_000);

  it('inputs map the domain onto [−1, 1]; DX0_DM converts ∂/∂x₀ to ∂/∂m; truth is homogeneous in K', () => {
    const D = OPTION_NET_DOMAIN;
    const lo = new Float64Array(4);
    const hi = new Float64Array(4);
    optionNetInput({ moneyness: D.moneyness[0], tYears: D.tYears[0], vol: D.vol[0], rate: D.rate[0] }, lo);
    optionNetInput({ moneyness: D.moneyness[1], tYears: D.tYears[1], vol: D.vol[1], rate: D.rate[1] }, hi);
    for (const v of lo) expect(v).toBeCloseTo(-1, 12);
    for (const v of hi) expect(v).toBeCloseTo(1, 12);
    const a = new Float64Array(4);
    const b = new Float64Array(4);
    optionNetInput({ moneyness: 1, tYears: 0.3, vol: 0.2, rate: 0.01 }, a);
    optionNetInput({ moneyness: 1.01, tYears: 0.3, vol: 0.2, rate: 0.01 }, b);
    expect(((b[0] ?? 0) - (a[0] ?? 0)) / 0.01).toBeCloseTo(DX0_DM, 10);
    // C(S, K) = K·c(S/K): the K = 1 truth scales to any strike; delta is unchanged.
    const p = { moneyness: 1.1, tYears: 0.4, vol: 0.25, rate: 0.02 };
    const c = priceEuropean({
      right: 'call',
      spot: 110,
      strike: 100,
      tYears: 0.4,
      rate: 0.02,
      dividendYield: 0,
      vol: 0.25,
    });
    expect(100 * optionTruth(p).price).toBeCloseTo(c, 10);
    expect(optionGrid().length).toBe(1404);
  });

  it('optional gamma and vega heads are exported as outputs', async () => {
    const model = new MultiTaskOptionNet({ hidden: [8], gamma: true, vega: true });
    expect(model.heads).toEqual(['price', 'delta', 'gamma', 'vega']);
    const served = exportModel(model, ParamStore.init(model.params, 1));
    expect(served.outputs.map((o) => o.name)).toEqual(['price', 'delta', 'gamma', 'vega']);
  });
});
