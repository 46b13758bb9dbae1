/** Shared test fixtures: a synthetic chain, its market, and a volOf that reads the chain's iv. */
import type { PositionLeg, UnderlyingMarket, VolOf } from '../portfolio/position.ts';
import { expiryCutoff, listExpiries } from '../sim/expiries.ts';
import { syntheticChain } from '../sim/synthetic-chain.ts';
import type { HorizonContext } from './payoff.ts';
import { buildTemplate, TEMPLATE_NAMES, type TemplateChain, type TemplateName } from './templates.ts';

export const asOf = new Date('2026-11-18T15:00:00Z');
export const expiries = listExpiries(asOf, 8);
export const market: UnderlyingMarket = { spot: 100, rate: 0.03, dividendYield: 0.01 };
export const chain = syntheticChain({
  symbol: 'ZMA',
  spot: market.spot,
  vol: 0.3,
  asOf,
  expiries,
  strikesPerSide: 30,
  strikeStep: 1,
  rate: market.rate,
  dividendYield: market.dividendYield,
});
export const src: TemplateChain = { chain, underlying: 'ZMA', spot: market.spot, asOf };
export const params = { dte: 21, farDte: 49, delta: 0.25, width: 5 };

/** The chain's iv for an option leg (instrument expiry = the quote's cutoff instant). */
export const volOf: VolOf = (leg) => {
  const i = leg.instrument;
  const q = chain.find(
    (c) =>
      c.right === i.right && c.strike === i.strike && expiryCutoff(c.expiry).getTime() === i.expiry.getTime(),
  );
  if (!q) throw new Error('leg not in chain');
  return q.iv;
};
export const ctx: HorizonContext = { market, asOf, volOf };

export function built(name: TemplateName): PositionLeg[] {
  const r = buildTemplate(name, src, params);
  if (!r.ok) throw new Error(`${name}: ${r.reason}`);
  return r.legs;
}

export const ALL = TEMPLATE_NAMES.map((n) => [n, built(n)] as const);
export const isMultiExpiry = (legs: readonly PositionLeg[]) =>
  new Set(legs.flatMap((l) => (l.instrument.kind === 'option' ? [l.instrument.expiry.getTime()] : []))).size >
  1;
