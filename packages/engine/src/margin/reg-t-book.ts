/**
 * The Reg-T book of one underlying: its units (option contracts, blocks of `multiplier` shares),
 * what each costs alone, and the pair strategies two units can form (see reg-t-rules.ts).
 * Left units {short call, long put, short stock} only ever pair with right units {short put,
 * long call, long stock}: the pair graph is bipartite.
 */
import type { PositionLeg } from '../portfolio/position.ts';
import { maxSavingMatching, type Pairing } from './matching.ts';
import {
  coveredCallPerShare,
  covers,
  nakedShortPerShare,
  type OptionInstrument,
  REG_T_RATES,
  type RegTRates,
  spreadLossPerShare,
  type UnderlyingClass,
} from './reg-t-rules.ts';

export interface RegTMarket {
  /** Underlying price. */
  spot: number;
  /** Current option mark per share (the premium in the Cboe formulas). */
  premiumOf: (o: OptionInstrument) => number;
  /** Default 'equity'. */
  underlyingClass?: UnderlyingClass;
  /** Overrides the class's rates. */
  rates?: RegTRates;
}

export type StrategyKind =
  | 'long-option'
  | 'naked-call'
  | 'naked-put'
  | 'long-stock'
  | 'short-stock'
  | 'covered-call'
  | 'covered-put'
  | 'vertical'
  | 'calendar'
  | 'diagonal'
  | 'short-straddle'
  | 'short-strangle'
  | 'iron-condor'
  | 'iron-butterfly'
  | 'butterfly'
  | 'condor'
  | 'box';

export interface StrategyUnit {
  strategy: StrategyKind;
  /** Indices into the input legs. */
  legs: number[];
  /** Times the strategy is held (contracts, or shares for a stock remainder). */
  units: number;
  /** Gross requirement for all units (currency). */
  requirement: number;
}

export interface RegTResult {
  /** Cboe requirement (currency); short option proceeds may be applied against it. */
  requirement: number;
  /** Market value of the short options (currency). */
  shortProceeds: number;
  /** requirement − shortProceeds: cash needed (for a spread, its max loss). */
  cashRequirement: number;
  strategies: StrategyUnit[];
  /** False when the grouping search hit its budget (the result is then an upper bound). */
  exact: boolean;
  /** Work the grouping search did (absent for `greedyRequirement`); see reg-t.ts budgets. */
  search?: SearchStats;
}

export interface SearchStats {
  /** Four-leg candidates searched over (after the enumeration caps). */
  candidates: number;
  /** Depth-first search nodes visited (every node, leaves included). */
  nodes: number;
  /** Pair-flow solves (the pairs-only solve included). */
  leaves: number;
  /** Σ `MatchingResult.work` over the flow solves. */
  matchingWork: number;
}

export type NodeKind = 'SC' | 'LP' | 'SS' | 'SP' | 'LC' | 'LS';
export interface Node {
  leg: number;
  kind: NodeKind;
  units: number;
  option?: OptionInstrument;
  premium: number;
  /** Requirement of one unit held alone (currency). */
  single: number;
}

export interface Book {
  legs: readonly PositionLeg[];
  left: Node[];
  right: Node[];
  /** Stock shares not in a block of `multiplier` (leg index, signed shares). */
  stockRemainders: { leg: number; shares: number }[];
  m: number;
  spot: number;
  r: RegTRates;
}

export function buildBook(legs: readonly PositionLeg[], market: RegTMarket): Book {
  const r = market.rates ?? REG_T_RATES[market.underlyingClass ?? 'equity'];
  const spot = market.spot;
  let m = 0;
  const underlying = legs[0]?.instrument.underlying;
  for (const leg of legs) {
    const i = leg.instrument;
    if (i.underlying !== underlying) throw new Error('regTRequirement: legs of one underlying only');
    if (i.kind !== 'option') continue;
    if (!Number.isInteger(leg.quantity)) throw new Error('regTRequirement: option quantities are contracts');
    if (m !== 0 && i.multiplier !== m) throw new Error('regTRequirement: mixed multipliers not supported');
    m = i.multiplier;
  }
  if (m === 0) m = 100;
  const book: Book = { legs, left: [], right: [], stockRemainders: [], m, spot, r };
  legs.forEach((leg, idx) => {
    const i = leg.instrument;
    const q = leg.quantity;
    if (q === 0) return;
    if (i.kind === 'stock') {
      const blocks = Math.floor(Math.abs(q) / m);
      const rest = Math.abs(q) - blocks * m;
      if (rest > 0) book.stockRemainders.push({ leg: idx, shares: Math.sign(q) * rest });
      if (blocks === 0) return;
      const node: Node = {
        leg: idx,
        kind: q > 0 ? 'LS' : 'SS',
        units: blocks,
        premium: 0,
        single: r.stockPct * spot * m,
      };
      (q > 0 ? book.right : book.left).push(node);
      return;
    }
    const premium = market.premiumOf(i);
    const long = q > 0;
    const kind: NodeKind = i.right === 'call' ? (long ? 'LC' : 'SC') : long ? 'LP' : 'SP';
    const single = long ? premium * m : nakedShortPerShare(i, premium, spot, r) * m;
    const node: Node = { leg: idx, kind, units: Math.abs(q), option: i, premium, single };
    (kind === 'SC' || kind === 'LP' ? book.left : book.right).push(node);
  });
  return book;
}

