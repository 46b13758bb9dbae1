/**
 * Registers the learned signal model as version 3 of the demo model (kind ONNX, parent v2, no
 * alias: the demo's champion and challenger stay the rules v1 and v2, which the e2e admin journey
 * promotes and rolls back). Trained here with a fixed seed (~1 s), so every database gets the same
 * bytes (same sha256).
 *
 * Why here and not in packages/db/src/seed.ts: db depends on Prisma only (STYLE.md layering) and
 * cannot import @zomma/ml. The scripts are the composition root that already wires db for
 * `npm start`, the e2e global setup and the compose `migrate` service (all via prepareDatabase).
 *
 * Idempotent: nothing happens when the name already has a version 3 (whatever it is) or lacks
 * the seeded v2. A concurrent seed that wins the race makes the loser's insert fail on the
 * (name, version) key; that is also "already there".
 */
import { createRepositories, type Db, DEMO_MODEL_NAME } from '@zomma/db';
import { trainSignalModel } from '@zomma/ml/signal-model';

/** The seed every database's v3 is trained with. */
export const SIGNAL_MODEL_SEED = 20260301;
export const SIGNAL_MODEL_VERSION = 3;

export type SeedSignalModelResult =
  | { created: true; versionId: string; trainMs: number }
  | { created: false; reason: 'exists' | 'no parent' };

export async function seedSignalModel(db: Db): Promise<SeedSignalModelResult> {
  const { models } = createRepositories(db);
  const versions = await models.versions(DEMO_MODEL_NAME);
  if (versions.some((v) => v.version === SIGNAL_MODEL_VERSION)) return { created: false, reason: 'exists' };
  const parent = versions.find((v) => v.version === SIGNAL_MODEL_VERSION - 1);
  if (!parent) return { created: false, reason: 'no parent' };
  const started = performance.now();
  const trained = trainSignalModel({ seed: SIGNAL_MODEL_SEED });
  const trainMs = performance.now() - started;
  try {
    const v = await models.createOnnxModelVersion({
      name: DEMO_MODEL_NAME,
      version: SIGNAL_MODEL_VERSION,
      description: trained.description,
      onnx: trained.onnx,
      metrics: trained.metrics,
      hyperparameters: trained.hyperparameters,
      trainedFrom: trained.trainedFrom,
      trainedTo: trained.trainedTo,
      parentId: parent.id,
    });
    return { created: true, versionId: v.id, trainMs };
  } catch (e) {
    const now = await models.versions(DEMO_MODEL_NAME);
    if (now.some((v) => v.version === SIGNAL_MODEL_VERSION)) return { created: false, reason: 'exists' };
    throw e;
  }
}
