/**
 * What every model of the zoo shares: it is an nn `Model` that can describe its architecture as
 * plain JSON (for the registry's `hyperparameters`, see model-card.ts) and names the features of
 * each float input's last axis (for explanations, see integrated-gradients.ts).
 */
import type { Tensor } from '../graph/index.ts';
import type { BuildContext } from '../nn/context.ts';
import { Dense } from '../nn/layers.ts';
import { Model } from '../nn/model.ts';

/** JSON-safe description of a model: `kind` plus its configuration. */
export interface Architecture {
  readonly kind: string;
  readonly [key: string]: unknown;
}

export abstract class ZooModel extends Model {
  /** Architecture and configuration, JSON-safe (goes into the model card). */
  abstract describe(): Architecture;
  /** Names of the last-axis features of each float input (explanations, model card). */
  abstract inputFeatureNames(): Record<string, readonly string[]>;
}

/** Default feature names `<prefix>0 … <prefix>(n−1)`. */
export function defaultNames(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/** Checks a list of feature names has `n` distinct non-empty entries; returns a copy. */
export function checkNames(what: string, names: readonly string[] | undefined, n: number): string[] {
  if (!names) return defaultNames(`${what}.`, n);
  if (names.length !== n) throw new RangeError(`${what}: ${names.length} feature names for ${n} features`);
  if (new Set(names).size !== n || names.some((s) => s.length === 0))
    throw new RangeError(`${what}: feature names must be distinct and non-empty`);
  return [...names];
}

/** A stack of Dense layers with one activation (the last layer of the stack included). */
export function denseStack(
  prefix: string,
  inputSize: number,
  widths: readonly number[],
  activation: ConstructorParameters<typeof Dense>[1]['activation'],
): Dense[] {
  const out: Dense[] = [];
  let n = inputSize;
  widths.forEach((w, i) => {
    if (!(Number.isInteger(w) && w > 0)) throw new RangeError(`${prefix}: layer width ${w}`);
    out.push(new Dense(`${prefix}.${i}`, { inputSize: n, units: w, activation }));
    n = w;
  });
  return out;
}

/** Applies `layers` in order. */
export function applyStack(ctx: BuildContext, layers: readonly Dense[], x: Tensor): Tensor {
  return layers.reduce((h, l) => l.apply(ctx, h), x);
}
