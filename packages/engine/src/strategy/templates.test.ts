import { describe, expect, it } from 'vitest';
import type { PositionLeg } from '../portfolio/position.ts';
import { listExpiries } from '../sim/expiries.ts';
import { syntheticChain } from '../sim/synthetic-chain.ts';
import { recognizeStrategy } from './recognize.ts';
import { ALL, asOf, chain, params, src } from './strategy-fixtures.test-helper.ts';
import { buildTemplate, TEMPLATE_NAMES } from './templates.ts';

const scale = (legs: readonly PositionLeg[], f: number) =>
  legs.map((l) => ({ ...l, quantity: l.quantity * f }));
const opt = (
  right: 'call' | 'put',
  strike: number,
  quantity: number,
  expiry = new Date('2026-12-11T20:00:00Z'),
) =>
  ({
    instrument: { kind: 'option', underlying: 'ZMA', right, strike, expiry, multiplier: 100 },
    quantity,
  }) as const satisfies PositionLeg;

describe('templates', () => {
  it('offers at least 30 named templates, each built from the fixture chain', () => {
    expect(TEMPLATE_NAMES.length).toBeGreaterThanOrEqual(30);
    expect(ALL.length).toBe(TEMPLATE_NAMES.length);
  });

  it.each(ALL)('%s round-trips through recognition (any order, any positive size)', (name, legs) => {
    expect(recognizeStrategy(legs)).toBe(name);
    expect(recognizeStrategy([...legs].reverse())).toBe(name);
    expect(recognizeStrategy(scale(legs, 3))).toBe(name);
    // Split one leg in two: merging makes it the same position.
    const [first, ...rest] = legs;
    if (first) {
      const halves = [
        { ...first, quantity: first.quantity / 2 },
        { ...first, quantity: first.quantity / 2 },
      ];
      expect(recognizeStrategy([...rest, ...halves])).toBe(name);
    }
    // The opposite position is a different thing (or custom) except for self-opposite names.
    expect(recognizeStrategy(scale(legs, -1))).not.toBe(name);
  });

  it('picks OTM strikes nearest the target |delta| and wings width away', () => {
    const nearExp = chain.find((q) => q.expiry.getTime() > 0)?.expiry;
    const r = buildTemplate('iron_condor', src, params);
    expect(r.ok).toBe(true);
    if (!r.ok || !nearExp) return;
    const strikes = r.legs.map((l) => (l.instrument.kind === 'option' ? l.instrument.strike : 0));
    const [lp = 0, sp = 0, sc = 0, lc = 0] = strikes;
    expect(sp - lp).toBe(5);
    expect(lc - sc).toBe(5);
    const exp = r.legs[0]?.instrument.kind === 'option' ? r.legs[0].instrument.expiry : asOf;
    // Brute force over the same expiry's OTM calls.
    const calls = chain.filter(
      (q) =>
        q.right === 'call' &&
        q.strike > 100 &&
        Math.abs(q.expiry.getTime() + 20 * 3600e3 - exp.getTime()) < 1,
    );
    const best = calls.reduce((b, q) => (Math.abs(q.delta - 0.25) < Math.abs(b.delta - 0.25) ? q : b));
    expect(sc).toBe(best.strike);
    // Days to expiry nearest 21.
    expect(Math.abs((exp.getTime() - asOf.getTime()) / 86_400_000 - 21)).toBeLessThanOrEqual(3.5);
  });

  it('butterflies have equal wings, broken wings do not; calendars share a strike over two expiries', () => {
    const k = (name: (typeof TEMPLATE_NAMES)[number]) =>
      (ALL.find(([n]) => n === name)?.[1] ?? []).map((l) =>
        l.instrument.kind === 'option' ? l.instrument : null,
      );
    const [a, b, c] = k('call_butterfly');
    expect((b?.strike ?? 0) - (a?.strike ?? 0)).toBe((c?.strike ?? 0) - (b?.strike ?? 0));
    const [x, y, z] = k('broken_wing_put_butterfly');
    expect((y?.strike ?? 0) - (x?.strike ?? 0)).not.toBe((z?.strike ?? 0) - (y?.strike ?? 0));
    const [n, f] = k('call_calendar');
    expect(n?.strike).toBe(f?.strike);
    expect((f?.expiry.getTime() ?? 0) > (n?.expiry.getTime() ?? 0)).toBe(true);
  });

  it('returns typed failures when the chain cannot supply expiries or strikes', () => {
    expect(buildTemplate('long_call', { ...src, chain: [] }, params)).toEqual({
      ok: false,
      reason: 'NO_EXPIRY',
    });
    const one = syntheticChain({
      symbol: 'ZMA',
      spot: 100,
      vol: 0.3,
      asOf,
      expiries: listExpiries(asOf, 1),
      strikesPerSide: 2,
      strikeStep: 1,
      rate: 0.03,
      dividendYield: 0,
    });
    const s1 = { ...src, chain: one };
    expect(buildTemplate('call_calendar', s1, params)).toEqual({ ok: false, reason: 'NO_FAR_EXPIRY' });
    expect(buildTemplate('iron_condor', s1, params)).toEqual({ ok: false, reason: 'NO_STRIKE' });
    expect(buildTemplate('long_straddle', s1, params).ok).toBe(true);
  });

  it("names other combinations 'custom'", () => {
    expect(recognizeStrategy([])).toBe('custom');
    expect(recognizeStrategy([opt('call', 100, 1), opt('call', 105, -3)])).toBe('custom');
    expect(recognizeStrategy([opt('call', 100, 1), opt('put', 105, 1)])).toBe('custom'); // put above call
    const other = {
      ...opt('put', 90, 1),
      instrument: { ...opt('put', 90, 1).instrument, underlying: 'XYZ' },
    };
    expect(recognizeStrategy([opt('call', 100, 1), other])).toBe('custom');
    expect(recognizeStrategy([opt('call', 100, 1), opt('call', 100, -1)])).toBe('custom'); // nets to nothing
    // Same shape as a vertical: recognized regardless of where it came from.
    expect(recognizeStrategy([opt('put', 95, 2), opt('put', 90, -2)])).toBe('bear_put_spread');
  });
});
