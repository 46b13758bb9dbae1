/**
 * Gain importance: per feature, the sum over all splits on it of the split gain (the second-order
 * loss reduction ½·[GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ)], in units of the training loss summed over
 * the round's rows), plus the same normalised to sum to 1 and the number of splits.
 */
import type { GbdtModel } from './types.ts';

export interface GainImportance {
  total: Float64Array;
  /** total / Σ total (all zeros when the model has no split). */
  normalised: Float64Array;
  splits: Int32Array;
}

export function gainImportance(model: GbdtModel): GainImportance {
  const total = new Float64Array(model.nFeatures);
  const splits = new Int32Array(model.nFeatures);
  for (const tree of model.trees) {
    for (let j = 0; j < tree.feature.length; j++) {
      const f = tree.feature[j] as number;
      if (f < 0) continue;
      total[f] = (total[f] as number) + (tree.gain[j] as number);
      splits[f] = (splits[f] as number) + 1;
    }
  }
  let sum = 0;
  for (const v of total) sum += v;
  const normalised = total.map((v) => (sum > 0 ? v / sum : 0));
  return { total, normalised, splits };
}
