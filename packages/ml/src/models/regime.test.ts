/**
 * The synthetic 7-regime market has the signatures it claims, and RegimeClassifier recovers the
 * true regime on a held-out path far better than the majority-class baseline and chance.
 * Measured (seed 1: 40,000 training days → 9,993 windows of 32 days, stride 4; held-out path of
 * 12,000 days → 2,993 windows; ~6 s): accuracy 0.77 vs majority 0.21 vs chance 0.14; recall per
 * regime 0.70–0.89; the main confusion is calm bull ↔ range-bound (same vol, drift vs pull-back).
 */
import { describe, expect, it } from 'vitest';
import { trainRegimeClassifier } from './regime.ts';
import { generateRegimePath, REGIME_PARAMS, REGIMES, type Regime, regimeWindows } from './regime-data.ts';

describe('synthetic regime market', () => {
  const path = generateRegimePath(60_000, 11);

  it('is seeded, visits every regime, and each regime shows its drift / vol / vol-trend signature', () => {
    expect(generateRegimePath(500, 11).returns).toEqual(path.returns.subarray(0, 500));
    const stats = REGIMES.map(() => ({ n: 0, ret: 0, ret2: 0, dlv: 0 }));
    for (let t = 1; t < path.returns.length; t++) {
      const k = path.regime[t] ?? 0;
      if (path.regime[t - 1] !== k) continue; // skip switch days
      const s = stats[k];
      if (!s) continue;
      const r = path.returns[t] ?? 0;
      s.n++;
      s.ret += r;
      s.ret2 += r * r;
      s.dlv += Math.log((path.iv[t] ?? 1) / (path.iv[t - 1] ?? 1));
    }
    const by = (r: Regime) => {
      const s = stats[REGIMES.indexOf(r)] ?? { n: 1, ret: 0, ret2: 0, dlv: 0 };
      const mean = s.ret / s.n;
      return {
        n: s.n,
        annualDrift: mean * 252,
        annualVol: Math.sqrt((s.ret2 / s.n - mean * mean) * 252),
        dlv: s.dlv / s.n,
      };
    };
    for (const r of REGIMES) expect(by(r).n, r).toBeGreaterThan(1000);
    // Drift signs and ordering (sampling sd of the annual drift ≈ vol·√(252/n) ≲ 0.2 here).
    expect(by('calm-bull').annualDrift).toBeGreaterThan(0.3);
    expect(by('calm-bear').annualDrift).toBeLessThan(-0.2);
    expect(by('crash').annualDrift).toBeLessThan(-2);
    expect(Math.abs(by('range-bound').annualDrift)).toBeLessThan(0.3);
    // Vol levels: calm ≈ 12–18%, volatile ≈ 35%, crash the highest (with jumps).
    expect(by('calm-bull').annualVol).toBeLessThan(0.2);
    expect(by('volatile-bull').annualVol).toBeGreaterThan(0.3);
    expect(by('crash').annualVol).toBeGreaterThan(by('volatile-bull').annualVol);
    // Vol trend: expansion pushes log σ up ~5%/day, crush down (mean daily Δ log iv).
    expect(by('vol-expansion').dlv).toBeGreaterThan(0.02);
    expect(by('vol-crush').dlv).toBeLessThan(-0.02);
    expect(Math.abs(by('calm-bull').dlv)).toBeLessThan(0.015); // measured −0.007 (reversion after switches)
    expect(REGIME_PARAMS.crash.jumpMean).toBeLessThan(0);
  });

  it('windows: label = regime of the last day; features as documented', () => {
    const w = regimeWindows(path, 32, 4);
    expect(w.size).toBe(Math.floor((60_000 - 32) / 4) + 1);
    const i = 10;
    const end = 32 + 4 * i;
    expect(Number(w.labels[i])).toBe(path.regime[end - 1]);
    const o = (i * 32 + 31) * 4;
    expect(w.x[o]).toBeCloseTo((path.returns[end - 1] ?? 0) / 0.02, 5);
    expect(w.x[o + 2]).toBeCloseTo(Math.log((path.iv[end - 1] ?? 0) / 0.25), 5);
  });
});

describe('RegimeClassifier', () => {
  it('held-out accuracy vs the true regime beats the majority class and chance by wide margins', async () => {
    const t = await trainRegimeClassifier({ seed: 1 });
    const m = t.metrics;
    console.log('regime classifier:', JSON.stringify({ ...m, confusion: undefined }));
    expect(m.testWindows).toBeGreaterThan(2900);
    expect(m.accuracy).toBeGreaterThan(0.65);
    expect(m.accuracy - m.majorityBaseline).toBeGreaterThan(0.35);
    expect(m.accuracy).toBeGreaterThan(4 * m.chance);
    for (const r of REGIMES) expect(m.recall[r], r).toBeGreaterThan(0.4);
    const total = m.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(m.testWindows);
    expect(t.model.describe()).toMatchObject({ kind: 'regime-classifier', classes: 7 });
  }, 60_000);
});
