/** @zomma/engine/breakers: circuit breakers, kill switch and the order gate (pure state machines). */

export {
  type Actor,
  type BreakerEvent,
  type BreakerFailure,
  type BreakerId,
  type BreakerSet,
  type BreakerState,
  type BreakerStatus,
  createBreakerSet,
  evaluate,
  type GateOrder,
  type GateResult,
  gate,
  type HumanAction,
  type HumanActionResult,
  type KillSwitch,
  resetBreaker,
  setKillSwitch,
  tripBreaker,
} from './machine.ts';
export {
  type BreakerCommon,
  type BreakerConfig,
  type BreakerKind,
  type BreakerRule,
  type Measurement,
  measure,
  type Observation,
  type OrderOutcome,
  type Probation,
} from './measure.ts';