/** Requirement of one unit of the pair strategy (currency), or undefined if a and b do not pair. */
export function pairCost(book: Book, a: Node, b: Node): { cost: number; strategy: StrategyKind } | undefined {
  const { m, spot, r } = book;
  const spread = (short: Node, long: Node): { cost: number; strategy: StrategyKind } | undefined => {
    if (short.option === undefined || long.option === undefined || !covers(long.option, short.option))
      return undefined;
    const sameExpiry = long.option.expiry.getTime() === short.option.expiry.getTime();
    const strategy = sameExpiry
      ? 'vertical'
      : long.option.strike === short.option.strike
        ? 'calendar'
        : 'diagonal';
    return { cost: (long.premium + spreadLossPerShare(short.option, long.option)) * m, strategy };
  };
  if (a.kind === 'SC' && b.kind === 'LC') return spread(a, b);
  if (a.kind === 'LP' && b.kind === 'SP') return spread(b, a);
  if (a.kind === 'SC' && b.kind === 'LS' && a.option !== undefined)
    return { cost: coveredCallPerShare(a.option.strike, spot, r) * m, strategy: 'covered-call' };
  if (a.kind === 'SS' && b.kind === 'SP') return { cost: r.stockPct * spot * m, strategy: 'covered-put' };
  if (a.kind === 'SC' && b.kind === 'SP' && a.option !== undefined && b.option !== undefined) {
    const callWorse = a.single >= b.single;
    const cost = callWorse ? a.single + b.premium * m : b.single + a.premium * m;
    const straddle =
      a.option.strike === b.option.strike && a.option.expiry.getTime() === b.option.expiry.getTime();
    return { cost, strategy: straddle ? 'short-straddle' : 'short-strangle' };
  }
  return undefined;
}

export function pairSaving(book: Book, a: Node, b: Node): number {
  const p = pairCost(book, a, b);
  return p === undefined ? 0 : a.single + b.single - p.cost;
}

const SINGLE_KIND: Record<NodeKind, StrategyKind> = {
  SC: 'naked-call',
  SP: 'naked-put',
  LC: 'long-option',
  LP: 'long-option',
  LS: 'long-stock',
  SS: 'short-stock',
};

export function finish(
  book: Book,
  strategies: StrategyUnit[],
  used: Map<Node, number>,
  exact: boolean,
): RegTResult {
  for (const n of [...book.left, ...book.right]) {
    const rest = n.units - (used.get(n) ?? 0);
    if (rest > 0)
      strategies.push({
        strategy: SINGLE_KIND[n.kind],
        legs: [n.leg],
        units: rest,
        requirement: n.single * rest,
      });
  }
  for (const s of book.stockRemainders) {
    strategies.push({
      strategy: s.shares > 0 ? 'long-stock' : 'short-stock',
      legs: [s.leg],
      units: Math.abs(s.shares),
      requirement: book.r.stockPct * book.spot * Math.abs(s.shares),
    });
  }
  let requirement = 0;
  for (const s of strategies) requirement += s.requirement;
  let shortProceeds = 0;
  for (const n of [...book.left, ...book.right]) {
    if (n.kind === 'SC' || n.kind === 'SP') shortProceeds += n.premium * book.m * n.units;
  }
  return { requirement, shortProceeds, cashRequirement: requirement - shortProceeds, strategies, exact };
}

/**
 * Exact best grouping into pairs and singles given the units left per node: the total
 * requirement and the pairs (min-cost flow, see matching.ts).
 */
export function bestPairs(
  book: Book,
  caps: Map<Node, number>,
): { cost: number; pairs: Pairing[]; work: number } {
  const cap = (n: Node) => caps.get(n) ?? n.units;
  const nR = book.right.length;
  // Pair savings depend only on the book, not on the caps: computed once per book.
  let savings = savingsCache.get(book);
  if (savings === undefined) {
    savings = new Float64Array(book.left.length * nR);
    book.left.forEach((a, i) => {
      book.right.forEach((b, j) => {
        if (savings !== undefined) savings[i * nR + j] = pairSaving(book, a, b);
      });
    });
    savingsCache.set(book, savings);
  }
  const table = savings;
  const match = maxSavingMatching(book.left.map(cap), book.right.map(cap), (i, j) => table[i * nR + j] ?? 0);
  let singles = 0;
  for (const n of [...book.left, ...book.right]) singles += n.single * cap(n);
  return { cost: singles - match.totalSaving, pairs: match.pairs, work: match.work };
}

const savingsCache = new WeakMap<Book, Float64Array>();

/** Records the pair strategies of `pairs` in `out` and the units they use in `used`. */
export function recordPairs(
  book: Book,
  pairs: Pairing[],
  out: StrategyUnit[],
  used: Map<Node, number>,
): void {
  for (const p of pairs) {
    const a = book.left[p.left];
    const b = book.right[p.right];
    const pc = a === undefined || b === undefined ? undefined : pairCost(book, a, b);
    if (a === undefined || b === undefined || pc === undefined) throw new Error('recordPairs: invalid pair');
    used.set(a, (used.get(a) ?? 0) + p.units);
    used.set(b, (used.get(b) ?? 0) + p.units);
    out.push({ strategy: pc.strategy, legs: [a.leg, b.leg], units: p.units, requirement: pc.cost * p.units });
  }
}
