/**
 * Baseline for comparison, in the style of QuantConnect LEAN's leg matching (LEAN#8136, #9638):
 * each short option, in input order, takes the first leg in input order that covers it (long
 * option of the same right, or stock) and lowers the requirement; no re-routing, no straddles, no
 * four-leg groups. `regTRequirement` is never above it.
 */
import type { PositionLeg } from '../portfolio/position.ts';
import {
  buildBook,
  finish,
  type Node,
  pairCost,
  pairSaving,
  type RegTMarket,
  type RegTResult,
  type StrategyUnit,
} from './reg-t-book.ts';

export function greedyRequirement(legs: readonly PositionLeg[], market: RegTMarket): RegTResult {
  const book = buildBook(legs, market);
  const nodes = [...book.left, ...book.right].sort((x, y) => x.leg - y.leg);
  const remaining = new Map<Node, number>(nodes.map((n) => [n, n.units]));
  const used = new Map<Node, number>();
  const strategies: StrategyUnit[] = [];
  for (const s of nodes) {
    if (s.kind !== 'SC' && s.kind !== 'SP') continue;
    for (const c of nodes) {
      const left = remaining.get(s) ?? 0;
      if (left === 0) break;
      if (c.kind !== (s.kind === 'SC' ? 'LC' : 'LP') && c.kind !== (s.kind === 'SC' ? 'LS' : 'SS')) continue;
      const [a, b] = book.left.includes(s) ? [s, c] : [c, s];
      const pc = pairCost(book, a, b);
      const avail = remaining.get(c) ?? 0;
      if (pc === undefined || avail === 0 || pairSaving(book, a, b) <= 0) continue;
      const k = Math.min(left, avail);
      remaining.set(s, left - k);
      remaining.set(c, avail - k);
      used.set(s, (used.get(s) ?? 0) + k);
      used.set(c, (used.get(c) ?? 0) + k);
      strategies.push({ strategy: pc.strategy, legs: [a.leg, b.leg], units: k, requirement: pc.cost * k });
    }
  }
  return finish(book, strategies, used, true);
}
