import type { VanillaInputs } from '../types.ts';

/** Test helper: an at-the-money one-year call at 20% vol, zero rates, with `o` overriding. */
export function vanilla(o: Partial<VanillaInputs> = {}): VanillaInputs {
  return { right: 'call', spot: 100, strike: 100, tYears: 1, rate: 0, dividendYield: 0, vol: 0.2, ...o };
}
