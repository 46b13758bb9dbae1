/**
 * @zomma/engine: pure option numerics (no I/O, no clock, no global RNG). This entry point is
 * the pricing API and nothing else; the rest lives under subpaths: `/pricing` (normals, Black-76,
 * IV variants, American methods, display helpers), `/surface`, `/strategy`, `/risk`, `/sim`, `/rng`.
 */

export { priceAmerican } from './pricing/american/american.ts';
export { priceEuropean } from './pricing/black-scholes.ts';
export { greeksEuropean } from './pricing/greeks.ts';
export { greeksBatch } from './pricing/greeks-batch.ts';
export { impliedVol } from './pricing/implied-vol.ts';
export { impliedVolBatch } from './pricing/implied-vol-batch.ts';
export type { OptionRight, VanillaInputs } from './types.ts';
