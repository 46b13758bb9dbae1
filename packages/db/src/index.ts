export { type CreateDbOptions, createDb, type Db, type Tx } from './client.ts';
export { decimalString } from './decimal.ts';
export { applyFill, type FillInput, type PositionState, unrealizedPnl } from './position-math.ts';
export {
  type ApproveContext,
  type ApproveSignalArgs,
  type ApproveSignalResult,
  breachMessage,
  clientOrderIdFor,
} from './repositories/approve-signal.ts';
export {
  AUDIT_GENESIS_HASH,
  type AuditEntry,
  auditHash,
  SYSTEM_ACTOR,
} from './repositories/audit-repository.ts';
export { createRepositories, type Repositories } from './repositories/index.ts';
export type { Quote } from './repositories/market-repository.ts';
export type { ChampionRef, OnnxArtifact } from './repositories/model-registry.ts';
export {
  artifactSha256,
  type CreateModelVersionInput,
  type CreateOnnxModelVersionInput,
} from './repositories/models-repository.ts';
export type { BookFill, OrderLegDto, OrderWithLegs } from './repositories/orders-repository.ts';
export type { PositionMark } from './repositories/positions-repository.ts';
export type { SignalDraft } from './repositories/signals-repository.ts';
export type { SimBrokerRecord } from './repositories/sim-broker-repository.ts';
export type { UserForSignIn, UserSummary } from './repositories/users-repository.ts';
export {
  DEMO_LIMITS,
  DEMO_MODEL_NAME,
  DEMO_PASSWORD,
  DEMO_USERS,
  type SeedResult,
  seedDemo,
} from './seed.ts';
