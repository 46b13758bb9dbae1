/**
 * Bounded work of the Reg-T grouping search on large books: a seeded 200-leg book on one
 * underlying stays within the search's deterministic work counters, and its result is a valid
 * grouping of every unit, no worse than pairs only (exact flow, no four-leg groups) or greedy,
 * and no better than the longs-in-full lower bound every grouping pays.
 */
import { describe, expect, it } from 'vitest';
import type { PositionLeg } from '../portfolio/position.ts';
import { priceEuropean } from '../pricing/black-scholes.ts';
import { createRng } from '../rng.ts';
import { greedyRequirement } from './greedy.ts';
import {
  MATCHING_WORK_BUDGET,
  MAX_QUADS,
  type RegTMarket,
  regTRequirement,
  SEARCH_LEAF_BUDGET,
  SEARCH_NODE_BUDGET,
} from './reg-t.ts';
import { bestPairs, buildBook } from './reg-t-book.ts';

const SPOT = 100;
const ASOF = new Date('2026-01-02T21:00:00Z');
const EXPIRIES = [
  new Date('2026-03-20T21:00:00Z'),
  new Date('2026-06-19T21:00:00Z'),
  new Date('2026-09-18T21:00:00Z'),
];
const market: RegTMarket = {
  spot: SPOT,
  premiumOf: (o) =>
    priceEuropean({
      right: o.right,
      spot: SPOT,
      strike: o.strike,
      tYears: (o.expiry.getTime() - ASOF.getTime()) / (365 * 86400e3),
      rate: 0.03,
      dividendYield: 0,
      vol: 0.3,
    }),
};

/** n legs: options over 25 strikes × 3 expiries, 1–5 contracts either side, a few 100-share stock blocks. */
function bigBook(n: number, seed: number): PositionLeg[] {
  const rng = createRng(seed);
  const legs: PositionLeg[] = [];
  for (let i = 0; i < n; i++) {
    const q = (rng.next() < 0.5 ? -1 : 1) * (1 + Math.floor(rng.next() * 5));
    if (rng.next() < 0.03) {
      legs.push({ instrument: { kind: 'stock', underlying: 'XYZ' }, quantity: 100 * q });
      continue;
    }
    const right = rng.next() < 0.5 ? 'call' : 'put';
    const strike = 70 + 2.5 * Math.floor(rng.next() * 25);
    const expiry = EXPIRIES[Math.floor(rng.next() * EXPIRIES.length)] ?? ASOF;
    legs.push({
      instrument: { kind: 'option', underlying: 'XYZ', right, strike, expiry, multiplier: 100 },
      quantity: q,
    });
  }
  return legs;
}

describe('regTRequirement on large books', () => {
  const legs = bigBook(200, 20261124);

  it('keeps a 200-leg book within the search budgets (deterministic work counters)', () => {
    const t0 = performance.now();
    const r = regTRequirement(legs, market);
    const ms = performance.now() - t0;
    const s = r.search;
    if (s === undefined) throw new Error('no search stats');
    expect(s.candidates).toBeLessThanOrEqual(MAX_QUADS);
    expect(s.nodes).toBeLessThanOrEqual(SEARCH_NODE_BUDGET);
    expect(s.leaves).toBeLessThanOrEqual(SEARCH_LEAF_BUDGET);
    // Budget checked before each solve: overshoot ≤ the unbudgeted pairs-only solve + one more.
    const one = bestPairs(buildBook(legs, market), new Map()).work;
    expect(s.matchingWork).toBeLessThanOrEqual(MATCHING_WORK_BUDGET + 2 * one);
    // Same book, same answer.
    expect(regTRequirement(legs, market).requirement).toBe(r.requirement);
    // Loose guard only (the original search did not finish in minutes here); not a benchmark.
    expect(ms).toBeLessThan(10_000);
  });

  it('returns a valid grouping between the longs-in-full bound and pairs only / greedy', () => {
    const r = regTRequirement(legs, market);
    // Every unit is grouped exactly once (a butterfly lists its body leg twice).
    const used = legs.map(() => 0);
    for (const st of r.strategies) for (const l of st.legs) used[l] = (used[l] ?? 0) + st.units;
    legs.forEach((l, i) => {
      const units = l.instrument.kind === 'option' ? Math.abs(l.quantity) : Math.abs(l.quantity) / 100;
      // Stock is grouped per 100-share block (a remainder would be counted in shares).
      expect(used[i], `leg ${i}`).toBe(units);
    });
    let total = 0;
    for (const st of r.strategies) total += st.requirement;
    expect(r.requirement).toBeCloseTo(total, 6);
    // Pairs only: the exact flow with no four-leg groups (the search's first leaf).
    const book = buildBook(legs, market);
    expect(r.requirement).toBeLessThanOrEqual(bestPairs(book, new Map()).cost + 1e-6);
    expect(r.requirement).toBeLessThanOrEqual(greedyRequirement(legs, market).requirement + 1e-6);
    // Every grouping pays each long option in full and ≥ 50% of each stock block's value.
    let lower = 0;
    for (const l of legs) {
      const i = l.instrument;
      if (i.kind === 'stock') lower += 0.5 * SPOT * Math.abs(l.quantity);
      else if (l.quantity > 0) lower += market.premiumOf(i) * i.multiplier * l.quantity;
    }
    expect(r.requirement).toBeGreaterThanOrEqual(lower - 1e-6);
  });

  it('stays bounded and no worse than pairs only across sizes 20–200', () => {
    for (const n of [20, 40, 100, 200]) {
      const b = bigBook(n, 7 + n);
      const r = regTRequirement(b, market);
      const s = r.search;
      if (s === undefined) throw new Error('no search stats');
      expect(s.nodes).toBeLessThanOrEqual(SEARCH_NODE_BUDGET);
      expect(s.leaves).toBeLessThanOrEqual(SEARCH_LEAF_BUDGET);
      expect(r.requirement).toBeLessThanOrEqual(bestPairs(buildBook(b, market), new Map()).cost + 1e-6);
    }
  });
});
