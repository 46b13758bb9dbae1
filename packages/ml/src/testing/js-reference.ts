/**
 * Plain-JS float64 forward passes of the layers, written from the formulas in the nn/ doc
 * comments with explicit loops (no graph code): references for the layer and loss tests.
 * All arrays are row-major; weights use our layouts (x·W with W [in, out]; LSTM gates i, f, o, g;
 * attention Q/K/V fused [d, 3d]).
 */
type Arr = ArrayLike<number>;

const at = (a: Arr, i: number): number => a[i] ?? Number.NaN;

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

export function act(name: string, v: number): number {
  switch (name) {
    case 'linear':
      return v;
    case 'relu':
      return Math.max(0, v);
    case 'leakyRelu':
      // ONNX LeakyRelu's alpha is a float32 attribute, in float64 graphs too.
      return v > 0 ? v : Math.fround(0.01) * v;
    case 'tanh':
      return Math.tanh(v);
    case 'sigmoid':
      return sigmoid(v);
    case 'silu':
      return v * sigmoid(v);
    case 'gelu':
      return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    default:
      throw new Error(`act: ${name}`);
  }
}

/** y[n, m] = act(x[n, k]·W[k, m] + b[m]). */
export function denseJs(
  x: Arr,
  n: number,
  k: number,
  W: Arr,
  b: Arr | undefined,
  m: number,
  a = 'linear',
): Float64Array {
  const y = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < m; j++) {
      let s = b ? at(b, j) : 0;
      for (let i = 0; i < k; i++) s += at(x, r * k + i) * at(W, i * m + j);
      y[r * m + j] = act(a, s);
    }
  }
  return y;
}

export function layerNormJs(
  x: Arr,
  rows: number,
  d: number,
  gain: Arr,
  shift: Arr,
  eps = 1e-5,
): Float64Array {
  const y = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let j = 0; j < d; j++) mean += at(x, r * d + j) / d;
    let v = 0;
    for (let j = 0; j < d; j++) v += (at(x, r * d + j) - mean) ** 2 / d;
    for (let j = 0; j < d; j++)
      y[r * d + j] = ((at(x, r * d + j) - mean) / Math.sqrt(v + eps)) * at(gain, j) + at(shift, j);
  }
  return y;
}

/** LSTM over x [B, T, F] from zero state: the last h [B, H], last c, and every h [B, T, H]. */
export function lstmJs(
  x: Arr,
  B: number,
  T: number,
  F: number,
  kernel: Arr,
  recurrent: Arr,
  bias: Arr,
  H: number,
) {
  const seq = new Float64Array(B * T * H);
  const last = new Float64Array(B * H);
  const cell = new Float64Array(B * H);
  for (let b = 0; b < B; b++) {
    const h = new Float64Array(H);
    const c = new Float64Array(H);
    for (let t = 0; t < T; t++) {
      const z = new Float64Array(4 * H);
      for (let j = 0; j < 4 * H; j++) {
        let s = at(bias, j);
        for (let f = 0; f < F; f++) s += at(x, (b * T + t) * F + f) * at(kernel, f * 4 * H + j);
        for (let k = 0; k < H; k++) s += at(h, k) * at(recurrent, k * 4 * H + j);
        z[j] = s;
      }
      for (let j = 0; j < H; j++) {
        const i = sigmoid(at(z, j));
        const fg = sigmoid(at(z, H + j));
        const o = sigmoid(at(z, 2 * H + j));
        const g = Math.tanh(at(z, 3 * H + j));
        c[j] = fg * at(c, j) + i * g;
        h[j] = o * Math.tanh(at(c, j));
      }
      seq.set(h, (b * T + t) * H);
    }
    last.set(h, b * H);
    cell.set(c, b * H);
  }
  return { last, cell, seq };
}

/** Self-attention over x [B, T, d] with fused qkv; keyMask [B, T] (1 keep, 0 pad) optional. */
export function mhaJs(
  x: Arr,
  B: number,
  T: number,
  d: number,
  heads: number,
  w: { qkv: Arr; qkvBias: Arr; out: Arr; outBias: Arr },
  opts: { causal?: boolean; keyMask?: Arr } = {},
): Float64Array {
  const dk = d / heads;
  const qkv = denseJs(x, B * T, d, w.qkv, w.qkvBias, 3 * d);
  const merged = new Float64Array(B * T * d);
  for (let b = 0; b < B; b++) {
    for (let hd = 0; hd < heads; hd++) {
      const col = (which: number, t: number, j: number): number =>
        at(qkv, (b * T + t) * 3 * d + which * d + hd * dk + j);
      for (let tq = 0; tq < T; tq++) {
        const s = new Float64Array(T);
        for (let tk = 0; tk < T; tk++) {
          let dot = 0;
          for (let j = 0; j < dk; j++) dot += col(0, tq, j) * col(1, tk, j);
          // onnxruntime fuses MatMul·scalar into FusedMatMul, whose alpha is a float32 attribute.
          let v = dot * Math.fround(1 / Math.sqrt(dk));
          if (opts.causal && tk > tq) v += -1e9;
          if (opts.keyMask) v += (at(opts.keyMask, b * T + tk) - 1) * 1e9;
          s[tk] = v;
        }
        const mx = Math.max(...s);
        let z = 0;
        for (let tk = 0; tk < T; tk++) z += Math.exp(at(s, tk) - mx);
        for (let j = 0; j < dk; j++) {
          let acc = 0;
          for (let tk = 0; tk < T; tk++) acc += (Math.exp(at(s, tk) - mx) / z) * col(2, tk, j);
          merged[(b * T + tq) * d + hd * dk + j] = acc;
        }
      }
    }
  }
  return denseJs(merged, B * T, d, w.out, w.outBias, d);
}
