/** Seeded inputs for the pricing bench and the C-twin tests. */
import { priceEuropean } from '../../packages/engine/src/pricing/black-scholes.ts';
import type { ImpliedVolBatchColumns } from '../../packages/engine/src/pricing/implied-vol-batch.ts';
import type { Rng } from '../../packages/engine/src/rng.ts';
import type { OptionRight, VanillaInputs } from '../../packages/engine/src/types.ts';
import type { VanillaColumns } from './c-twin.ts';

/** Ranges of the random inputs; every field is drawn uniformly in [min, max] (tYears log-uniform). */
export interface VanillaRanges {
  spot: number;
  /** strike / spot */
  moneyness: readonly [number, number];
  tYears: readonly [number, number];
  rate: readonly [number, number];
  dividendYield: readonly [number, number];
  vol: readonly [number, number];
}

/** A realistic listed-options mix: 1 day to 3 years, strikes 50%–200% of spot, vol 5%–100%. */
export const DEFAULT_RANGES: VanillaRanges = {
  spot: 100,
  moneyness: [0.5, 2],
  tYears: [1 / 365, 3],
  rate: [0, 0.1],
  dividendYield: [0, 0.05],
  vol: [0.05, 1],
};

function uniform(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * rng.next();
}

/** n random options, half calls and half puts on average, reproducible for a seed. */
export function randomVanillaColumns(
  rng: Rng,
  n: number,
  ranges: VanillaRanges = DEFAULT_RANGES,
): VanillaColumns {
  const c: VanillaColumns = {
    right: new Uint8Array(n),
    spot: new Float64Array(n),
    strike: new Float64Array(n),
    tYears: new Float64Array(n),
    rate: new Float64Array(n),
    dividendYield: new Float64Array(n),
    vol: new Float64Array(n),
  };
  const [tLo, tHi] = ranges.tYears;
  for (let i = 0; i < n; i++) {
    c.right[i] = rng.next() < 0.5 ? 0 : 1;
    c.spot[i] = ranges.spot;
    c.strike[i] = ranges.spot * uniform(rng, ranges.moneyness);
    c.tYears[i] = tLo * (tHi / tLo) ** rng.next();
    c.rate[i] = uniform(rng, ranges.rate);
    c.dividendYield[i] = uniform(rng, ranges.dividendYield);
    c.vol[i] = uniform(rng, ranges.vol);
  }
  return c;
}

export type IvInput = Omit<VanillaInputs, 'vol'> & { price: number };

/** IV inputs across the domain: ±5 sd moneyness, 1 day–5 years, vol 1%–500%. */
export function ivInputs(
  rng: Rng,
  n: number,
): { cols: ImpliedVolBatchColumns; rows: IvInput[]; vol: Float64Array } {
  const f = (): Float64Array => new Float64Array(n);
  const cols: ImpliedVolBatchColumns = {
    right: new Uint8Array(n),
    spot: f(),
    strike: f(),
    tYears: f(),
    rate: f(),
    dividendYield: f(),
    price: f(),
  };
  const vol = f();
  const rows: IvInput[] = [];
  for (let i = 0; i < n; i++) {
    const right: OptionRight = rng.next() < 0.5 ? 'call' : 'put';
    const tYears = (1 / 365) * (5 * 365) ** rng.next();
    const sigma = 0.01 * 500 ** rng.next();
    const rate = 0.1 * rng.next();
    const dividendYield = 0.05 * rng.next();
    const spot = 100;
    const forward = spot * Math.exp((rate - dividendYield) * tYears);
    const strike = forward * Math.exp((10 * rng.next() - 5) * sigma * Math.sqrt(tYears));
    const price = priceEuropean({ right, spot, strike, tYears, rate, dividendYield, vol: sigma });
    rows.push({ right, spot, strike, tYears, rate, dividendYield, price });
    cols.right[i] = right === 'call' ? 0 : 1;
    cols.spot[i] = spot;
    cols.strike[i] = strike;
    cols.tYears[i] = tYears;
    cols.rate[i] = rate;
    cols.dividendYield[i] = dividendYield;
    cols.price[i] = price;
    vol[i] = sigma;
  }
  return { cols, rows, vol };
}

/** The American range: S/K 0.5–2, T 1 week–3 years, r 0–10%, q 0–10%, vol 5%–100%. */
export function americanInputs(rng: Rng, n: number): VanillaInputs[] {
  return Array.from({ length: n }, () => ({
    right: rng.next() < 0.5 ? 'call' : 'put',
    spot: 100,
    strike: 100 / (0.5 * 4 ** rng.next()),
    tYears: (7 / 365) * ((3 * 365) / 7) ** rng.next(),
    rate: 0.1 * rng.next(),
    dividendYield: 0.1 * rng.next(),
    vol: 0.05 + 0.95 * rng.next(),
  }));
}
