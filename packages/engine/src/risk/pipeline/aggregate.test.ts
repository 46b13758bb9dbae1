import { describe, expect, it } from 'vitest';
import { regTRequirementByUnderlying } from '../../margin/reg-t.ts';
import { type PositionLeg, positionValue } from '../../portfolio/position.ts';
import { portfolioGreeks } from '../../portfolio-risk/greeks.ts';
import { aggregateBook, legContribution, scenarioFor } from './aggregate.ts';
import { BOOK, book, IV, MARKETS, modelPrice, NOW, opt, scenarios } from './fixture.test-helper.ts';

const asOf = new Date(NOW);
const BASE = { spotMove: 0, volShift: 0, daysForward: 0 };
const premiumOf = (o: Parameters<typeof modelPrice>[0]['instrument']) => modelPrice({ instrument: o });

/** Full revaluation P&L of `legs` per scenario (the reference the aggregates must equal). */
function fullPnl(legs: readonly PositionLeg[]): number[] {
  return scenarios().map((s) => {
    let pnl = 0;
    for (const [u, m] of Object.entries(MARKETS)) {
      const g = legs.filter((l) => l.instrument.underlying === u);
      pnl +=
        positionValue(g, m, asOf, scenarioFor(s, u), () => IV) - positionValue(g, m, asOf, BASE, () => IV);
    }
    return pnl;
  });
}

describe('aggregateBook', () => {
  const agg = book();

  it('per-underlying and total Greeks equal portfolioGreeks on the whole book', () => {
    const ref = portfolioGreeks({ legs: BOOK, markets: MARKETS, asOf, volOf: () => IV });
    for (const g of ref.byUnderlying) {
      const a = agg.byUnderlying.get(g.underlying);
      expect(a?.delta).toBeCloseTo(g.delta, 9);
      expect(a?.dollarGamma1Pct).toBeCloseTo(g.dollarGamma1Pct, 9);
      expect(a?.vega).toBeCloseTo(g.vega, 9);
    }
    expect(agg.dollarDeltaTotal).toBeCloseTo(ref.total.dollarDelta, 6);
    expect(agg.vegaTotal).toBeCloseTo(ref.total.vega, 9);
  });

  it('scenario P&L vector equals full revaluation, per scenario', () => {
    const ref = fullPnl(BOOK);
    ref.forEach((p, k) => {
      expect(agg.pnlTotal[k]).toBeCloseTo(p, 6);
    });
  });

  it('book + order contributions equal full revaluation of the post-trade book', () => {
    const order: PositionLeg[] = [
      { instrument: opt('AAA', 'put', 90, 60), quantity: -3 },
      { instrument: opt('BBB', 'call', 52, 45), quantity: 7 },
    ];
    const pnl = Float64Array.from(agg.pnlTotal);
    for (const l of order) {
      const m = MARKETS[l.instrument.underlying];
      if (m === undefined) throw new Error('fixture');
      legContribution(l, m, asOf, IV, agg.scenarios, pnl);
    }
    const ref = fullPnl([...BOOK, ...order]);
    ref.forEach((p, k) => {
      expect(pnl[k]).toBeCloseTo(p, 6);
    });
  });

  it('Reg-T of one underlying with a single naked put matches the Cboe formula', () => {
    const put = opt('AAA', 'put', 90, 30);
    const a = aggregateBook([{ instrument: put, quantity: -3 }], MARKETS, scenarios(), {
      asOf,
      volOf: () => IV,
      premiumOf,
    });
    const p = modelPrice({ instrument: put });
    const perShare = Math.max(p + 0.2 * 100 - (100 - 90), p + 0.1 * 90);
    expect(a.byUnderlying.get('AAA')?.margin).toBeCloseTo(3 * 100 * perShare, 6);
    expect(a.marginTotal).toBeCloseTo(3 * 100 * perShare, 6);
  });

  it('margin: book + order standalone is exact in a new underlying, an upper bound when offsetting', () => {
    const aaaOnly = BOOK.filter((l) => l.instrument.underlying === 'AAA');
    const a = aggregateBook(aaaOnly, MARKETS, scenarios(), { asOf, volOf: () => IV, premiumOf });
    const mk = (u: string) => ({ spot: MARKETS[u]?.spot ?? Number.NaN, premiumOf });
    const newU: PositionLeg[] = [{ instrument: opt('BBB', 'put', 45, 45), quantity: -2 }];
    const full = regTRequirementByUnderlying([...aaaOnly, ...newU], mk).requirement;
    expect(a.marginTotal + regTRequirementByUnderlying(newU, mk).requirement).toBeCloseTo(full, 6);
    // Buying the 110 call covers the book's short 105 calls as a spread: the bound is above the truth.
    const offset: PositionLeg[] = [{ instrument: opt('AAA', 'call', 110, 30), quantity: 5 }];
    const full2 = regTRequirementByUnderlying([...aaaOnly, ...offset], mk).requirement;
    expect(a.marginTotal + regTRequirementByUnderlying(offset, mk).requirement).toBeGreaterThanOrEqual(
      full2 - 1e-6,
    );
  });

  it('nets positions by instrument: gross of offsetting legs is zero', () => {
    const c = opt('AAA', 'call', 100, 30);
    const a = aggregateBook(
      [
        { instrument: c, quantity: 2 },
        { instrument: c, quantity: -2 },
      ],
      MARKETS,
      scenarios(),
      { asOf, volOf: () => IV, premiumOf },
    );
    expect(a.grossTotal).toBe(0);
    expect(a.positions.get([...a.positions.keys()][0] ?? '')).toBe(0);
  });
});
