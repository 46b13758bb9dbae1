/**
 * Quantile binning, done once before training. Each feature gets ≤ maxBins value bins separated by
 * float32 thresholds t_0 < t_1 < …; a value v lands in bin #{k : float32(v) ≥ t_k}, so "bin ≤ k"
 * is exactly "float32(v) < t_k" — the test ONNX BRANCH_LT applies to float32 input. Training
 * (on bins) and prediction (on thresholds, in TS or onnxruntime) therefore route every row alike,
 * ties included. Thresholds are float32 midpoints between adjacent distinct sample values (the
 * upper value itself when the midpoint rounds down onto the lower one). NaN gets the extra code
 * nBins[f] (≤ 255, so codes fit a Uint8Array).
 */
import { createRng } from '@zomma/engine/rng';
import type { FeatureMatrix } from './types.ts';

export interface BinnedMatrix {
  nRows: number;
  nFeatures: number;
  /** Per feature: a bin code per row (0..nBins[f]−1, or nBins[f] for NaN). */
  bins: Uint8Array[];
  /** Per feature: ascending float32 thresholds, nBins[f] − 1 of them. */
  thresholds: Float32Array[];
  /** Value bins per feature (1 when the feature is constant or all missing). */
  nBins: Int32Array;
  /** 1 when the feature has a NaN among the rows. */
  hasMissing: Uint8Array;
}

export interface BinOptions {
  /** ≤ 255. */
  maxBins: number;
  /** Rows (seeded sample without replacement) used to place the edges. */
  sampleRows: number;
  seed: number;
}

/** Scratch for reading a float32's bits. */
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Monotone uint32 key of a float32 bit pattern (non-NaN): key order is numeric order (−0 just below +0). */
const keyOfBits = (b: number): number => ((b & 0x80000000) !== 0 ? ~b : b | 0x80000000) >>> 0;
const bitsOfKey = (k: number): number => ((k & 0x80000000) !== 0 ? k & 0x7fffffff : ~k) >>> 0;

/** The bin of a value: number of thresholds ≤ float32(v); thresholds.length + 1 for NaN. */
export function binOf(thresholds: Float32Array, v: number): number {
  if (Number.isNaN(v)) return thresholds.length + 1;
  const x = Math.fround(v);
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < (thresholds[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A 2^16-entry table over the top 16 bits of the key: entry b = number of thresholds whose key is
 * ≤ b·2^16, a lower bound of the bin of any value in that key range (binning then steps up past the
 * few thresholds inside the range; a binary search per value costs ~4× more in mispredicted branches).
 */
function binTable(thresholds: Float32Array): Uint8Array {
  const table = new Uint8Array(65536);
  const keys = Uint32Array.from(
    new Uint32Array(thresholds.buffer, thresholds.byteOffset, thresholds.length),
    keyOfBits,
  );
  let bin = 0;
  for (let b = 0; b < 65536; b++) {
    const k = b * 65536;
    while (bin < keys.length && (keys[bin] as number) <= k) bin++;
    table[b] = bin;
  }
  return table;
}

/** LSD radix sort of uint32 keys (three 11-bit digits); tmp is scratch of the same length. */
function radixSort(a: Uint32Array, tmp: Uint32Array): void {
  const count = new Uint32Array(2048);
  let src = a;
  let dst = tmp;
  for (let shift = 0; shift < 32; shift += 11) {
    count.fill(0);
    for (let i = 0; i < src.length; i++) {
      const dg = ((src[i] as number) >>> shift) & 2047;
      count[dg] = (count[dg] as number) + 1;
    }
    let sum = 0;
    for (let dg = 0; dg < 2048; dg++) {
      const c = count[dg] as number;
      count[dg] = sum;
      sum += c;
    }
    for (let i = 0; i < src.length; i++) {
      const v = src[i] as number;
      const dg = (v >>> shift) & 2047;
      dst[count[dg] as number] = v;
      count[dg] = (count[dg] as number) + 1;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== a) a.set(src);
}

/** A float32 cut c with a < c ≤ b (go-left test float32(v) < c separates a from b); null if none is finite. */
function cutBetween(a: number, b: number): number | null {
  let c = Math.fround(a / 2 + b / 2);
  if (!(c > a)) c = b;
  return Number.isFinite(c) ? c : null;
}

/**
 * Thresholds for one feature from its sorted float32 sample values (no NaN). With ≤ maxBins distinct
 * values every gap gets a cut; otherwise the cuts sit below the values at ranks ⌊j·m/maxBins⌋,
 * so a heavily tied value keeps one bin and the bins hold about equal numbers of rows.
 */
export function quantileThresholds(sorted: Float32Array, maxBins: number): Float32Array {
  const m = sorted.length;
  const cuts: number[] = [];
  let nDistinct = 0;
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) nDistinct++;
  const push = (a: number, b: number): void => {
    const c = cutBetween(a, b);
    if (c !== null && (cuts.length === 0 || c > (cuts[cuts.length - 1] as number))) cuts.push(c);
  };
  if (nDistinct <= maxBins) {
    for (let i = 1; i < m; i++) {
      const a = sorted[i - 1] as number;
      const b = sorted[i] as number;
      if (b !== a) push(a, b);
    }
  } else {
    for (let j = 1; j < maxBins; j++) {
      const u = sorted[Math.floor((j * m) / maxBins)] as number;
      // First index holding u: the value just below it is sorted[lb − 1].
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sorted[mid] as number) < u) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0) push(sorted[lo - 1] as number, u);
    }
  }
  return Float32Array.from(cuts);
}

