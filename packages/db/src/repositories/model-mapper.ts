import { createHash } from 'node:crypto';
import { ModelAliasName, type ModelVersion } from '@zomma/contracts';
import { canonicalJson } from '../canonical-json.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export const VERSION_SELECT = {
  id: true,
  name: true,
  version: true,
  kind: true,
  description: true,
  metrics: true,
  hyperparameters: true,
  sha256: true,
  parentId: true,
  createdAt: true,
  trainedFrom: true,
  trainedTo: true,
  aliases: { select: { alias: true } },
} as const satisfies Prisma.ModelVersionSelect;

type VersionRow = Prisma.ModelVersionGetPayload<{ select: typeof VERSION_SELECT }>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function toVersionDto(r: VersionRow): ModelVersion {
  const metrics: Record<string, number> = {};
  if (isRecord(r.metrics)) {
    for (const [k, v] of Object.entries(r.metrics)) if (typeof v === 'number') metrics[k] = v;
  }
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    kind: r.kind,
    description: r.description,
    metrics,
    hyperparameters: isRecord(r.hyperparameters) ? r.hyperparameters : {},
    sha256: r.sha256,
    parentId: r.parentId,
    createdAt: r.createdAt,
    aliases: r.aliases
      .map((a) => ModelAliasName.safeParse(a.alias))
      .flatMap((p) => (p.success ? [p.data] : []))
      .sort(),
    trainedFrom: r.trainedFrom,
    trainedTo: r.trainedTo,
  };
}

/** sha256 of a model artifact: the ONNX bytes, or the canonical JSON of a RULE's parameters. */
export function artifactSha256(artifact: { onnx?: Uint8Array | null; hyperparameters: unknown }): string {
  const h = createHash('sha256');
  if (artifact.onnx) h.update(artifact.onnx);
  else h.update(canonicalJson(artifact.hyperparameters));
  return h.digest('hex');
}
