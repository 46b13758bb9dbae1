/** Volatility surfaces: raw SVI and SSVI, no-arbitrage checks and repair, chain-to-smile preparation. */
export * from './arbitrage.ts';
export * from './chain-smile.ts';
export * from './ssvi.ts';
export * from './surface.ts';
export * from './svi.ts';
export * from './svi-fit.ts';
export * from './svi-quasi-explicit.ts';
export * from './svi-repair.ts';
export * from './svi-repair-fallback.ts';
