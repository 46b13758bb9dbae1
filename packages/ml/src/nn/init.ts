/**
 * Seeded weight initialisers. Each is a function of the weight's static shape and a seeded `Rng`
 * (from @zomma/engine/rng), so the same seed gives bit-identical weights on any machine.
 *
 * Fans: for a matrix [fanIn, fanOut] (our layout: x · W), fanIn = shape[0], fanOut = shape[1];
 * for a vector, both are its length. Fused weights (an LSTM's four gates in one [F, 4H] matrix,
 * attention's [d, 3d] Q/K/V) pass the per-block fans explicitly so each block is initialised
 * as if it were its own matrix.
 */
import type { Rng } from '@zomma/engine/rng';

export type Initializer = (shape: readonly number[], rng: Rng) => Float32Array;

export interface Fans {
  fanIn?: number;
  fanOut?: number;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function fans(shape: readonly number[], given: Fans): { fanIn: number; fanOut: number } {
  const rows = shape[0] ?? 1;
  return { fanIn: given.fanIn ?? rows, fanOut: given.fanOut ?? (shape.length >= 2 ? (shape[1] ?? 1) : rows) };
}

export const zeros: Initializer = (shape) => new Float32Array(sizeOf(shape));

export const ones: Initializer = (shape) => new Float32Array(sizeOf(shape)).fill(1);

export function constant(value: number): Initializer {
  return (shape) => new Float32Array(sizeOf(shape)).fill(value);
}

/** Uniform in [−limit, limit). */
export function uniform(limit: number): Initializer {
  return (shape, rng) => Float32Array.from({ length: sizeOf(shape) }, () => limit * (2 * rng.next() - 1));
}

/** Normal N(0, std²). */
export function normal(std: number): Initializer {
  return (shape, rng) => Float32Array.from({ length: sizeOf(shape) }, () => std * rng.normal());
}

/** Glorot/Xavier uniform: limit √(6 / (fanIn + fanOut)) — for tanh/sigmoid/linear layers. */
export function glorotUniform(given: Fans = {}): Initializer {
  return (shape, rng) => {
    const { fanIn, fanOut } = fans(shape, given);
    return uniform(Math.sqrt(6 / (fanIn + fanOut)))(shape, rng);
  };
}

/** He/Kaiming normal: std √(2 / fanIn) — for ReLU-family layers. */
export function heNormal(given: Fans = {}): Initializer {
  return (shape, rng) => normal(Math.sqrt(2 / fans(shape, given).fanIn))(shape, rng);
}

/** He/Kaiming uniform: limit √(6 / fanIn). */
export function heUniform(given: Fans = {}): Initializer {
  return (shape, rng) => uniform(Math.sqrt(6 / fans(shape, given).fanIn))(shape, rng);
}

/**
 * Orthogonal (times `gain`) per column block: a [n, blocks·n] matrix is `blocks` square n×n
 * orthogonal matrices side by side (the recurrent weights of an LSTM, one per gate), each from
 * modified Gram–Schmidt on a Gaussian matrix (QR with the signs of R's diagonal, as Saxe et al.).
 * Other shapes fall back to orthonormal columns (rows ≥ cols) or rows (rows < cols).
 */
export function orthogonal(gain = 1, blocks = 1): Initializer {
  return (shape, rng) => {
    if (shape.length !== 2) throw new RangeError(`orthogonal: needs a matrix, got [${shape.join(', ')}]`);
    const [rows = 0, cols = 0] = shape;
    const out = new Float32Array(rows * cols);
    const blockCols = cols % blocks === 0 ? cols / blocks : cols;
    for (let c0 = 0; c0 < cols; c0 += blockCols) {
      const q = orthonormal(rows, blockCols, rng);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < blockCols; c++) out[r * cols + c0 + c] = gain * (q[r * blockCols + c] ?? 0);
      }
    }
    return out;
  };
}

/** A rows×cols matrix (row-major, float64) with orthonormal columns (or rows if rows < cols). */
function orthonormal(rows: number, cols: number, rng: Rng): Float64Array {
  const transpose = rows < cols;
  const [n, k] = transpose ? [cols, rows] : [rows, cols]; // n ≥ k: k orthonormal vectors of length n
  const v = Array.from({ length: k }, () => Float64Array.from({ length: n }, () => rng.normal()));
  for (let j = 0; j < k; j++) {
    const vj = v[j] as Float64Array;
    for (let i = 0; i < j; i++) {
      const vi = v[i] as Float64Array;
      let dot = 0;
      for (let r = 0; r < n; r++) dot += (vi[r] ?? 0) * (vj[r] ?? 0);
      for (let r = 0; r < n; r++) vj[r] = (vj[r] ?? 0) - dot * (vi[r] ?? 0);
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += (vj[r] ?? 0) ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < n; r++) vj[r] = (vj[r] ?? 0) / norm;
  }
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < k; j++) {
    const vj = v[j] as Float64Array;
    for (let r = 0; r < n; r++) {
      if (transpose) out[j * cols + r] = vj[r] ?? 0;
      else out[r * cols + j] = vj[r] ?? 0;
    }
  }
  return out;
}
