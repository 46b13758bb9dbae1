import { describe, expect, it } from 'vitest';
import {
  type BreakerConfig,
  type BreakerSet,
  createBreakerSet,
  evaluate,
  gate,
  type Observation,
  resetBreaker,
  setKillSwitch,
  tripBreaker,
} from './index.ts';

const T0 = new Date('2026-03-02T14:30:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const probation = { successfulOrders: 3 };
const human = { actor: 'user_risk_1', reason: 'reviewed fills, feed restored' };

const statusOf = (s: BreakerSet) => s.breakers[0]?.status;

describe('state machine', () => {
  const config: BreakerConfig = {
    kind: 'DATA_STALENESS',
    limitMs: 5000,
    probation: { successfulOrders: 2 },
    cooldownMs: 5 * MIN,
  };
  const stale: Observation = { latestQuoteAt: at(-60_000) };
  const tripped = () => evaluate(createBreakerSet([config]), stale, T0).state;

  it('stays open without a human, even once the condition clears', () => {
    let s = tripped();
    for (let i = 1; i <= 5; i++) {
      const r = evaluate(s, { latestQuoteAt: at(i * 60 * MIN), orders: [] }, at(i * 60 * MIN));
      expect(r.events).toEqual([]);
      s = r.state;
    }
    expect(statusOf(s)).toBe('open');
  });

  it('rejects a reset without a reason, by "system", during the cool-down, or when not open', () => {
    const s = tripped();
    expect(resetBreaker(s, 'DATA_STALENESS', { actor: 'user_risk_1', reason: '  ' }, at(10 * MIN))).toEqual({
      ok: false,
      reason: 'REASON_REQUIRED',
    });
    expect(resetBreaker(s, 'DATA_STALENESS', { actor: 'system', reason: 'auto' }, at(10 * MIN))).toEqual({
      ok: false,
      reason: 'HUMAN_ACTOR_REQUIRED',
    });
    expect(resetBreaker(s, 'DATA_STALENESS', human, at(5 * MIN - 1))).toEqual({
      ok: false,
      reason: 'COOLDOWN_ACTIVE',
    });
    expect(resetBreaker(s, 'MODEL_HEALTH', human, at(10 * MIN))).toEqual({
      ok: false,
      reason: 'UNKNOWN_BREAKER',
    });
    expect(resetBreaker(createBreakerSet([config]), 'DATA_STALENESS', human, T0)).toEqual({
      ok: false,
      reason: 'NOT_OPEN',
    });
    const r = resetBreaker(s, 'DATA_STALENESS', human, at(5 * MIN));
    expect(r.ok).toBe(true);
  });

  it('open → half-open by reset → closed after N successful orders after the reset', () => {
    const reset = resetBreaker(tripped(), 'DATA_STALENESS', human, at(6 * MIN));
    if (!reset.ok) throw new Error(reset.reason);
    expect(reset.event).toEqual({
      breaker: 'DATA_STALENESS',
      from: 'open',
      to: 'half-open',
      at: at(6 * MIN),
      actor: 'user_risk_1',
      reason: human.reason,
      measured: null,
      limit: null,
    });
    const fresh = (t: number) => ({ latestQuoteAt: at(t) });
    // One success before the reset and one after: probation (2) not yet met.
    const orders1 = [
      { at: at(5 * MIN), outcome: 'filled' as const },
      { at: at(7 * MIN), outcome: 'filled' as const },
      { at: at(7 * MIN + 1), outcome: 'rejected' as const },
    ];
    const r1 = evaluate(reset.state, { ...fresh(8 * MIN), orders: orders1 }, at(8 * MIN));
    expect(statusOf(r1.state)).toBe('half-open');
    expect(r1.events).toEqual([]);
    const orders2 = [...orders1, { at: at(8 * MIN + 1), outcome: 'accepted' as const }];
    const r2 = evaluate(r1.state, { ...fresh(9 * MIN), orders: orders2 }, at(9 * MIN));
    expect(statusOf(r2.state)).toBe('closed');
    expect(r2.events).toEqual([
      {
        breaker: 'DATA_STALENESS',
        from: 'half-open',
        to: 'closed',
        at: at(9 * MIN),
        actor: 'system',
        reason: 'probation passed',
        measured: null,
        limit: null,
      },
    ]);
  });

  it('half-open → closed after a quiet period without a re-trip (time probation)', () => {
    const c: BreakerConfig = { kind: 'MODEL_HEALTH', minScore: 0.7, probation: { quietMs: 30 * MIN } };
    const s = evaluate(createBreakerSet([c]), { model: { score: 0.5, drift: false } }, T0).state;
    const r = resetBreaker(s, 'MODEL_HEALTH', human, at(MIN));
    if (!r.ok) throw new Error(r.reason);
    const ok = { model: { score: 0.9, drift: false } };
    expect(statusOf(evaluate(r.state, ok, at(31 * MIN - 1)).state)).toBe('half-open');
    expect(statusOf(evaluate(r.state, ok, at(31 * MIN)).state)).toBe('closed');
  });

  it('half-open → open when it trips again, with the new measurement', () => {
    const reset = resetBreaker(tripped(), 'DATA_STALENESS', human, at(6 * MIN));
    if (!reset.ok) throw new Error(reset.reason);
    const r = evaluate(reset.state, { latestQuoteAt: at(0) }, at(7 * MIN));
    expect(statusOf(r.state)).toBe('open');
    expect(r.events).toEqual([
      {
        breaker: 'DATA_STALENESS',
        from: 'half-open',
        to: 'open',
        at: at(7 * MIN),
        actor: 'system',
        reason: 'latest quote 420000 ms old',
        measured: 7 * MIN,
        limit: 5000,
      },
    ]);
  });

  it('trades before a reset are not counted again by CONSECUTIVE_LOSSES', () => {
    const c: BreakerConfig = { kind: 'CONSECUTIVE_LOSSES', limit: 2, probation: { successfulOrders: 1 } };
    const losses = [
      { closedAt: at(-2 * MIN), pnl: -5 },
      { closedAt: at(-MIN), pnl: -5 },
    ];
    const s = evaluate(createBreakerSet([c]), { closedTrades: losses }, T0).state;
    const reset = resetBreaker(s, 'CONSECUTIVE_LOSSES', human, at(MIN));
    if (!reset.ok) throw new Error(reset.reason);
    const r1 = evaluate(
      reset.state,
      { closedTrades: [...losses, { closedAt: at(2 * MIN), pnl: -5 }] },
      at(3 * MIN),
    );
    expect(statusOf(r1.state)).toBe('half-open');
    expect(r1.state.breakers[0]?.last?.measured).toBe(1);
    const more = [...losses, { closedAt: at(2 * MIN), pnl: -5 }, { closedAt: at(3 * MIN), pnl: -1 }];
    expect(statusOf(evaluate(r1.state, { closedTrades: more }, at(4 * MIN)).state)).toBe('open');
  });

  it('manual trip by a human with a reason; evaluate is deterministic and does not mutate its input', () => {
    const s = createBreakerSet([config]);
    expect(tripBreaker(s, 'DATA_STALENESS', { actor: 'user_1', reason: '' }, T0)).toEqual({
      ok: false,
      reason: 'REASON_REQUIRED',
    });
    const t = tripBreaker(s, 'DATA_STALENESS', { actor: 'user_1', reason: 'exchange halt' }, T0);
    if (!t.ok) throw new Error(t.reason);
    expect(t.event).toMatchObject({ from: 'closed', to: 'open', actor: 'user_1', reason: 'exchange halt' });
    expect(tripBreaker(t.state, 'DATA_STALENESS', human, T0)).toEqual({ ok: false, reason: 'ALREADY_OPEN' });
    expect(statusOf(s)).toBe('closed');
    const a = evaluate(s, stale, T0);
    const b = evaluate(s, stale, T0);
    expect(a).toEqual(b);
    expect(statusOf(s)).toBe('closed');
  });
});

describe('gate and kill switch', () => {
  const configs: BreakerConfig[] = [
    { kind: 'DAILY_LOSS', limit: 1000, probation },
    { kind: 'DATA_STALENESS', limitMs: 5000, probation, halfOpenMaxSizeFraction: 0.5 },
  ];
  const base = createBreakerSet(configs);
  const open = evaluate(
    base,
    { dailyPnl: { realized: -2000, unrealized: 0 }, latestQuoteAt: at(-10_000) },
    T0,
  ).state;

  it('closed breakers allow everything; open ones block opening orders and allow closing ones', () => {
    expect(gate(base, { opensRisk: true })).toEqual({ allowed: true, blockedBy: [] });
    expect(gate(open, { opensRisk: true })).toEqual({
      allowed: false,
      blockedBy: ['DAILY_LOSS', 'DATA_STALENESS'],
    });
    expect(gate(open, { opensRisk: false })).toEqual({ allowed: true, blockedBy: [] });
  });

  it('half-open allows closing orders and opening orders up to the configured size', () => {
    const r = resetBreaker(open, 'DATA_STALENESS', human, at(MIN));
    if (!r.ok) throw new Error(r.reason);
    const both = resetBreaker(r.state, 'DAILY_LOSS', human, at(MIN));
    if (!both.ok) throw new Error(both.reason);
    const s = both.state; // both half-open; DAILY_LOSS has no reduced-size allowance
    expect(gate(s, { opensRisk: false })).toEqual({ allowed: true, blockedBy: [] });
    expect(gate(s, { opensRisk: true, sizeFraction: 0.5 })).toEqual({
      allowed: false,
      blockedBy: ['DAILY_LOSS'],
    });
    const onlyStale = { ...s, breakers: s.breakers.filter((b) => b.config.kind === 'DATA_STALENESS') };
    expect(gate(onlyStale, { opensRisk: true, sizeFraction: 0.5 }).allowed).toBe(true);
    expect(gate(onlyStale, { opensRisk: true, sizeFraction: 0.51 }).blockedBy).toEqual(['DATA_STALENESS']);
    expect(gate(onlyStale, { opensRisk: true }).blockedBy).toEqual(['DATA_STALENESS']);
  });

  it('kill switch blocks all orders except non-opening flatten orders; humans only, with reason', () => {
    expect(setKillSwitch(base, true, { actor: 'user_admin', reason: '' }, T0)).toEqual({
      ok: false,
      reason: 'REASON_REQUIRED',
    });
    expect(setKillSwitch(base, true, { actor: 'system', reason: 'x' }, T0)).toEqual({
      ok: false,
      reason: 'HUMAN_ACTOR_REQUIRED',
    });
    expect(setKillSwitch(base, false, human, T0)).toEqual({ ok: false, reason: 'KILL_SWITCH_UNCHANGED' });
    const k = setKillSwitch(base, true, { actor: 'user_admin', reason: 'runaway orders' }, T0);
    if (!k.ok) throw new Error(k.reason);
    expect(k.event).toEqual({
      breaker: 'KILL_SWITCH',
      from: 'closed',
      to: 'open',
      at: T0,
      actor: 'user_admin',
      reason: 'runaway orders',
      measured: null,
      limit: null,
    });
    const s = k.state;
    expect(gate(s, { opensRisk: true })).toEqual({ allowed: false, blockedBy: ['KILL_SWITCH'] });
    expect(gate(s, { opensRisk: false })).toEqual({ allowed: false, blockedBy: ['KILL_SWITCH'] });
    expect(gate(s, { opensRisk: true, flatten: true })).toEqual({
      allowed: false,
      blockedBy: ['KILL_SWITCH'],
    });
    expect(gate(s, { opensRisk: false, flatten: true })).toEqual({ allowed: true, blockedBy: [] });
    // evaluate keeps the kill switch as it is.
    expect(evaluate(s, {}, at(MIN)).state.killSwitch.engaged).toBe(true);
    const off = setKillSwitch(s, false, { actor: 'user_admin', reason: 'fixed' }, at(MIN));
    if (!off.ok) throw new Error(off.reason);
    expect(off.event).toMatchObject({ from: 'open', to: 'closed', actor: 'user_admin' });
    expect(gate(off.state, { opensRisk: true }).allowed).toBe(true);
  });
});
