/**
 * Chebyshev interpolation on the n + 1 extrema z_j = −cos(jπ/n) of T_n (ascending, z_0 = −1),
 * expressed as barycentric Lagrange rows: p(z) = Σ_j row_j(z)·y_j. Rows for fixed evaluation points
 * are precomputed once, so interpolating a new set of node values is a dot product.
 */

/** Nodes −cos(jπ/n), j = 0..n. */
export function chebyshevExtrema(n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('Chebyshev degree must be a positive integer');
  const z = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) z[j] = -Math.cos((j * Math.PI) / n);
  z[0] = -1;
  z[n] = 1;
  return z;
}

/** Barycentric row at `z` for the nodes `nodes` (Chebyshev extrema of degree nodes.length − 1). */
export function chebyshevRow(nodes: Float64Array, z: number): Float64Array {
  const count = nodes.length;
  const row = new Float64Array(count);
  let sum = 0;
  for (let j = 0; j < count; j++) {
    const node = nodes[j] ?? 0;
    if (z === node) {
      row.fill(0);
      row[j] = 1;
      return row;
    }
    const sign = j % 2 === 0 ? 1 : -1;
    const w = (j === 0 || j === count - 1 ? 0.5 : 1) * sign;
    const term = w / (z - node);
    row[j] = term;
    sum += term;
  }
  for (let j = 0; j < count; j++) row[j] = (row[j] ?? 0) / sum;
  return row;
}