/** Bins a row-major n × d matrix; thresholds come from a seeded row sample of at most sampleRows rows. */
export function binMatrix(
  x: FeatureMatrix,
  nRows: number,
  nFeatures: number,
  opts: BinOptions,
): BinnedMatrix {
  if (x.length !== nRows * nFeatures)
    throw new RangeError(`x has ${x.length} values, not ${nRows}×${nFeatures}`);
  if (opts.maxBins < 2 || opts.maxBins > 255) throw new RangeError('maxBins must be in [2, 255]');
  // Sample rows (partial Fisher–Yates, then sorted so the gather below reads memory in order).
  let sample: Uint32Array;
  if (nRows <= opts.sampleRows) {
    sample = new Uint32Array(nRows);
    for (let i = 0; i < nRows; i++) sample[i] = i;
  } else {
    const perm = new Uint32Array(nRows);
    for (let i = 0; i < nRows; i++) perm[i] = i;
    const rng = createRng(opts.seed ^ 0x5bd1e995);
    for (let i = 0; i < opts.sampleRows; i++) {
      const j = i + Math.floor(rng.next() * (nRows - i));
      const t = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = t;
    }
    sample = perm.slice(0, opts.sampleRows).sort();
  }
  // Gather the sample row by row (contiguous reads) into one column-major float32 block.
  const m = sample.length;
  const block = new Float32Array(m * nFeatures);
  const count = new Int32Array(nFeatures);
  for (let s = 0; s < m; s++) {
    const off = (sample[s] as number) * nFeatures;
    for (let f = 0; f < nFeatures; f++) {
      const v = x[off + f] as number;
      if (!Number.isNaN(v)) {
        const c = count[f] as number;
        block[f * m + c] = v;
        count[f] = c + 1;
      }
    }
  }
  const thresholds: Float32Array[] = [];
  const nBins = new Int32Array(nFeatures);
  const tmp = new Uint32Array(m);
  for (let f = 0; f < nFeatures; f++) {
    const col = block.subarray(f * m, f * m + (count[f] as number));
    // Sort as monotone keys in place, then turn the keys back into float32 bits.
    const keys = new Uint32Array(col.buffer, col.byteOffset, col.length);
    for (let i = 0; i < keys.length; i++) keys[i] = keyOfBits(keys[i] as number);
    radixSort(keys, tmp.subarray(0, keys.length));
    for (let i = 0; i < keys.length; i++) keys[i] = bitsOfKey(keys[i] as number);
    const t = quantileThresholds(col, opts.maxBins);
    thresholds.push(t);
    nBins[f] = t.length + 1;
  }
  const tables = thresholds.map(binTable);
  const bins = thresholds.map(() => new Uint8Array(nRows));
  const hasMissing = new Uint8Array(nFeatures);
  for (let i = 0; i < nRows; i++) {
    const off = i * nFeatures;
    for (let f = 0; f < nFeatures; f++) {
      const v = x[off + f] as number;
      let b: number;
      if (Number.isNaN(v)) {
        b = nBins[f] as number;
        hasMissing[f] = 1;
      } else {
        const t = thresholds[f] as Float32Array;
        F32[0] = v;
        const xv = F32[0] as number;
        b = (tables[f] as Uint8Array)[keyOfBits(U32[0] as number) >>> 16] as number;
        while (b < t.length && xv >= (t[b] as number)) b++;
      }
      (bins[f] as Uint8Array)[i] = b;
    }
  }
  return { nRows, nFeatures, bins, thresholds, nBins, hasMissing };
}
