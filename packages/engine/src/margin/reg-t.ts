/**
 * Reg-T strategy-based margin for one underlying (Cboe Margin Manual; rules in reg-t-rules.ts),
 * with the legs grouped into strategies so that the total requirement is minimal — an exact
 * optimisation, not first-match pairing.
 *
 * Units are option contracts and blocks of `multiplier` shares. A grouping is a set of four-leg
 * groups (two same-expiry verticals: iron condor/butterfly, butterfly, condor, box — priced at
 * longs in full + combined max loss at expiry), pairs (spreads, covered call/put, short
 * straddle/strangle) and singles. Given the four-leg groups, the best pairs-and-singles grouping
 * is a maximum-saving bipartite b-matching solved exactly by min-cost flow (`bestPairs`); the
 * four-leg groups are chosen by a depth-first search over how many of each candidate to form,
 * with the flow at every leaf. The search is exact; it stops after SEARCH_LEAF_BUDGET leaves
 * (then `exact: false` and the result is the best grouping seen, never worse than pairs only).
 */
import type { PositionLeg } from '../portfolio/position.ts';
import {
  type Book,
  bestPairs,
  buildBook,
  finish,
  type Node,
  type RegTMarket,
  type RegTResult,
  recordPairs,
  type StrategyKind,
  type StrategyUnit,
} from './reg-t-book.ts';
import { maxLossAtExpiry, spreadLossPerShare } from './reg-t-rules.ts';

export type { RegTMarket, RegTResult, StrategyKind, StrategyUnit } from './reg-t-book.ts';

/** Leaves (pair-flow solves) the four-leg search may visit before giving up exactness. */
export const SEARCH_LEAF_BUDGET = 4096;

interface Vertical {
  short: Node;
  long: Node;
}

interface Quad {
  a: Vertical;
  b: Vertical;
  /** Requirement of one unit (currency). */
  perUnit: number;
  strategy: StrategyKind;
  /** Units of each node one quad uses (a butterfly uses its body twice). */
  need: Map<Node, number>;
}

function verticalPayoff(v: Vertical) {
  const s = v.short.option;
  const l = v.long.option;
  if (s === undefined || l === undefined) throw new Error('verticalPayoff: option legs only');
  return [
    { right: s.right, strike: s.strike, sign: -1 },
    { right: l.right, strike: l.strike, sign: 1 },
  ];
}

function quadName(a: Vertical, b: Vertical): StrategyKind {
  const [as, al, bs, bl] = [a.short.option, a.long.option, b.short.option, b.long.option];
  if (as === undefined || al === undefined || bs === undefined || bl === undefined)
    throw new Error('quadName');
  if (as.right !== bs.right) {
    if (as.strike === bs.strike) return 'iron-butterfly';
    if (as.strike === bl.strike && al.strike === bs.strike) return 'box';
    return 'iron-condor';
  }
  return as.strike === bs.strike ? 'butterfly' : 'condor';
}

/** Pairs of same-expiry verticals whose combined max loss is below the sum of their own. */
function quadCandidates(book: Book): Quad[] {
  const nodes = [...book.left, ...book.right];
  const verticals: Vertical[] = [];
  for (const s of nodes) {
    for (const l of nodes) {
      const so = s.option;
      const lo = l.option;
      if (so === undefined || lo === undefined || (s.kind !== 'SC' && s.kind !== 'SP')) continue;
      if ((l.kind !== 'LC' && l.kind !== 'LP') || so.right !== lo.right) continue;
      if (so.expiry.getTime() === lo.expiry.getTime()) verticals.push({ short: s, long: l });
    }
  }
  const quads: Quad[] = [];
  for (let i = 0; i < verticals.length; i++) {
    for (let j = i + 1; j < verticals.length; j++) {
      const a = verticals[i];
      const b = verticals[j];
      if (a === undefined || b === undefined) continue;
      if (a.short.option?.expiry.getTime() !== b.short.option?.expiry.getTime()) continue;
      const loss = (v: Vertical) => spreadLossPerShare(v.short.option ?? never(), v.long.option ?? never());
      const combined = maxLossAtExpiry([...verticalPayoff(a), ...verticalPayoff(b)]);
      if (!(combined < loss(a) + loss(b) - 1e-9)) continue;
      const need = new Map<Node, number>();
      for (const n of [a.short, a.long, b.short, b.long]) need.set(n, (need.get(n) ?? 0) + 1);
      const perUnit = (a.long.premium + b.long.premium + combined) * book.m;
      quads.push({ a, b, perUnit, strategy: quadName(a, b), need });
    }
  }
  return quads;
}

