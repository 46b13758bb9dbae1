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
 * with the flow at every leaf.
 *
 * Bounded work (large books): the candidates are capped (each short pairs into verticals with at
 * most MAX_LONGS_PER_SHORT nearest-strike longs, at most MAX_QUAD_CHECKS vertical pairs are
 * tested, the MAX_QUADS largest savings are kept), and the search stops at SEARCH_NODE_BUDGET
 * nodes (every node, not only leaves), SEARCH_LEAF_BUDGET flow solves or MATCHING_WORK_BUDGET
 * flow work. If any cap binds, `exact: false` and the result is the best grouping seen: a valid
 * grouping, never worse than pairs only (solved first), nor than greedily taking the candidates
 * (the search's first leaf). Below the caps the search is exact.
 */
import type { PositionLeg } from '../portfolio/position.ts';
import type { Pairing } from './matching.ts';
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

export type { RegTMarket, RegTResult, SearchStats, StrategyKind, StrategyUnit } from './reg-t-book.ts';

/** Leaves (pair-flow solves) the four-leg search may visit before giving up exactness. */
export const SEARCH_LEAF_BUDGET = 4096;
/** Search nodes (internal and leaves) the four-leg search may visit. */
export const SEARCH_NODE_BUDGET = 65_536;
/** Σ flow work (`MatchingResult.work`: node + edge scans) over the search's leaves. */
export const MATCHING_WORK_BUDGET = 20_000_000;
/** Longs (nearest strike first) each short may form a vertical with for four-leg candidates. */
export const MAX_LONGS_PER_SHORT = 6;
/** Vertical pairs tested as four-leg candidates. */
export const MAX_QUAD_CHECKS = 50_000;
/** Four-leg candidates searched over (largest saving × feasible units first). */
export const MAX_QUADS = 48;

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

/**
 * Pairs of same-expiry verticals whose combined max loss is below the sum of their own, within
 * the caps above; `truncated` when a cap dropped any candidate.
 */
function quadCandidates(book: Book): { quads: Quad[]; truncated: boolean } {
  const nodes = [...book.left, ...book.right];
  const shorts = nodes.filter((n) => n.kind === 'SC' || n.kind === 'SP');
  const longs = nodes.filter((n) => n.kind === 'LC' || n.kind === 'LP');
  let truncated = false;
  const byExpiry = new Map<number, Vertical[]>();
  for (const s of shorts) {
    const so = s.option ?? never();
    const mates = longs.filter((l) => {
      const lo = l.option ?? never();
      return lo.right === so.right && lo.expiry.getTime() === so.expiry.getTime();
    });
    // Nearest strikes first (ties: input order): the tightest verticals give the largest savings.
    mates.sort(
      (x, y) =>
        Math.abs((x.option ?? never()).strike - so.strike) -
          Math.abs((y.option ?? never()).strike - so.strike) || x.leg - y.leg,
    );
    if (mates.length > MAX_LONGS_PER_SHORT) truncated = true;
    const list = byExpiry.get(so.expiry.getTime()) ?? [];
    for (const l of mates.slice(0, MAX_LONGS_PER_SHORT)) list.push({ short: s, long: l });
    byExpiry.set(so.expiry.getTime(), list);
  }
  const scored: { quad: Quad; score: number }[] = [];
  let checks = 0;
  const loss = (v: Vertical) => spreadLossPerShare(v.short.option ?? never(), v.long.option ?? never());
  outer: for (const verticals of byExpiry.values()) {
    for (let i = 0; i < verticals.length; i++) {
      for (let j = i + 1; j < verticals.length; j++) {
        if (++checks > MAX_QUAD_CHECKS) {
          truncated = true;
          break outer;
        }
        const a = verticals[i];
        const b = verticals[j];
        if (a === undefined || b === undefined) continue;
        const combined = maxLossAtExpiry([...verticalPayoff(a), ...verticalPayoff(b)]);
        const saving = loss(a) + loss(b) - combined;
        if (!(saving > 1e-9)) continue;
        const need = new Map<Node, number>();
        for (const n of [a.short, a.long, b.short, b.long]) need.set(n, (need.get(n) ?? 0) + 1);
        let units = Number.POSITIVE_INFINITY;
        for (const [n, k] of need) units = Math.min(units, Math.floor(n.units / k));
        if (units === 0) continue;
        const perUnit = (a.long.premium + b.long.premium + combined) * book.m;
        scored.push({ quad: { a, b, perUnit, strategy: quadName(a, b), need }, score: saving * units });
      }
    }
  }
  // Stable sort: equal scores keep enumeration order, so the result is deterministic.
  scored.sort((x, y) => y.score - x.score);
  if (scored.length > MAX_QUADS) truncated = true;
  return { quads: scored.slice(0, MAX_QUADS).map((q) => q.quad), truncated };
}

function never(): never {
  throw new Error('unreachable');
}

/** Reg-T requirement of the legs of one underlying, legs grouped to minimise it (see file doc). */
export function regTRequirement(legs: readonly PositionLeg[], market: RegTMarket): RegTResult {
  const book = buildBook(legs, market);
  const { quads, truncated } = quadCandidates(book);
  const caps = new Map<Node, number>([...book.left, ...book.right].map((n) => [n, n.units]));
  const counts = quads.map(() => 0);
  const stats = { candidates: quads.length, nodes: 0, leaves: 0, matchingWork: 0 };
  let best: { cost: number; counts: number[]; pairs: Pairing[] } | undefined;
  let exact = !truncated;

  const leaf = (quadCost: number): void => {
    stats.leaves++;
    const bp = bestPairs(book, caps);
    stats.matchingWork += bp.work;
    if (best === undefined || quadCost + bp.cost < best.cost - 1e-9)
      best = { cost: quadCost + bp.cost, counts: [...counts], pairs: bp.pairs };
  };
  leaf(0); // pairs only: the fallback if the search is cut short
  const outOfBudget = () =>
    stats.nodes >= SEARCH_NODE_BUDGET ||
    stats.leaves >= SEARCH_LEAF_BUDGET ||
    stats.matchingWork >= MATCHING_WORK_BUDGET;
  const maxCount = (q: Quad): number => {
    let maxC = Number.POSITIVE_INFINITY;
    for (const [n, need] of q.need) maxC = Math.min(maxC, Math.floor((caps.get(n) ?? 0) / need));
    return maxC;
  };
  // Each call is one node; candidates that cannot be formed with the units left are skipped in
  // a loop (≤ MAX_QUADS steps), so the work per node is bounded.
  const dfs = (from: number, quadCost: number): void => {
    if (outOfBudget()) {
      exact = false;
      return;
    }
    stats.nodes++;
    let k = from;
    while (k < quads.length && maxCount(quads[k] ?? never()) === 0) k++;
    const q = quads[k];
    if (q === undefined) {
      leaf(quadCost);
      return;
    }
    for (let c = maxCount(q); c >= 0; c--) {
      for (const [n, need] of q.need) caps.set(n, (caps.get(n) ?? 0) - c * need);
      counts[k] = c;
      dfs(k + 1, quadCost + c * q.perUnit);
      for (const [n, need] of q.need) caps.set(n, (caps.get(n) ?? 0) + c * need);
      counts[k] = 0;
      if (!exact && outOfBudget()) break;
    }
  };
  if (quads.length > 0) dfs(0, 0);
  const chosen = best ?? never();

  const strategies: StrategyUnit[] = [];
  const used = new Map<Node, number>();
  chosen.counts.forEach((c, k) => {
    const q = quads[k];
    if (q === undefined || c === 0) return;
    for (const [n, need] of q.need) used.set(n, (used.get(n) ?? 0) + c * need);
    const legIdx = [q.a.short.leg, q.a.long.leg, q.b.short.leg, q.b.long.leg];
    strategies.push({ strategy: q.strategy, legs: legIdx, units: c, requirement: q.perUnit * c });
  });
  recordPairs(book, chosen.pairs, strategies, used);
  return { ...finish(book, strategies, used, exact), search: stats };
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
