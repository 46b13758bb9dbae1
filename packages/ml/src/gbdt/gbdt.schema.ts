/**
 * zod schemas of the GBDT: hyperparameters (what the model registry stores as a version's
 * parameters) and the model's JSON form (its artifact). Thresholds, leaf values and base scores are
 * float32 values carried as JSON numbers (exact: every float32 is a double).
 */
import { z } from 'zod';

export const GbdtObjective = z.enum(['regression', 'binary', 'multiclass']);
export type GbdtObjective = z.infer<typeof GbdtObjective>;

export const GbdtParams = z.strictObject({
  /** regression: squared error; binary: logistic (labels 0/1); multiclass: softmax (labels 0..K−1). */
  objective: GbdtObjective.default('regression'),
  /** Number of classes K (multiclass only; one tree per class per round). */
  numClasses: z.number().int().min(3).max(1000).optional(),
  /** Boosting rounds (upper bound when early stopping is on). */
  rounds: z.number().int().min(1).max(100_000).default(100),
  /** Shrinkage applied to every leaf value. */
  learningRate: z.number().gt(0).max(10).default(0.1),
  /** Maximum depth (root at depth 0); 0 = unlimited (then maxLeaves bounds the tree). */
  maxDepth: z.number().int().min(0).max(64).default(6),
  /** Maximum leaves per tree. */
  maxLeaves: z.number().int().min(2).max(65_536).default(31),
  /** lossguide: split the leaf with the largest gain first (LightGBM); depthwise: level by level (XGBoost). */
  growPolicy: z.enum(['depthwise', 'lossguide']).default('lossguide'),
  /** Minimum sum of hessians in a child. */
  minChildWeight: z.number().min(0).default(1e-3),
  /** Minimum training rows in a child. */
  minSamplesLeaf: z.number().int().min(1).default(20),
  /** L2 regularisation of leaf values (the λ in −G/(H+λ)). */
  lambda: z.number().min(0).default(1),
  /** Minimum gain (loss reduction, ½·[GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ)]) to split. */
  minSplitGain: z.number().min(0).default(0),
  /** Fraction of rows drawn (Bernoulli, per round) for each round's trees. */
  subsample: z.number().gt(0).max(1).default(1),
  /** Fraction of features drawn (without replacement, per tree). */
  colsample: z.number().gt(0).max(1).default(1),
  /** Value bins per feature (≤ 255; one more code is kept for missing values). */
  maxBins: z.number().int().min(2).max(255).default(255),
  /** Rows sampled (seeded) to place the quantile bin edges. */
  binSampleRows: z.number().int().min(100).default(100_000),
  /** Stop after this many rounds without a better validation loss; 0 = off. */
  earlyStoppingRounds: z.number().int().min(0).default(0),
  /** Seed of row/column sampling and of the bin-edge sample. */
  seed: z.number().int().default(0),
});
export type GbdtParams = z.infer<typeof GbdtParams>;
export type GbdtParamsInput = z.input<typeof GbdtParams>;

const finite = z.number().refine(Number.isFinite, 'finite number');

/** One tree as parallel arrays indexed by node id (root 0; children always after their parent). */
export const GbdtTreeJson = z
  .strictObject({
    /** Split feature, −1 on leaves. */
    feature: z.array(z.number().int().min(-1)),
    /** float32 threshold: go left when float32(x) < threshold (ONNX BRANCH_LT); 0 on leaves. */
    threshold: z.array(finite),
    left: z.array(z.number().int().min(-1)),
    right: z.array(z.number().int().min(-1)),
    /** 1 when a missing value (NaN) goes left. */
    defaultLeft: z.array(z.union([z.literal(0), z.literal(1)])),
    /** float32 leaf value (learning rate applied); on internal nodes the value the node would have as a leaf. */
    value: z.array(finite),
    /** Training rows (of the round's sample) that reached the node: TreeSHAP's cover. */
    cover: z.array(z.number().gt(0)),
    /** Split gain (0 on leaves). */
    gain: z.array(z.number().min(0)),
  })
  .superRefine((t, ctx) => {
    const n = t.feature.length;
    const arrays = [t.threshold, t.left, t.right, t.defaultLeft, t.value, t.cover, t.gain];
    if (n === 0 || arrays.some((a) => a.length !== n)) {
      ctx.addIssue({ code: 'custom', message: 'tree arrays must be non-empty and of equal length' });
      return;
    }
    for (let j = 0; j < n; j++) {
      const f = t.feature[j] ?? -1;
      const l = t.left[j] ?? -1;
      const r = t.right[j] ?? -1;
      const ok = f < 0 ? l === -1 && r === -1 : l > j && r > j && l < n && r < n && l !== r;
      if (!ok) ctx.addIssue({ code: 'custom', message: `node ${j}: bad children`, path: ['left', j] });
    }
  });
export type GbdtTreeJson = z.infer<typeof GbdtTreeJson>;

export const GBDT_FORMAT = 'zomma-gbdt/1';

export const GbdtModelJson = z
  .strictObject({
    format: z.literal(GBDT_FORMAT),
    objective: GbdtObjective,
    nFeatures: z.number().int().min(1),
    /** Margins per row: 1 (regression, binary) or K (multiclass). */
    nOutputs: z.number().int().min(1),
    /** float32 initial margin per output. */
    baseScore: z.array(finite),
    params: GbdtParams,
    /** Trees in round-major order: tree r·nOutputs + k adds to output k. */
    trees: z.array(GbdtTreeJson),
    featureNames: z.array(z.string()).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.baseScore.length !== m.nOutputs) ctx.addIssue({ code: 'custom', message: 'baseScore length' });
    if (m.trees.length % m.nOutputs !== 0) ctx.addIssue({ code: 'custom', message: 'trees per round' });
    if (m.featureNames && m.featureNames.length !== m.nFeatures) {
      ctx.addIssue({ code: 'custom', message: 'featureNames length' });
    }
    const outOfRange = m.trees.some((t) => t.feature.some((f) => f >= m.nFeatures));
    if (outOfRange) ctx.addIssue({ code: 'custom', message: 'feature index out of range' });
  });
export type GbdtModelJson = z.infer<typeof GbdtModelJson>;
