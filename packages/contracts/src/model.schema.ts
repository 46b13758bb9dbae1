import { z } from 'zod';
import { Reason, Uuid } from './common.schema.ts';

/** The model version a signal or prediction cites. */
export const ModelRef = z.object({
  id: z.uuid(),
  name: z.string(),
  version: z.number().int(),
  kind: z.string(),
});
export type ModelRef = z.infer<typeof ModelRef>;

export const ModelAliasName = z.enum(['champion', 'challenger']);
export type ModelAliasName = z.infer<typeof ModelAliasName>;

export const ModelVersion = z.object({
  id: z.uuid(),
  name: z.string(),
  version: z.number().int().positive(),
  kind: z.string(),
  description: z.string(),
  metrics: z.record(z.string(), z.number()),
  hyperparameters: z.record(z.string(), z.unknown()),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  parentId: z.uuid().nullable(),
  createdAt: z.date(),
  aliases: z.array(ModelAliasName),
  /** First and last observation time of the training data (inclusive); null for RULE kinds. */
  trainedFrom: z.date().nullable(),
  trainedTo: z.date().nullable(),
});
export type ModelVersion = z.infer<typeof ModelVersion>;

export const ModelAliasEvent = z.object({
  id: z.uuid(),
  name: z.string(),
  alias: ModelAliasName,
  action: z.enum(['SEED', 'PROMOTE', 'ROLLBACK']),
  fromVersion: z.number().int().nullable(),
  toVersion: z.number().int(),
  actorEmail: z.string().nullable(),
  reason: z.string(),
  at: z.date(),
});
export type ModelAliasEvent = z.infer<typeof ModelAliasEvent>;

export const ModelOverview = z.object({
  name: z.string(),
  versions: z.array(ModelVersion),
  history: z.array(ModelAliasEvent),
});
export type ModelOverview = z.infer<typeof ModelOverview>;

export const PromoteModelInput = z.object({
  name: z.string().min(1).max(100),
  versionId: Uuid,
  reason: Reason,
});
export type PromoteModelInput = z.infer<typeof PromoteModelInput>;

export const RollbackModelInput = z.object({ name: z.string().min(1).max(100), reason: Reason });
export type RollbackModelInput = z.infer<typeof RollbackModelInput>;
