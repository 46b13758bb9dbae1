/**
 * Serves the champion ONNX version of each model name.
 *
 * - Load: the first predict(name) reads the champion alias, fetches the artifact (sha256
 *   verified by the repository) and opens a session with createSession; concurrent first
 *   calls share that load.
 * - Hot swap: the web process moves aliases in Postgres and nothing tells the worker, so the
 *   service polls the aliases of the names it serves (one indexed query for all names, every
 *   pollIntervalMs) and `refresh(names)` does the same on demand — a handler that must use
 *   the champion as of now calls it first (one query when nothing moved). LISTEN/NOTIFY would
 *   need a trigger migration and a dedicated connection outside Prisma's pool, and still a
 *   poll to cover missed notifications; polling alone is simpler and cheap.
 *   A moved alias loads the new version in the background while the old one keeps serving;
 *   when it is ready the switch is one assignment (requests queued before it complete on the
 *   old session, later ones go to the new); the old session is released once idle. A load that
 *   fails keeps the old version serving, logs, and counts `load_failures_total`; a failure that
 *   cannot heal (CORRUPT_DATA, an unservable model) is not retried for that version.
 * - Batching: see model-slot.ts.
 */
import { performance } from 'node:perf_hooks';
import { AppError, isAppError } from '@zomma/contracts';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import { createInferenceMetrics, type InferenceMetrics } from './inference-metrics.ts';
import { createSession, type InferenceSession, servingSignature } from './ml.ts';
import { type BatchingOptions, ModelSlot, type Prediction, type ServedModel } from './model-slot.ts';

/** What the service needs from the registry; `repos.models` provides it. */
export interface ModelSource {
  championRefs(names: readonly string[]): Promise<Map<string, { versionId: string; version: number }>>;
  onnxArtifact(
    versionId: string,
  ): Promise<{ id: string; name: string; version: number; sha256: string; onnx: Uint8Array }>;
}

export interface InferenceServiceOptions {
  models: ModelSource;
  log: Logger;
  /** Where the inference metrics are registered (the worker's registry). */
  registry: Registry;
  /** Alias poll period in ms; 0 disables polling (refresh() only). Default 2000. */
  pollIntervalMs?: number;
  /** Default 256. */
  maxBatchSize?: number;
  /** Default 0 (flush on setImmediate). */
  batchWindowMs?: number;
  /** Opens a session from verified bytes; default createSession (cpu, one thread). */
  loadSession?: (bytes: Uint8Array) => Promise<InferenceSession>;
}

export type RefreshStatus =
  /** The champion is the version serving. */
  | 'unchanged'
  /** A new version now serves (or, on first load, serves at all). */
  | 'swapped'
  /** Loading the champion failed; the previous version (if any) keeps serving. */
  | 'failed'
  /** The alias moved again while loading; the loaded version was dropped. */
  | 'superseded'
  /** The name has no champion; the previous version (if any) keeps serving. */
  | 'no-champion';

export interface RefreshOutcome {
  name: string;
  status: RefreshStatus;
  /** The champion version id observed. */
  versionId?: string;
  error?: AppError;
}

export interface ServingStatus {
  name: string;
  serving: ServedModel | null;
  /** Latest champion observed; differs from serving.id while a load runs or after it failed. */
  championVersionId: string | null;
  lastError: AppError | null;
}

export interface InferenceService {
  /** The champion's answer for one row of features (BAD_INPUT on a wrong width or a non-finite value). */
  predict(name: string, features: ArrayLike<number>): Promise<Prediction>;
  /** Re-reads the champions of `names` (default: every name served) and swaps where they moved. */
  refresh(names?: readonly string[]): Promise<RefreshOutcome[]>;
  status(): ServingStatus[];
  /** Stops polling, lets queued requests finish, releases every session. */
  close(): Promise<void>;
}

interface NameState {
  name: string;
  current: ModelSlot | null;
  /** Latest champion version id observed (the version the service converges to). */
  target: string | null;
  /** Sequence number of the alias read that set `target` (an older read never overrides it). */
  observedSeq: number;
  /** Load in progress per version id. */
  loads: Map<string, Promise<RefreshOutcome>>;
  /** Versions whose load failed for good: not retried. */
  deadVersions: Map<string, AppError>;
  lastError: AppError | null;
}

/** Errors a retry cannot fix: the bytes or the model are what they are. */
function isPermanent(e: AppError): boolean {
  return e.code === 'CORRUPT_DATA' || e.code === 'BAD_INPUT' || e.code === 'MODEL_NOT_FOUND';
}

function toAppError(e: unknown, message: string): AppError {
  return isAppError(e) ? e : new AppError('INTERNAL', message, undefined, { cause: e });
}

