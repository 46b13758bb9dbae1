/**
 * Optimality of the pairing: on small seeded random books the requirement equals a brute-force
 * enumeration of every grouping of the book's units (contracts and 100-share blocks) into singles,
 * pairs and two-vertical four-leg groups. The reference re-implements the Cboe costs from the
 * formulas (not through reg-t.ts) and finds max loss at expiry by scanning spot on a fine grid.
 */
import { describe, expect, it } from 'vitest';
import type { PositionLeg } from '../portfolio/position.ts';
import { priceEuropean } from '../pricing/black-scholes.ts';
import { createRng, type Rng } from '../rng.ts';
import { greedyRequirement } from './greedy.ts';
import { type RegTMarket, regTRequirement } from './reg-t.ts';

const SPOT = 100;
const E1 = new Date('2026-03-20T21:00:00Z');
const E2 = new Date('2026-06-19T21:00:00Z');
const ASOF = new Date('2026-01-02T21:00:00Z');
const premium = (right: 'call' | 'put', strike: number, expiry: Date) =>
  priceEuropean({
    right,
    spot: SPOT,
    strike,
    tYears: (expiry.getTime() - ASOF.getTime()) / (365 * 86400e3),
    rate: 0.03,
    dividendYield: 0,
    vol: 0.3,
  });
const market: RegTMarket = { spot: SPOT, premiumOf: (o) => premium(o.right, o.strike, o.expiry) };

type Unit =
  | { kind: 'opt'; right: 'call' | 'put'; strike: number; expiry: number; sign: number; p: number }
  | { kind: 'stock'; sign: number };

const intrinsic = (u: Extract<Unit, { kind: 'opt' }>, s: number) =>
  u.sign * Math.max(0, u.right === 'call' ? s - u.strike : u.strike - s);

function single(u: Unit): number {
  if (u.kind === 'stock') return 0.5 * SPOT * 100;
  if (u.sign > 0) return u.p * 100;
  const otm = u.right === 'call' ? Math.max(0, u.strike - SPOT) : Math.max(0, SPOT - u.strike);
  const min = u.right === 'call' ? 0.1 * SPOT : 0.1 * u.strike;
  return Math.max(u.p + 0.2 * SPOT - otm, u.p + min) * 100;
}

function pair(a: Unit, b: Unit): number | undefined {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    if (x.kind === 'opt' && x.sign < 0) {
      if (y.kind === 'opt' && y.sign > 0 && y.right === x.right && y.expiry >= x.expiry) {
        const loss = x.right === 'call' ? Math.max(0, y.strike - x.strike) : Math.max(0, x.strike - y.strike);
        return (y.p + loss) * 100;
      }
      if (y.kind === 'stock' && x.right === 'call' && y.sign > 0)
        return (SPOT - 0.5 * Math.min(SPOT, x.strike)) * 100;
      if (y.kind === 'stock' && x.right === 'put' && y.sign < 0) return 0.5 * SPOT * 100;
      if (y.kind === 'opt' && y.sign < 0 && x.right === 'call' && y.right === 'put') {
        const [sc, sp] = [single(x), single(y)];
        return sc >= sp ? sc + y.p * 100 : sp + x.p * 100;
      }
    }
  }
  return undefined;
}

/** Four options of one expiry forming two verticals: longs in full + max loss (scanned). */
function quad(us: Unit[]): number | undefined {
  const opts = us.filter((u) => u.kind === 'opt');
  if (opts.length !== 4 || new Set(opts.map((u) => u.expiry)).size !== 1) return undefined;
  const isVertical = (x: Unit | undefined, y: Unit | undefined) =>
    x?.kind === 'opt' && y?.kind === 'opt' && x.right === y.right && x.sign * y.sign < 0;
  const [a, b, c, d] = opts;
  const ok =
    (isVertical(a, b) && isVertical(c, d)) ||
    (isVertical(a, c) && isVertical(b, d)) ||
    (isVertical(a, d) && isVertical(b, c));
  if (!ok) return undefined;
  let minPayoff = 0;
  for (let s = 0; s <= 400; s += 0.5) {
    let v = 0;
    for (const u of opts) v += intrinsic(u, s);
    minPayoff = Math.min(minPayoff, v);
  }
  let longs = 0;
  for (const u of opts) if (u.sign > 0) longs += u.p;
  return (longs - minPayoff) * 100;
}

