/**
 * The worker's side of the learned signal model: its imports from @zomma/ml in one place, and the
 * parsed artifact (features, classes, strategy, GBDT for TreeSHAP) of each served version.
 */
import { AppError } from '@zomma/contracts';
import { readSignalArtifact, type SignalArtifact } from '@zomma/ml/signal-model';
import type { ServedModel } from './inference/model-slot.ts';

export {
  chosenClass,
  computeFeatures,
  explain,
  LOOKBACK_RETURNS as SIGNAL_MODEL_LOOKBACK,
  proposeFromPrediction,
  type QuotePoint,
  type SignalArtifact,
  type SignalModelExplanation,
} from '@zomma/ml/signal-model';

/** Parsed artifacts by sha256 (a version's bytes never change; the sha names them). */
const cache = new Map<string, SignalArtifact>();
/** Versions kept parsed: the champion, the one it replaced, and a few more. Each is ~1 MB parsed. */
const CACHE_SIZE = 4;

export interface ArtifactSource {
  onnxArtifact(versionId: string): Promise<{ id: string; sha256: string; onnx: Uint8Array }>;
}

/**
 * The signal-model artifact of the version that answered. The bytes come from the registry
 * (sha256 verified there) and must be the ones the inference service loaded (same sha256).
 * BAD_INPUT when the version is not a signal model (retrying cannot change its bytes).
 */
export async function servedSignalArtifact(
  source: ArtifactSource,
  served: ServedModel,
): Promise<SignalArtifact> {
  const hit = cache.get(served.sha256);
  if (hit) return hit;
  const bytes = await source.onnxArtifact(served.id);
  if (bytes.sha256 !== served.sha256) {
    throw new AppError(
      'CORRUPT_DATA',
      `${served.name} v${served.version}: artifact sha256 changed while serving`,
      {
        expected: served.sha256,
        actual: bytes.sha256,
      },
    );
  }
  const read = readSignalArtifact(bytes.onnx);
  if (!read.ok) {
    throw new AppError(
      'BAD_INPUT',
      `${served.name} v${served.version} is not a signal model: ${read.reason}`,
      {
        versionId: served.id,
      },
    );
  }
  if (cache.size >= CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(served.sha256, read.artifact);
  return read.artifact;
}
