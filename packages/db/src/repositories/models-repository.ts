import {
  AppError,
  type AuditActor,
  type ModelAliasEvent,
  ModelAliasName,
  type ModelOverview,
  type ModelVersion,
  type PromoteModelInput,
  type RollbackModelInput,
} from '@zomma/contracts';
import { toJsonValue } from '../canonical-json.ts';
import { type Db, inTransaction, type Tx } from '../client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { lockModelName } from '../locks.ts';
import type { AuditRepository } from './audit-repository.ts';
import { artifactSha256, toVersionDto, VERSION_SELECT } from './model-mapper.ts';
import {
  checkMetrics,
  checkTrainingWindow,
  createModelRegistry,
  type ModelVersionDetail,
  parentExists,
} from './model-registry.ts';
import { isUuid } from './signal-mapper.ts';

export interface CreateModelVersionInput {
  name: string;
  /** Next free version when omitted. */
  version?: number;
  kind: 'RULE' | 'ONNX' | (string & {});
  description: string;
  metrics: Record<string, number>;
  hyperparameters: Record<string, unknown>;
  onnx?: Uint8Array | null;
  parentId?: string | null;
  /** Training data window (inclusive); both or neither. */
  trainedFrom?: Date | null;
  trainedTo?: Date | null;
}

/** A learned version: the ONNX bytes (sha256 computed here) and its model card. */
export interface CreateOnnxModelVersionInput {
  name: string;
  /** Next free version when omitted. */
  version?: number;
  description: string;
  onnx: Uint8Array;
  /** Evaluation results; finite numbers only. */
  metrics: Record<string, number>;
  hyperparameters: Record<string, unknown>;
  /** First and last observation time of the training data (inclusive). */
  trainedFrom: Date;
  trainedTo: Date;
  /** The version this one was retrained or fine-tuned from; must exist. */
  parentId?: string | null;
}

type AliasAction = 'SEED' | 'PROMOTE' | 'ROLLBACK';

/** Moves (or creates) an alias and records the move; `at` strictly increases per name. */
export async function moveAlias(
  tx: Tx,
  m: {
    name: string;
    alias: ModelAliasName;
    toVersionId: string;
    action: AliasAction;
    actor: AuditActor;
    reason: string;
  },
): Promise<{ fromVersionId: string | null }> {
  const current = await tx.modelAlias.findUnique({
    where: { name_alias: { name: m.name, alias: m.alias } },
    select: { modelVersionId: true },
  });
  const last = await tx.modelAliasEvent.findFirst({
    where: { name: m.name },
    orderBy: { at: 'desc' },
    select: { at: true },
  });
  const now = new Date();
  const at = last && last.at.getTime() >= now.getTime() ? new Date(last.at.getTime() + 1) : now;
  await tx.modelAlias.upsert({
    where: { name_alias: { name: m.name, alias: m.alias } },
    create: {
      name: m.name,
      alias: m.alias,
      modelVersionId: m.toVersionId,
      updatedById: m.actor.id,
      reason: m.reason,
      updatedAt: at,
    },
    update: { modelVersionId: m.toVersionId, updatedById: m.actor.id, reason: m.reason, updatedAt: at },
  });
  await tx.modelAliasEvent.create({
    data: {
      name: m.name,
      alias: m.alias,
      fromVersionId: current?.modelVersionId ?? null,
      toVersionId: m.toVersionId,
      action: m.action,
      actorId: m.actor.id,
      reason: m.reason,
      at,
    },
  });
  return { fromVersionId: current?.modelVersionId ?? null };
}

