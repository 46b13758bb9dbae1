/**
 * The read side of the model registry for learned (ONNX) versions: detail DTOs with the
 * training window, listing by name, lineage, the ONNX artifact with its sha256 verified on
 * every read, and a one-query champion lookup the inference service polls.
 * The write side (createOnnxModelVersion) lives in models-repository.ts next to createVersion,
 * which shares its version numbering and lock.
 */
import { createHash } from 'node:crypto';
import { AppError, type ModelVersionDetail } from '@zomma/contracts';
import type { Db, Tx } from '../client.ts';
import { toVersionDto, VERSION_SELECT } from './model-mapper.ts';
import { isUuid } from './signal-mapper.ts';

export type { ModelVersionDetail };

/** The bytes of an ONNX version, already checked against the stored sha256. */
export interface OnnxArtifact {
  id: string;
  name: string;
  version: number;
  sha256: string;
  onnx: Uint8Array;
}

/** Where the champion alias of a model name points. */
export interface ChampionRef {
  versionId: string;
  version: number;
}

/** Longest parent chain `lineage` follows; real chains are a handful of retrains long. */
export const MAX_LINEAGE_DEPTH = 1000;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** BAD_INPUT unless the window is absent (both null) or complete and ordered. */
export function checkTrainingWindow(from: Date | null | undefined, to: Date | null | undefined): void {
  if (from == null && to == null) return;
  if (!(from instanceof Date) || !(to instanceof Date)) {
    throw new AppError('BAD_INPUT', 'give both trainedFrom and trainedTo, or neither');
  }
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw new AppError('BAD_INPUT', 'trainedFrom and trainedTo must be valid dates');
  }
  if (from.getTime() > to.getTime()) {
    throw new AppError('BAD_INPUT', 'trainedFrom must not be after trainedTo', {
      trainedFrom: from.toISOString(),
      trainedTo: to.toISOString(),
    });
  }
}

/** BAD_INPUT for a metric that is not a finite number (JSON would turn NaN into null silently). */
export function checkMetrics(metrics: Record<string, number>): void {
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new AppError('BAD_INPUT', `metric ${key} must be a finite number`, { metric: key });
    }
  }
}

export function createModelRegistry(db: Db) {
  const { prisma } = db;

  return {
    /** Every version of `name`, newest first, with metrics and training window; [] for an unknown name. */
    async versions(name: string): Promise<ModelVersionDetail[]> {
      const rows = await prisma.modelVersion.findMany({
        where: { name },
        orderBy: { version: 'desc' },
        select: VERSION_SELECT,
      });
      return rows.map(toVersionDto);
    },

    /** One version by id; MODEL_NOT_FOUND when there is none. */
    async version(id: string): Promise<ModelVersionDetail> {
      const row = isUuid(id)
        ? await prisma.modelVersion.findUnique({ where: { id }, select: VERSION_SELECT })
        : null;
      if (!row) throw new AppError('MODEL_NOT_FOUND', `model version ${id} not found`);
      return toVersionDto(row);
    },

    /**
     * The ONNX bytes of a version, verified against the stored sha256. MODEL_NOT_FOUND for an
     * unknown id or a version that is not ONNX; CORRUPT_DATA when the bytes are missing or do
     * not hash to the recorded sha256 (never retried: re-reading returns the same bytes).
     */
    async onnxArtifact(id: string): Promise<OnnxArtifact> {
      const row = isUuid(id)
        ? await prisma.modelVersion.findUnique({
            where: { id },
            select: { id: true, name: true, version: true, kind: true, sha256: true, onnx: true },
          })
        : null;
      if (!row) throw new AppError('MODEL_NOT_FOUND', `model version ${id} not found`);
      const ref = { id: row.id, name: row.name, version: row.version };
      if (row.kind !== 'ONNX') {
        throw new AppError('MODEL_NOT_FOUND', `${row.name} v${row.version} is ${row.kind}, not ONNX`, ref);
      }
      if (!row.onnx || row.onnx.byteLength === 0) {
        throw new AppError('CORRUPT_DATA', `${row.name} v${row.version} has no ONNX bytes`, ref);
      }
      const actual = sha256Hex(row.onnx);
      if (actual !== row.sha256) {
        throw new AppError('CORRUPT_DATA', `${row.name} v${row.version}: ONNX bytes do not match sha256`, {
          ...ref,
          expected: row.sha256,
          actual,
        });
      }
      return { ...ref, sha256: row.sha256, onnx: row.onnx };
    },

    /**
     * The version and its ancestors, child first: [v, parent(v), parent(parent(v)), …].
     * One recursive query for the chain, one for the rows. MODEL_NOT_FOUND for an unknown id.
     */
    async lineage(id: string): Promise<ModelVersionDetail[]> {
      if (!isUuid(id)) throw new AppError('MODEL_NOT_FOUND', `model version ${id} not found`);
      const chain = await prisma.$queryRaw<{ id: string; depth: number }[]>`
        WITH RECURSIVE chain(id, "parentId", depth) AS (
          SELECT id, "parentId", 0 FROM "ModelVersion" WHERE id = ${id}::uuid
          UNION ALL
          SELECT m.id, m."parentId", c.depth + 1
          FROM "ModelVersion" m JOIN chain c ON m.id = c."parentId"
          WHERE c.depth < ${MAX_LINEAGE_DEPTH}
        )
        SELECT id::text AS id, depth FROM chain ORDER BY depth`;
      if (chain.length === 0) throw new AppError('MODEL_NOT_FOUND', `model version ${id} not found`);
      const rows = await prisma.modelVersion.findMany({
        where: { id: { in: chain.map((c) => c.id) } },
        select: VERSION_SELECT,
      });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return chain.flatMap((c) => {
        const row = byId.get(c.id);
        return row ? [toVersionDto(row)] : [];
      });
    },

    /** Champion of each name that has one (names without a champion are absent). One query. */
    async championRefs(names: readonly string[]): Promise<Map<string, ChampionRef>> {
      if (names.length === 0) return new Map();
      const rows = await prisma.modelAlias.findMany({
        where: { alias: 'champion', name: { in: [...names] } },
        select: { name: true, modelVersionId: true, modelVersion: { select: { version: true } } },
      });
      return new Map(
        rows.map((r) => [r.name, { versionId: r.modelVersionId, version: r.modelVersion.version }]),
      );
    },
  };
}

/** True when `parentId` names an existing version (checked inside the creating transaction). */
export async function parentExists(tx: Tx, parentId: string): Promise<boolean> {
  if (!isUuid(parentId)) return false;
  return (await tx.modelVersion.count({ where: { id: parentId } })) === 1;
}
