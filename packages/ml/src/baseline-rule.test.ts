import { daysToExpiry, listExpiries, syntheticChain } from '@zomma/engine/sim';
import { maxProfitLoss, netDebitPerShare } from '@zomma/engine/strategy';
import { describe, expect, it } from 'vitest';
import { baselineRuleModel, momentumZ, nearestExpiry } from './baseline-rule.ts';

const asOf = new Date('2026-11-18T15:00:00Z');
const chain = syntheticChain({
  symbol: 'ZMA',
  spot: 100,
  vol: 0.25,
  asOf,
  expiries: listExpiries(asOf, 10),
  strikesPerSide: 16,
  strikeStep: 2.5,
  rate: 0.04,
  dividendYield: 0,
});
const hp = { rule: 'baseline-momentum-condor', shortDelta: 0.2, wingWidth: 5, dte: 30, quantity: 2 };
const model = baselineRuleModel(hp);
// With vol 0.25, 4 returns and an interval of 0.25 y, the denominator vol·√(n·Δt) is exactly 0.25,
// so z = 4 × r / 0.25 is exact in binary: r = 0.0625 gives z = 1 exactly.
const base = { symbol: 'ZMA', asOf, spot: 100, vol: 0.25, chain, returnIntervalYears: 0.25 };

describe('momentumZ', () => {
  it('is the return sum over vol·√(n·Δt) (hand check, daily default)', () => {
    // 20 daily returns summing to 0.08: 0.08 / (0.25·√(20/252)) = 1.1358873 (by hand: √0.0793651 = 0.2817181).
    const z = momentumZ(new Array(20).fill(0.004), 0.25, 1 / 252);
    expect(Math.abs(z - 0.08 / (0.25 * Math.sqrt(20 / 252)))).toBeLessThan(1e-12);
    expect(Math.abs(z - 1.1358873)).toBeLessThan(1e-6);
    expect(momentumZ([], 0.25, 1 / 252)).toBe(0);
  });
});