export function createModelsRepository(db: Db, audit: AuditRepository) {
  const { prisma } = db;

  async function versionOf(client: Tx | Db['prisma'], id: string): Promise<ModelVersion> {
    const row = await client.modelVersion.findUnique({ where: { id }, select: VERSION_SELECT });
    if (!row) throw new AppError('MODEL_NOT_FOUND', `model version ${id} not found`);
    return toVersionDto(row);
  }

  async function championOf(client: Tx | Db['prisma'], name: string): Promise<ModelVersion> {
    const alias = await client.modelAlias.findUnique({
      where: { name_alias: { name, alias: 'champion' } },
      select: { modelVersionId: true },
    });
    if (!alias) throw new AppError('MODEL_NOT_FOUND', `model ${name} has no champion`, { name });
    return versionOf(client, alias.modelVersionId);
  }

  /** Inserts the next (or the given) version of a name under the model-name lock. */
  function insertVersion<S extends typeof VERSION_SELECT>(input: CreateModelVersionInput, select: S) {
    checkTrainingWindow(input.trainedFrom, input.trainedTo);
    return inTransaction(prisma, async (tx) => {
      await lockModelName(tx, input.name);
      if (input.parentId && !(await parentExists(tx, input.parentId))) {
        throw new AppError('MODEL_NOT_FOUND', `parent version ${input.parentId} not found`);
      }
      const top = await tx.modelVersion.findFirst({
        where: { name: input.name },
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      return tx.modelVersion.create({
        data: {
          name: input.name,
          version: input.version ?? (top?.version ?? 0) + 1,
          kind: input.kind,
          description: input.description,
          metrics: input.metrics,
          hyperparameters: toJsonValue(input.hyperparameters) as Prisma.InputJsonObject,
          onnx: input.onnx ? new Uint8Array(input.onnx) : null,
          sha256: artifactSha256(input),
          parentId: input.parentId ?? null,
          trainedFrom: input.trainedFrom ?? null,
          trainedTo: input.trainedTo ?? null,
        },
        select,
      });
    });
  }

  return {
    ...createModelRegistry(db),

    /** Every model name with its versions (newest first) and alias history (newest first). */
    async overview(): Promise<ModelOverview[]> {
      const [versions, events] = await Promise.all([
        prisma.modelVersion.findMany({
          orderBy: [{ name: 'asc' }, { version: 'desc' }],
          select: VERSION_SELECT,
        }),
        prisma.modelAliasEvent.findMany({
          orderBy: { at: 'desc' },
          select: {
            id: true,
            name: true,
            alias: true,
            action: true,
            fromVersionId: true,
            toVersionId: true,
            reason: true,
            at: true,
            actor: { select: { email: true } },
          },
        }),
      ]);
      const numberOf = new Map(versions.map((v) => [v.id, v.version]));
      const byName = new Map<string, ModelOverview>();
      for (const v of versions) {
        const entry = byName.get(v.name) ?? { name: v.name, versions: [], history: [] };
        entry.versions.push(toVersionDto(v));
        byName.set(v.name, entry);
      }
      for (const e of events) {
        const entry = byName.get(e.name);
        const alias = ModelAliasName.safeParse(e.alias);
        const toVersion = numberOf.get(e.toVersionId);
        if (!entry || !alias.success || toVersion === undefined) continue;
        if (e.action !== 'SEED' && e.action !== 'PROMOTE' && e.action !== 'ROLLBACK') continue;
        const event: ModelAliasEvent = {
          id: e.id,
          name: e.name,
          alias: alias.data,
          action: e.action,
          fromVersion: e.fromVersionId ? (numberOf.get(e.fromVersionId) ?? null) : null,
          toVersion,
          actorEmail: e.actor?.email ?? (e.action === 'SEED' ? 'system' : null),
          reason: e.reason,
          at: e.at,
        };
        entry.history.push(event);
      }
      return [...byName.values()];
    },

    champion: (name: string): Promise<ModelVersion> => championOf(prisma, name),

    async createVersion(input: CreateModelVersionInput): Promise<ModelVersion> {
      return toVersionDto(await insertVersion(input, VERSION_SELECT));
    },

    /**
     * Stores a learned version: kind ONNX, sha256 of the bytes computed here (and checked on
     * every `onnxArtifact` read). BAD_INPUT for empty bytes, a non-finite metric or a reversed
     * window; MODEL_NOT_FOUND for a parent that does not exist. Aliases are not touched.
     */
    async createOnnxModelVersion(input: CreateOnnxModelVersionInput): Promise<ModelVersionDetail> {
      if (!(input.onnx instanceof Uint8Array) || input.onnx.byteLength === 0) {
        throw new AppError('BAD_INPUT', 'an ONNX version needs non-empty ONNX bytes');
      }
      checkMetrics(input.metrics);
      return toVersionDto(await insertVersion({ ...input, kind: 'ONNX' }, VERSION_SELECT));
    },

    /**
     * The version becomes champion; the champion it replaces becomes challenger. Events
     * (PROMOTE) for both aliases and an audit `model.promote` with from/to versions.
     */
    async promote(actor: AuditActor, input: PromoteModelInput): Promise<ModelVersion> {
      return inTransaction(prisma, async (tx) => {
        await lockModelName(tx, input.name);
        const target = isUuid(input.versionId)
          ? await versionOf(tx, input.versionId).catch(() => null)
          : null;
        if (!target || target.name !== input.name) {
          throw new AppError('MODEL_NOT_FOUND', `model ${input.name} has no version ${input.versionId}`);
        }
        const champion = await championOf(tx, input.name).catch(() => null);
        if (champion?.id === target.id) {
          throw new AppError('CONFLICT', `${input.name} v${target.version} is already the champion`);
        }
        await moveAlias(tx, {
          name: input.name,
          alias: 'champion',
          toVersionId: target.id,
          action: 'PROMOTE',
          actor,
          reason: input.reason,
        });
        if (champion) {
          await moveAlias(tx, {
            name: input.name,
            alias: 'challenger',
            toVersionId: champion.id,
            action: 'PROMOTE',
            actor,
            reason: input.reason,
          });
        }
        await audit.append(tx, actor, {
          action: 'model.promote',
          entityType: 'ModelVersion',
          entityId: target.id,
          data: {
            name: input.name,
            fromVersion: champion?.version ?? null,
            toVersion: target.version,
            fromVersionId: champion?.id ?? null,
            toVersionId: target.id,
            reason: input.reason,
          },
        });
        return versionOf(tx, target.id);
      });
    },

    /**
     * Undo of the latest PROMOTE not already undone (a stack: promote v2, promote v3,
     * rollback → v2, rollback → v1). The demoted version becomes challenger.
     * NOTHING_TO_ROLL_BACK when no promotion is left to undo.
     */
    async rollback(actor: AuditActor, input: RollbackModelInput): Promise<ModelVersion> {
      return inTransaction(prisma, async (tx) => {
        await lockModelName(tx, input.name);
        const events = await tx.modelAliasEvent.findMany({
          where: { name: input.name, alias: 'champion' },
          orderBy: { at: 'desc' },
          select: { action: true, fromVersionId: true },
        });
        let pendingUndos = 0;
        let target: string | null = null;
        for (const e of events) {
          if (e.action === 'ROLLBACK') pendingUndos += 1;
          else if (e.action === 'PROMOTE') {
            if (pendingUndos > 0) pendingUndos -= 1;
            else {
              target = e.fromVersionId;
              break;
            }
          } else break;
        }
        if (!target)
          throw new AppError('NOTHING_TO_ROLL_BACK', `model ${input.name} has no promotion to roll back`);
        const demoted = await championOf(tx, input.name);
        await moveAlias(tx, {
          name: input.name,
          alias: 'champion',
          toVersionId: target,
          action: 'ROLLBACK',
          actor,
          reason: input.reason,
        });
        await moveAlias(tx, {
          name: input.name,
          alias: 'challenger',
          toVersionId: demoted.id,
          action: 'ROLLBACK',
          actor,
          reason: input.reason,
        });
        const restored = await versionOf(tx, target);
        await audit.append(tx, actor, {
          action: 'model.rollback',
          entityType: 'ModelVersion',
          entityId: restored.id,
          data: {
            name: input.name,
            fromVersion: demoted.version,
            toVersion: restored.version,
            fromVersionId: demoted.id,
            toVersionId: restored.id,
            reason: input.reason,
          },
        });
        return restored;
      });
    },
  };
}

export type ModelsRepository = ReturnType<typeof createModelsRepository>;

export { artifactSha256 };
