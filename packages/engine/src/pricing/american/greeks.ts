/**
 * American Greeks. Delta, gamma and theta come from the finite-difference grid (central differences
 * at the spot node, theta from the PDE; 800 × 400 grid, second order: error ~1e-4 relative);
 * vega and rho are central bumps of the fixed-scheme pricer (`priceAmericanQdFp` with
 * AMERICAN_DEFAULT_SCHEME — not the adaptive `priceAmerican`, whose tier can change between bumps), bump 1e-3 in vol and in
 * rate; truncation O(h²) ~1e-6 plus the pricer's smooth discretisation error / h, ~1e-3 relative).
 * Units as everywhere: vega per 1.00 vol, rho per 1.00 rate, theta = −∂V/∂T per year.
 */
import type { VanillaInputs } from '../../types.ts';
import { assertVanillaInputs } from '../black-scholes.ts';
import { AMERICAN_DEFAULT_SCHEME, priceAmerican, priceAmericanQdFp } from './american.ts';
import { solveAmericanFD } from './fd.ts';

export interface AmericanGreeks {
  price: number;
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
}

const BUMP = 1e-3;

export function greeksAmerican(o: VanillaInputs): AmericanGreeks {
  assertVanillaInputs(o);
  if (!(o.vol > 0) || o.tYears === 0) throw new RangeError('greeksAmerican needs vol > 0 and tYears > 0');
  const grid = solveAmericanFD(o, { spaceSteps: 800, timeSteps: 400 });
  const hv = Math.min(BUMP, 0.5 * o.vol);
  const fixed = (p: VanillaInputs): number => priceAmericanQdFp(p, AMERICAN_DEFAULT_SCHEME);
  const vega = (fixed({ ...o, vol: o.vol + hv }) - fixed({ ...o, vol: o.vol - hv })) / (2 * hv);
  const rho = (fixed({ ...o, rate: o.rate + BUMP }) - fixed({ ...o, rate: o.rate - BUMP })) / (2 * BUMP);
  return { price: priceAmerican(o), delta: grid.delta, gamma: grid.gamma, theta: grid.theta, vega, rho };
}