describe('baselineRuleModel.propose', () => {
  it.each([
    ['flat', [0, 0, 0, 0], 'IRON_CONDOR', 4],
    ['just under +1', [0.0625, 0.0625, 0.0625, 0.0624], 'IRON_CONDOR', 4],
    ['exactly +1', [0.0625, 0.0625, 0.0625, 0.0625], 'BULL_PUT_SPREAD', 2],
    ['strongly up', [0.1, 0.1, 0.1, 0.1], 'BULL_PUT_SPREAD', 2],
    ['exactly −1', [-0.0625, -0.0625, -0.0625, -0.0625], 'BEAR_CALL_SPREAD', 2],
    ['just above −1', [-0.0625, -0.0625, -0.0625, -0.0624], 'IRON_CONDOR', 4],
  ] as const)('%s → %s', (_name, recentReturns, strategy, legCount) => {
    const p = model.propose({ ...base, recentReturns });
    expect(p?.strategy).toBe(strategy);
    expect(p?.legs).toHaveLength(legCount);
    expect(p?.quantity).toBe(2);
  });

  it('bull put spread: a credit put vertical; bear call spread: a credit call vertical', () => {
    const up = model.propose({ ...base, recentReturns: [0.1, 0.1, 0.1, 0.1] });
    const down = model.propose({ ...base, recentReturns: [-0.1, -0.1, -0.1, -0.1] });
    expect(up?.legs.every((l) => l.right === 'put')).toBe(true);
    expect(down?.legs.every((l) => l.right === 'call')).toBe(true);
    for (const p of [up, down]) {
      if (!p) throw new Error('no proposal');
      const credit = -netDebitPerShare(p.legs);
      expect(credit).toBeGreaterThan(0);
      expect(Math.abs((maxProfitLoss(p.legs).maxLoss as number) - (5 - credit))).toBeLessThan(1e-12);
    }
  });

  it('uses the listed expiry nearest to dte days', () => {
    const p = model.propose({ ...base, recentReturns: [0, 0, 0, 0] });
    const expiries = [...new Set(chain.map((q) => q.expiry.getTime()))];
    const gaps = expiries.map((t) => Math.abs(daysToExpiry(asOf, new Date(t)) - 30));
    const want = expiries[gaps.indexOf(Math.min(...gaps))];
    expect(p?.legs.every((l) => l.expiry.getTime() === want)).toBe(true);
    // 2026-11-18 15:00Z + 30 days = 2026-12-18, a Friday: that listed expiry is 30.2 days out.
    expect(new Date(want ?? 0).toISOString().slice(0, 10)).toBe('2026-12-18');
  });

  it('rationale says it is a baseline rule, not a learned model, with the numbers used', () => {
    const p = model.propose({ ...base, recentReturns: [0.1, 0.1, 0.1, 0.1] });
    expect(p?.rationale).toMatch(
      /^Baseline rule "baseline-momentum-condor" \(a fixed rule, not a learned model\)/,
    );
    expect(p?.rationale).toContain('z = +1.60'); // 0.4 / 0.25
    expect(p?.rationale).toContain('sum of 4 log returns (+0.4000)');
    expect(p?.rationale).toContain('2026-12-18');
    expect(p?.features.momentumZ).toBeCloseTo(1.6, 12);
    expect(Object.values(p?.features ?? {}).every(Number.isFinite)).toBe(true);
  });

  it('returns null when it cannot propose', () => {
    expect(model.propose({ ...base, recentReturns: [] })).toBeNull();
    expect(model.propose({ ...base, recentReturns: [0.01], chain: [] })).toBeNull();
    const late = new Date('2027-06-01T00:00:00Z'); // every listed expiry has passed
    expect(model.propose({ ...base, asOf: late, recentReturns: [0.01] })).toBeNull();
  });

  it('throws on corrupt market inputs', () => {
    expect(() => model.propose({ ...base, recentReturns: [Number.NaN] })).toThrow(RangeError);
    expect(() => model.propose({ ...base, vol: 0, recentReturns: [0.01] })).toThrow(RangeError);
  });
});

describe('hyperparameters', () => {
  it('accepts the seeded versions', () => {
    expect(() =>
      baselineRuleModel({ ...hp, shortDelta: 0.16, wingWidth: 10, dte: 45, quantity: 1 }),
    ).not.toThrow();
    expect(model.kind).toBe('RULE');
  });
  it.each([
    ['another rule name', { ...hp, rule: 'lstm' }],
    ['shortDelta above 0.5', { ...hp, shortDelta: 0.7 }],
    ['non-integer dte', { ...hp, dte: 30.5 }],
    ['zero quantity', { ...hp, quantity: 0 }],
    ['unknown key', { ...hp, extra: 1 }],
    ['missing key', { rule: hp.rule, shortDelta: 0.2 }],
  ])('rejects %s', (_name, bad) => {
    expect(() => baselineRuleModel(bad)).toThrow();
  });
});

describe('nearestExpiry', () => {
  it('ties go to the earlier expiry; expired ones are ignored', () => {
    const q = chain[0];
    if (!q) throw new Error('empty chain');
    const at = new Date('2026-12-01T20:00:00Z');
    const e1 = new Date('2026-12-04T00:00:00Z'); // 3 days
    const e2 = new Date('2026-12-08T00:00:00Z'); // 7 days
    const past = new Date('2026-11-27T00:00:00Z');
    const c = [e2, past, e1].map((expiry) => ({ ...q, expiry }));
    expect(nearestExpiry(c, at, 5)).toEqual(e1);
    expect(nearestExpiry(c, at, 6)).toEqual(e2);
    expect(nearestExpiry(c, at, -10)).toEqual(e1);
    expect(nearestExpiry([], at, 5)).toBeNull();
  });
});
