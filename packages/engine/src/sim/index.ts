/** @zomma/engine/sim: thin market simulator, expiry calendar, OCC symbols and synthetic chains. */

export type { OptionQuote } from '../types.ts';
export {
  daysToExpiry,
  EXPIRY_CUTOFF_UTC_HOUR,
  expiryCutoff,
  listExpiries,
  utcDate,
  yearsToExpiry,
} from './expiries.ts';
export { type OccParts, occSymbol, parseOccSymbol } from './occ-symbol.ts';
export {
  DEFAULT_SIM_PARAMS,
  type SimParams,
  stepUnderlying,
  type UnderlyingState,
} from './step-underlying.ts';
export {
  type ChainShape,
  DEFAULT_CHAIN_SHAPE,
  NICKEL_TICK_ABOVE,
  quoteContract,
  quoteSpread,
  roundQuote,
  type SyntheticChainInput,
  skewedVol,
  syntheticChain,
} from './synthetic-chain.ts';
