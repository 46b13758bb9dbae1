/**
 * Circuit-breaker state machine, kill switch and order gate. Pure and deterministic: every function
 * takes the state and `now` and returns a new state plus the transition events the caller audits.
 *
 *   closed ──trip (system or human)──▶ open ──human reset with reason (after cool-down)──▶ half-open
 *   half-open ──probation met──▶ closed          half-open ──trips again──▶ open
 *
 * An open breaker never leaves `open` by itself. After a reset, trades and orders up to the reset
 * are no longer counted (CONSECUTIVE_LOSSES, ORDER_REJECT_RATE), so the old history cannot re-trip
 * it; DAILY_LOSS, DRAWDOWN, DATA_STALENESS and MODEL_HEALTH re-trip while their condition persists.
 *
 * Kill switch (decision for issue 4): while engaged it stops order submission entirely except
 * orders explicitly marked `flatten: true` that do not open risk. Ordinary closing orders are
 * blocked too, so that only a deliberate flatten reaches the broker. Engaged and released by humans
 * only, with a reason.
 */
import {
  type BreakerConfig,
  type BreakerKind,
  type Measurement,
  measure,
  type Observation,
  successfulOrdersSince,
} from './measure.ts';

export type BreakerStatus = 'closed' | 'open' | 'half-open';
/** 'system' or the id of the human who acted. */
export type Actor = 'system' | (string & {});
export type BreakerId = BreakerKind | 'KILL_SWITCH';

export interface BreakerEvent {
  breaker: BreakerId;
  from: BreakerStatus;
  to: BreakerStatus;
  at: Date;
  actor: Actor;
  reason: string;
  /** The measured value at a system trip; null for human actions and probation. */
  measured: number | null;
  limit: number | null;
}

export interface BreakerState {
  config: BreakerConfig;
  status: BreakerStatus;
  /** Time of the last transition. */
  since: Date | undefined;
  /** Last trip (kept while half-open, for the cool-down and the audit trail). */
  trippedAt: Date | undefined;
  /** Last human reset: history up to it is not counted again. */
  resetAt: Date | undefined;
  /** Latest measurement (undefined when the last observation lacked the input). */
  last: Measurement | undefined;
}

export interface KillSwitch {
  engaged: boolean;
  since: Date | undefined;
  actor: Actor | undefined;
  reason: string | undefined;
}

export interface BreakerSet {
  breakers: readonly BreakerState[];
  /** Highest equity seen (currency); DRAWDOWN is measured from it. */
  highWaterMark: number | undefined;
  killSwitch: KillSwitch;
}

export type BreakerFailure =
  | 'REASON_REQUIRED'
  | 'HUMAN_ACTOR_REQUIRED'
  | 'UNKNOWN_BREAKER'
  | 'NOT_OPEN'
  | 'ALREADY_OPEN'
  | 'COOLDOWN_ACTIVE'
  | 'KILL_SWITCH_UNCHANGED';

export type HumanActionResult =
  | { ok: true; state: BreakerSet; event: BreakerEvent }
  | { ok: false; reason: BreakerFailure };

export interface HumanAction {
  actor: string;
  reason: string;
}

/** A fresh set: one breaker per config (one per kind), all closed, kill switch released. */
export function createBreakerSet(configs: readonly BreakerConfig[], highWaterMark?: number): BreakerSet {
  const kinds = new Set(configs.map((c) => c.kind));
  if (kinds.size !== configs.length) throw new RangeError('one breaker per kind');
  for (const c of configs)
    if (c.probation.successfulOrders === undefined && c.probation.quietMs === undefined)
      throw new RangeError(`${c.kind}: probation needs successfulOrders or quietMs`);
  return {
    breakers: configs.map((config) => ({
      config,
      status: 'closed',
      since: undefined,
      trippedAt: undefined,
      resetAt: undefined,
      last: undefined,
    })),
    highWaterMark,
    killSwitch: { engaged: false, since: undefined, actor: undefined, reason: undefined },
  };
}

/** Measures every breaker and applies system transitions (trips and probation). */
export function evaluate(
  state: BreakerSet,
  observation: Observation,
  now: Date,
): { state: BreakerSet; events: BreakerEvent[] } {
  const hwm =
    observation.equity === undefined
      ? state.highWaterMark
      : Math.max(state.highWaterMark ?? -Infinity, observation.equity);
  const events: BreakerEvent[] = [];
  const breakers = state.breakers.map((b): BreakerState => {
    const last = measure(b.config, observation, { now, highWaterMark: hwm, countFrom: b.resetAt });
    if (b.status !== 'open' && last?.tripped) {
      events.push(event(b, 'open', now, 'system', last.detail, last.measured, last.limit));
      return { ...b, status: 'open', since: now, trippedAt: now, last };
    }
    if (b.status === 'half-open' && b.since !== undefined && probationMet(b, observation, now)) {
      events.push(event(b, 'closed', now, 'system', 'probation passed', null, null));
      return { ...b, status: 'closed', since: now, last };
    }
    return { ...b, last };
  });
  return { state: { ...state, breakers, highWaterMark: hwm }, events };
}

