import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the inference service reports; every series is labelled by model name. */
export interface InferenceMetrics {
  /** One observation per ORT run: how many requests it served. */
  observeBatch(name: string, size: number, runSeconds: number): void;
  /** One observation per request: predict() call to result (queueing + run). */
  observeRequest(name: string, outcome: 'ok' | 'bad_input' | 'error', seconds: number): void;
  /** The version number now answering requests for `name`. */
  setServingVersion(name: string, version: number): void;
  swapped(name: string): void;
  loadFailed(name: string, code: string): void;
}

/** Batch sizes in powers of two up to the default maximum batch (256) and beyond. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
/** Seconds: a single-row ORT run is ~20 µs here, a full batch well under 10 ms. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

/** Registers the inference series on `registry` (the worker's, see ../metrics.ts). */
export function createInferenceMetrics(registry: Registry): InferenceMetrics {
  const registers = [registry];
  const batchSize = new Histogram({
    name: 'zomma_worker_inference_batch_size',
    help: 'Requests served by one onnxruntime run, by model name',
    labelNames: ['name'] as const,
    buckets: BATCH_BUCKETS,
    registers,
  });
  const runSeconds = new Histogram({
    name: 'zomma_worker_inference_run_duration_seconds',
    help: 'Wall time of one onnxruntime run (a whole batch), by model name',
    labelNames: ['name'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const latency = new Histogram({
    name: 'zomma_worker_inference_request_duration_seconds',
    help: 'predict() call to result, batching wait included, by model name and outcome',
    labelNames: ['name', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const version = new Gauge({
    name: 'zomma_worker_inference_model_version',
    help: 'Version number of the model answering requests, by model name',
    labelNames: ['name'] as const,
    registers,
  });
  const swaps = new Counter({
    name: 'zomma_worker_inference_swaps_total',
    help: 'Times a newly loaded version replaced the one serving, by model name',
    labelNames: ['name'] as const,
    registers,
  });
  const loadFailures = new Counter({
    name: 'zomma_worker_inference_load_failures_total',
    help: 'Versions that failed to load (the previous one kept serving), by model name and error code',
    labelNames: ['name', 'code'] as const,
    registers,
  });
  return {
    observeBatch(name, size, seconds) {
      batchSize.observe({ name }, size);
      runSeconds.observe({ name }, seconds);
    },
    observeRequest(name, outcome, seconds) {
      latency.observe({ name, outcome }, seconds);
    },
    setServingVersion(name, v) {
      version.set({ name }, v);
    },
    swapped(name) {
      swaps.inc({ name });
    },
    loadFailed(name, code) {
      loadFailures.inc({ name, code });
    },
  };
}
