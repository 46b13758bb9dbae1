import { z } from 'zod';

export const AuditEvent = z.object({
  /** bigint sequence as a decimal string */
  seq: z.string().regex(/^\d+$/),
  at: z.date(),
  actorId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  data: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const ListAuditInput = z.object({
  action: z.string().max(100).optional(),
  actorEmail: z.string().max(200).optional(),
  entityType: z.string().max(100).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  /** Return events with seq below this (older), for paging. */
  beforeSeq: z.string().regex(/^\d+$/).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ListAuditInput = z.infer<typeof ListAuditInput>;

export const AuditVerifyResult = z.object({
  intact: z.boolean(),
  count: z.number().int().nonnegative(),
  /** First event whose hash or link does not verify. */
  brokenAtSeq: z.string().nullable(),
  reason: z.string().nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

/** Input to append an audit event (actor is filled from the session or 'system'). */
export const AuditActor = z.object({
  id: z.uuid().nullable(),
  email: z.string().nullable(),
  role: z.string().nullable(),
});
export type AuditActor = z.infer<typeof AuditActor>;