export function createInferenceService(options: InferenceServiceOptions): InferenceService {
  const { models, log } = options;
  const loadSession = options.loadSession ?? createSession;
  const batching: BatchingOptions = {
    maxBatchSize: options.maxBatchSize ?? 256,
    batchWindowMs: options.batchWindowMs ?? 0,
  };
  const metrics: InferenceMetrics = createInferenceMetrics(options.registry);
  const states = new Map<string, NameState>();
  const firstLoads = new Map<string, Promise<void>>();
  let readSeq = 0;
  let closed = false;
  let polling: Promise<unknown> | null = null;

  function stateOf(name: string): NameState {
    let s = states.get(name);
    if (!s) {
      s = {
        name,
        current: null,
        target: null,
        observedSeq: 0,
        loads: new Map(),
        deadVersions: new Map(),
        lastError: null,
      };
      states.set(name, s);
    }
    return s;
  }

  /** Fetches, verifies and opens `versionId`; never touches what is serving. */
  async function openSlot(name: string, versionId: string): Promise<ModelSlot> {
    const artifact = await models.onnxArtifact(versionId); // CORRUPT_DATA on a sha mismatch
    if (artifact.name !== name) {
      throw new AppError('CORRUPT_DATA', `champion of ${name} points at a version of ${artifact.name}`);
    }
    const model: ServedModel = {
      id: artifact.id,
      name,
      version: artifact.version,
      kind: 'ONNX',
      sha256: artifact.sha256,
    };
    let session: InferenceSession;
    try {
      session = await loadSession(artifact.onnx);
    } catch (cause) {
      throw new AppError(
        'BAD_INPUT',
        `${name} v${model.version}: onnxruntime cannot load it`,
        { ...model },
        { cause },
      );
    }
    const sig = servingSignature(session);
    if (!sig.ok) {
      await session.release().catch(() => {});
      throw new AppError('BAD_INPUT', `${name} v${model.version} cannot be served: ${sig.reason}`, {
        ...model,
      });
    }
    return new ModelSlot(model, session, sig.signature, batching, metrics, log);
  }

  /** Loads `versionId` for `state` (one load per version at a time) and switches to it if still wanted. */
  function load(state: NameState, versionId: string): Promise<RefreshOutcome> {
    const running = state.loads.get(versionId);
    if (running) return running;
    const { name } = state;
    const task = (async (): Promise<RefreshOutcome> => {
      let slot: ModelSlot;
      try {
        slot = await openSlot(name, versionId);
      } catch (e) {
        const error = toAppError(e, `${name}: loading ${versionId} failed`);
        if (isPermanent(error)) state.deadVersions.set(versionId, error);
        state.lastError = error;
        metrics.loadFailed(name, error.code);
        log.error(
          { err: error, name, versionId, serving: state.current?.model ?? null },
          'model load failed; the previous version keeps serving',
        );
        return { name, status: 'failed', versionId, error };
      }
      if (closed || state.target !== versionId) {
        await slot.retire();
        return { name, status: 'superseded', versionId };
      }
      const previous = state.current;
      state.current = slot; // the switch: predict() reads `current` synchronously
      state.lastError = null;
      metrics.setServingVersion(name, slot.model.version);
      if (previous) metrics.swapped(name);
      log.info({ name, from: previous?.model ?? null, to: slot.model }, 'model version serving');
      if (previous) void previous.retire();
      return { name, status: 'swapped', versionId };
    })().finally(() => state.loads.delete(versionId));
    state.loads.set(versionId, task);
    return task;
  }

  async function refresh(names?: readonly string[]): Promise<RefreshOutcome[]> {
    if (closed) return [];
    const wanted = [...new Set(names ?? [...states.keys()])];
    if (wanted.length === 0) return [];
    const seq = ++readSeq;
    const refs = await models.championRefs(wanted);
    return Promise.all(
      wanted.map(async (name): Promise<RefreshOutcome> => {
        const state = stateOf(name);
        if (seq < state.observedSeq) return { name, status: 'unchanged' }; // a newer read already applied
        state.observedSeq = seq;
        const ref = refs.get(name);
        if (!ref) {
          log.warn({ name, serving: state.current?.model ?? null }, 'model has no champion');
          return { name, status: 'no-champion' };
        }
        state.target = ref.versionId;
        if (state.current?.model.id === ref.versionId)
          return { name, status: 'unchanged', versionId: ref.versionId };
        const dead = state.deadVersions.get(ref.versionId);
        if (dead) return { name, status: 'failed', versionId: ref.versionId, error: dead };
        return load(state, ref.versionId);
      }),
    );
  }

  /** First use of a name: load its champion before the first request; shared by concurrent callers. */
  function ensureServing(name: string): Promise<void> {
    let pending = firstLoads.get(name);
    if (!pending) {
      pending = (async () => {
        const [outcome] = await refresh([name]);
        const state = stateOf(name);
        if (state.current) return;
        // Forget a name that never served (an unknown name must not join every poll for good).
        if (state.loads.size === 0) states.delete(name);
        if (outcome?.error) throw outcome.error;
        throw new AppError('MODEL_NOT_FOUND', `model ${name} has no servable champion`, { name });
      })().finally(() => firstLoads.delete(name));
      firstLoads.set(name, pending);
    }
    return pending;
  }

  const timer =
    (options.pollIntervalMs ?? 2000) > 0
      ? setInterval(() => {
          if (polling || closed || states.size === 0) return;
          polling = refresh()
            .catch((err: unknown) => log.warn({ err }, 'model alias poll failed'))
            .finally(() => {
              polling = null;
            });
        }, options.pollIntervalMs ?? 2000)
      : null;
  timer?.unref();

  return {
    async predict(name, features) {
      const startedAt = performance.now();
      if (closed) throw new AppError('INTERNAL', 'the inference service is closed');
      let slot = states.get(name)?.current;
      if (!slot) {
        await ensureServing(name);
        slot = states.get(name)?.current;
        if (!slot || closed) throw new AppError('INTERNAL', 'the inference service is closed');
      }
      return slot.predict(features, startedAt);
    },

    refresh,

    status() {
      return [...states.values()].map((s) => ({
        name: s.name,
        serving: s.current?.model ?? null,
        championVersionId: s.target,
        lastError: s.lastError,
      }));
    },

    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await polling;
      const loads = [...states.values()].flatMap((s) => [...s.loads.values()]);
      await Promise.allSettled(loads); // each sees `closed` and releases what it opened
      await Promise.all([...states.values()].map((s) => s.current?.retire()));
    },
  };
}