function bruteForce(units: Unit[]): number {
  const best = (left: Unit[]): number => {
    const [first, ...rest] = left;
    if (first === undefined) return 0;
    let b = single(first) + best(rest);
    for (let j = 0; j < rest.length; j++) {
      const pj = rest[j] as Unit;
      const others = rest.filter((_, k) => k !== j);
      const pc = pair(first, pj);
      if (pc !== undefined) b = Math.min(b, pc + best(others));
      for (let k = 0; k < others.length; k++) {
        for (let l = k + 1; l < others.length; l++) {
          const q = quad([first, pj, others[k] as Unit, others[l] as Unit]);
          if (q !== undefined) b = Math.min(b, q + best(others.filter((_, i) => i !== k && i !== l)));
        }
      }
    }
    return b;
  };
  return best(units);
}

function randomBook(rng: Rng): PositionLeg[] {
  const legs: PositionLeg[] = [];
  const n = 2 + Math.floor(rng.next() * 5); // 2..6 units
  for (let i = 0; i < n; i++) {
    const sign = rng.next() < 0.5 ? -1 : 1;
    if (rng.next() < 0.15) {
      legs.push({ instrument: { kind: 'stock', underlying: 'XYZ' }, quantity: sign * 100 });
      continue;
    }
    const right = rng.next() < 0.5 ? 'call' : 'put';
    const strike = 90 + 5 * Math.floor(rng.next() * 5);
    const expiry = rng.next() < 0.75 ? E1 : E2;
    legs.push({
      instrument: { kind: 'option', underlying: 'XYZ', right, strike, expiry, multiplier: 100 },
      quantity: sign,
    });
  }
  return legs;
}

const toUnits = (legs: PositionLeg[]): Unit[] =>
  legs.map((l) => {
    const i = l.instrument;
    if (i.kind === 'stock') return { kind: 'stock', sign: Math.sign(l.quantity) };
    const p = premium(i.right, i.strike, i.expiry);
    return {
      kind: 'opt',
      right: i.right,
      strike: i.strike,
      expiry: i.expiry.getTime(),
      sign: Math.sign(l.quantity),
      p,
    };
  });

describe('regTRequirement optimality', () => {
  it('equals brute force over all groupings on 400 random books of ≤ 6 units', () => {
    const rng = createRng(20260104);
    let strictlyBetterThanGreedy = 0;
    for (let t = 0; t < 400; t++) {
      const legs = randomBook(rng);
      const ours = regTRequirement(legs, market).requirement;
      const ref = bruteForce(toUnits(legs));
      expect(ours, JSON.stringify(legs)).toBeCloseTo(ref, 6);
      const greedy = greedyRequirement(legs, market).requirement;
      expect(greedy).toBeGreaterThanOrEqual(ours - 1e-6);
      if (greedy > ours + 1e-6) strictlyBetterThanGreedy++;
    }
    // The random books do exercise cases where first-match pairing over-charges.
    expect(strictlyBetterThanGreedy).toBeGreaterThan(10);
  });

  it('handles multi-contract legs like the same contracts listed one by one', () => {
    const rng = createRng(7);
    for (let t = 0; t < 100; t++) {
      const legs = randomBook(rng).map((l) =>
        l.instrument.kind === 'option'
          ? { ...l, quantity: l.quantity * (1 + Math.floor(rng.next() * 3)) }
          : l,
      );
      const split: PositionLeg[] = legs.flatMap((l) =>
        l.instrument.kind === 'option'
          ? Array.from({ length: Math.abs(l.quantity) }, () => ({ ...l, quantity: Math.sign(l.quantity) }))
          : [l],
      );
      expect(regTRequirement(legs, market).requirement).toBeCloseTo(
        regTRequirement(split, market).requirement,
        6,
      );
    }
  });
});