function never(): never {
  throw new Error('unreachable');
}

/** Reg-T requirement of the legs of one underlying, legs grouped to minimise it (see file doc). */
export function regTRequirement(legs: readonly PositionLeg[], market: RegTMarket): RegTResult {
  const book = buildBook(legs, market);
  const quads = quadCandidates(book);
  const caps = new Map<Node, number>([...book.left, ...book.right].map((n) => [n, n.units]));
  const counts = quads.map(() => 0);
  let best = { cost: Number.POSITIVE_INFINITY, counts: [...counts], pairs: bestPairs(book, caps).pairs };
  let leaves = 0;
  let exact = true;

  const leaf = (quadCost: number): void => {
    leaves++;
    const bp = bestPairs(book, caps);
    if (quadCost + bp.cost < best.cost - 1e-9)
      best = { cost: quadCost + bp.cost, counts: [...counts], pairs: bp.pairs };
  };
  leaf(0); // pairs only: the fallback if the search is cut short
  const dfs = (k: number, quadCost: number): void => {
    if (leaves >= SEARCH_LEAF_BUDGET) {
      exact = false;
      return;
    }
    const q = quads[k];
    if (q === undefined) {
      leaf(quadCost);
      return;
    }
    let maxC = Number.POSITIVE_INFINITY;
    for (const [n, need] of q.need) maxC = Math.min(maxC, Math.floor((caps.get(n) ?? 0) / need));
    for (let c = maxC; c >= 0; c--) {
      for (const [n, need] of q.need) caps.set(n, (caps.get(n) ?? 0) - c * need);
      counts[k] = c;
      dfs(k + 1, quadCost + c * q.perUnit);
      for (const [n, need] of q.need) caps.set(n, (caps.get(n) ?? 0) + c * need);
      counts[k] = 0;
    }
  };
  if (quads.length > 0) dfs(0, 0);

  const strategies: StrategyUnit[] = [];
  const used = new Map<Node, number>();
  best.counts.forEach((c, k) => {
    const q = quads[k];
    if (q === undefined || c === 0) return;
    for (const [n, need] of q.need) used.set(n, (used.get(n) ?? 0) + c * need);
    const legIdx = [q.a.short.leg, q.a.long.leg, q.b.short.leg, q.b.long.leg];
    strategies.push({ strategy: q.strategy, legs: legIdx, units: c, requirement: q.perUnit * c });
  });
  recordPairs(book, best.pairs, strategies, used);
  return finish(book, strategies, used, exact);
}

/** Sums `regTRequirement` over the underlyings of a book (strategies never span underlyings). */
export function regTRequirementByUnderlying(
  legs: readonly PositionLeg[],
  marketOf: (underlying: string) => RegTMarket,
): { requirement: number; cashRequirement: number; byUnderlying: Map<string, RegTResult> } {
  const groups = new Map<string, PositionLeg[]>();
  for (const leg of legs) {
    const u = leg.instrument.underlying;
    groups.set(u, [...(groups.get(u) ?? []), leg]);
  }
  const byUnderlying = new Map<string, RegTResult>();
  let requirement = 0;
  let cashRequirement = 0;
  for (const [u, g] of groups) {
    const res = regTRequirement(g, marketOf(u));
    byUnderlying.set(u, res);
    requirement += res.requirement;
    cashRequirement += res.cashRequirement;
  }
  return { requirement, cashRequirement, byUnderlying };
}
