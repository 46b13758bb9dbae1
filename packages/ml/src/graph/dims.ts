/**
 * Static and symbolic dimensions. A dimension is a number (fixed size) or a string: a product of
 * symbols with an optional integer coefficient, written canonically as `32*batch` or `batch*time`.
 * User symbols are identifiers (`batch`); products arise from Reshape with -1 (e.g. flattening
 * `[batch, 32, 64]` to `[-1, 64]` gives `32*batch`), so reshaping back can be checked.
 *
 * Convention (documented in index.ts): a symbol always stands for the same size within a graph,
 * and a symbolic dimension never broadcasts (it is never 1 at run time). This keeps broadcasting,
 * and so gradient reduction, decidable at build time.
 */

export type Dim = number | string;
export type Shape = readonly Dim[];

const SYMBOL = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Monomial {
  coef: number;
  syms: string[]; // sorted, with repeats
}

function parse(d: Dim): Monomial {
  if (typeof d === 'number') return { coef: d, syms: [] };
  let coef = 1;
  const syms: string[] = [];
  for (const part of d.split('*')) {
    if (/^\d+$/.test(part)) coef *= Number(part);
    else if (SYMBOL.test(part)) syms.push(part);
    else throw new TypeError(`bad dimension '${d}': use an identifier such as 'batch'`);
  }
  syms.sort();
  return { coef, syms };
}

function format(m: Monomial): Dim {
  if (m.syms.length === 0) return m.coef;
  const s = m.syms.join('*');
  return m.coef === 1 ? s : `${m.coef}*${s}`;
}

/** Checks a user-written dimension: a non-negative integer or a symbol/product of symbols. */
export function checkDim(d: Dim): Dim {
  if (typeof d === 'number') {
    if (!Number.isInteger(d) || d < 0) throw new TypeError(`bad dimension ${d}`);
    return d;
  }
  return format(parse(d));
}

export function isStatic(shape: Shape): shape is readonly number[] {
  return shape.every((d) => typeof d === 'number');
}

export function dimEq(a: Dim, b: Dim): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  return format(parse(a)) === format(parse(b));
}

export function shapeEq(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => dimEq(d, b[i] ?? -1));
}

export function dimMul(a: Dim, b: Dim): Dim {
  const x = parse(a);
  const y = parse(b);
  return format({ coef: x.coef * y.coef, syms: [...x.syms, ...y.syms].sort() });
}

/** a / b when it is exact (b's symbols all in a, coefficient divides), else undefined. */
export function dimDiv(a: Dim, b: Dim): Dim | undefined {
  const x = parse(a);
  const y = parse(b);
  if (y.coef === 0 || x.coef % y.coef !== 0) return undefined;
  const syms = [...x.syms];
  for (const s of y.syms) {
    const i = syms.indexOf(s);
    if (i < 0) return undefined;
    syms.splice(i, 1);
  }
  return format({ coef: x.coef / y.coef, syms });
}

export function shapeProduct(shape: Shape): Dim {
  return shape.reduce<Dim>((acc, d) => dimMul(acc, d), 1);
}

export function shapeStr(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Normalises a possibly negative axis for a tensor of rank `rank`. */
export function normAxis(axis: number, rank: number, what: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new RangeError(`${what}: axis ${axis} out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Numpy/ONNX multidirectional broadcasting, strict about symbols (see the module comment). */
export function broadcastShapes(shapes: readonly Shape[], what: string): Dim[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const e = s[s.length - rank + i] ?? 1;
      if (e === 1) continue;
      if (d === 1) d = e;
      else if (!dimEq(d, e)) {
        throw new RangeError(`${what}: cannot broadcast ${shapes.map(shapeStr).join(' with ')}`);
      }
    }
    out.push(d);
  }
  return out;
}

/** The value of a dimension given sizes for its symbols, or undefined if one is unbound. */
export function evalDim(d: Dim, symbols: Readonly<Record<string, number>>): number | undefined {
  if (typeof d === 'number') return d;
  const m = parse(d);
  let v = m.coef;
  for (const s of m.syms) {
    const x = symbols[s];
    if (x === undefined) return undefined;
    v *= x;
  }
  return v;
}

/** The single symbol a dimension consists of (`batch`), or undefined for products/numbers. */
export function soleSymbol(d: Dim): string | undefined {
  if (typeof d === 'number') return undefined;
  const m = parse(d);
  return m.coef === 1 && m.syms.length === 1 ? m.syms[0] : undefined;
}