function probationMet(b: BreakerState, obs: Observation, now: Date): boolean {
  const since = b.since ?? now;
  const p = b.config.probation;
  if (p.quietMs !== undefined && now.getTime() - since.getTime() >= p.quietMs) return true;
  return p.successfulOrders !== undefined && successfulOrdersSince(obs, since, now) >= p.successfulOrders;
}

function event(
  b: BreakerState,
  to: BreakerStatus,
  at: Date,
  actor: Actor,
  reason: string,
  measured: number | null,
  limit: number | null,
): BreakerEvent {
  return { breaker: b.config.kind, from: b.status, to, at, actor, reason, measured, limit };
}

function checkHuman(a: HumanAction): BreakerFailure | undefined {
  if (a.reason.trim() === '') return 'REASON_REQUIRED';
  if (a.actor.trim() === '' || a.actor === 'system') return 'HUMAN_ACTOR_REQUIRED';
  return undefined;
}

function withBreaker(
  state: BreakerSet,
  kind: BreakerKind,
  action: HumanAction,
  apply: (b: BreakerState) => BreakerFailure | BreakerState,
  to: BreakerStatus,
  now: Date,
): HumanActionResult {
  const bad = checkHuman(action);
  if (bad !== undefined) return { ok: false, reason: bad };
  const b = state.breakers.find((x) => x.config.kind === kind);
  if (b === undefined) return { ok: false, reason: 'UNKNOWN_BREAKER' };
  const next = apply(b);
  if (typeof next === 'string') return { ok: false, reason: next };
  return {
    ok: true,
    state: { ...state, breakers: state.breakers.map((x) => (x === b ? next : x)) },
    event: event(b, to, now, action.actor, action.reason, null, null),
  };
}

/** Human reset of an open breaker into half-open (after the cool-down). */
export function resetBreaker(
  state: BreakerSet,
  kind: BreakerKind,
  action: HumanAction,
  now: Date,
): HumanActionResult {
  return withBreaker(
    state,
    kind,
    action,
    (b) => {
      if (b.status !== 'open') return 'NOT_OPEN';
      const cool = b.config.cooldownMs ?? 0;
      if (b.trippedAt !== undefined && now.getTime() - b.trippedAt.getTime() < cool) return 'COOLDOWN_ACTIVE';
      return { ...b, status: 'half-open', since: now, resetAt: now };
    },
    'half-open',
    now,
  );
}

/** Human trip of a closed or half-open breaker. */
export function tripBreaker(
  state: BreakerSet,
  kind: BreakerKind,
  action: HumanAction,
  now: Date,
): HumanActionResult {
  return withBreaker(
    state,
    kind,
    action,
    (b) => (b.status === 'open' ? 'ALREADY_OPEN' : { ...b, status: 'open', since: now, trippedAt: now }),
    'open',
    now,
  );
}

/** Engage (true) or release (false) the kill switch; events use 'open' = engaged, 'closed' = released. */
export function setKillSwitch(
  state: BreakerSet,
  engaged: boolean,
  action: HumanAction,
  now: Date,
): HumanActionResult {
  const bad = checkHuman(action);
  if (bad !== undefined) return { ok: false, reason: bad };
  if (state.killSwitch.engaged === engaged) return { ok: false, reason: 'KILL_SWITCH_UNCHANGED' };
  const from: BreakerStatus = engaged ? 'closed' : 'open';
  const to: BreakerStatus = engaged ? 'open' : 'closed';
  return {
    ok: true,
    state: { ...state, killSwitch: { engaged, since: now, actor: action.actor, reason: action.reason } },
    event: {
      breaker: 'KILL_SWITCH',
      from,
      to,
      at: now,
      actor: action.actor,
      reason: action.reason,
      measured: null,
      limit: null,
    },
  };
}

export interface GateOrder {
  /** True when the order increases exposure (opens or adds); false when it only reduces it. */
  opensRisk: boolean;
  /** Explicit flatten/close order, the only kind the kill switch lets through. */
  flatten?: boolean;
  /** Order size as a fraction of the normal size (default 1), checked against half-open limits. */
  sizeFraction?: number;
}

export interface GateResult {
  allowed: boolean;
  blockedBy: BreakerId[];
}

/**
 * Open breakers block risk-opening orders and let closing ones through; half-open ones do the same
 * except risk-opening orders no larger than `halfOpenMaxSizeFraction`. The kill switch blocks
 * everything but non-opening orders marked `flatten`.
 */
export function gate(state: BreakerSet, order: GateOrder): GateResult {
  const blockedBy: BreakerId[] = [];
  if (state.killSwitch.engaged && !(order.flatten === true && !order.opensRisk))
    blockedBy.push('KILL_SWITCH');
  if (order.opensRisk) {
    const size = order.sizeFraction ?? 1;
    for (const b of state.breakers) {
      if (b.status === 'open') blockedBy.push(b.config.kind);
      else if (b.status === 'half-open') {
        const max = b.config.halfOpenMaxSizeFraction ?? 0;
        if (!(max > 0 && size <= max)) blockedBy.push(b.config.kind);
      }
    }
  }
  return { allowed: blockedBy.length === 0, blockedBy };
}
