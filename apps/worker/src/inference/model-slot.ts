/**
 * One loaded model version: its onnxruntime session and the batcher in front of it.
 *
 * Batching: requests queue here; the queue is flushed by `setImmediate` (batchWindowMs 0: every
 * request made in the same event-loop turn — e.g. a Promise.all over symbols — shares one run,
 * and a lone request waits only until the loop's check phase, a few µs) or by a timer
 * (batchWindowMs > 0: also gathers requests from separate I/O events, at the cost of that wait),
 * or at once when maxBatchSize requests are queued. One flush makes ceil(n / maxBatchSize)
 * ORT runs; rows are stacked along the batch dimension and each output is split back by row.
 *
 * Lifetime: `retire()` (the service calls it after a newer version took over) flushes the queue
 * on this session at once — requests already queued here complete here — and releases the
 * session only when no run is in flight. onnxruntime-node runs a session synchronously inside
 * a setImmediate callback after `run()` returns its promise, so releasing earlier would make
 * those runs fail on a disposed session.
 */
import { performance } from 'node:perf_hooks';
import { AppError } from '@zomma/contracts';
import type { Logger } from '../logger.ts';
import type { InferenceMetrics } from './inference-metrics.ts';
import {
  checkRow,
  f32,
  f64,
  type InferenceSession,
  type ServingSignature,
  splitRows,
  stackRows,
} from './ml.ts';

/** Which artifact answered: mirrors `PredictionModel` in @zomma/contracts (src/ml). */
export interface ServedModel {
  id: string;
  name: string;
  version: number;
  kind: 'ONNX';
  sha256: string;
}

export interface Prediction {
  model: ServedModel;
  /** This request's row of the first output (e.g. [score] for a [batch, 1] output). */
  output: number[];
  /** This request's row of every output, by output name. */
  outputs: Record<string, number[]>;
}

export interface BatchingOptions {
  /** Most requests per ORT run. */
  maxBatchSize: number;
  /** 0: flush on setImmediate; > 0: flush this many ms after the first queued request. */
  batchWindowMs: number;
}

interface Pending {
  features: ArrayLike<number>;
  startedAt: number;
  resolve(p: Prediction): void;
  reject(e: unknown): void;
}

export class ModelSlot {
  private queue: Pending[] = [];
  private timer: NodeJS.Immediate | NodeJS.Timeout | null = null;
  private runningBatches = 0;
  private retired = false;
  private releasing = false;
  private readonly released: Promise<void>;
  private markReleased: () => void = () => {};

  constructor(
    readonly model: ServedModel,
    private readonly session: InferenceSession,
    readonly signature: ServingSignature,
    private readonly opts: BatchingOptions,
    private readonly metrics: InferenceMetrics,
    private readonly log: Logger,
  ) {
    this.released = new Promise((resolve) => {
      this.markReleased = resolve;
    });
  }

  /** Requests queued or in a running batch. */
  get inFlight(): number {
    return this.queue.length + this.runningBatches;
  }

  /** Validates the row (BAD_INPUT) and queues it for the next batch. */
  predict(features: ArrayLike<number>, startedAt = performance.now()): Promise<Prediction> {
    const { name } = this.model;
    if (this.retired) {
      // The service only queues on its current slot; reaching this is a bug, not a user error.
      return Promise.reject(new AppError('INTERNAL', `${name} v${this.model.version} is retired`));
    }
    const { width, dtype } = this.signature.input;
    const check = checkRow(features, width, dtype);
    if (!check.ok) {
      this.metrics.observeRequest(name, 'bad_input', (performance.now() - startedAt) / 1000);
      return Promise.reject(
        new AppError('BAD_INPUT', `${name}: ${check.reason}`, {
          name,
          version: this.model.version,
          width,
          ...(check.index === undefined ? {} : { index: check.index }),
        }),
      );
    }
    return new Promise<Prediction>((resolve, reject) => {
      this.queue.push({ features, startedAt, resolve, reject });
      if (this.queue.length >= this.opts.maxBatchSize) this.flush();
      else if (!this.timer) {
        this.timer =
          this.opts.batchWindowMs > 0
            ? setTimeout(this.flush, this.opts.batchWindowMs)
            : setImmediate(this.flush);
      }
    });
  }

  /**
   * No new requests; queued and running ones finish on this session, which is then released.
   * Resolves once released.
   */
  retire(): Promise<void> {
    this.retired = true;
    // Nothing can join the queue any more: waiting out the window would only add latency.
    if (this.queue.length > 0) this.flush();
    this.releaseWhenIdle();
    return this.released;
  }

  private readonly flush = (): void => {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
    while (this.queue.length > 0) void this.runBatch(this.queue.splice(0, this.opts.maxBatchSize));
  };

  private async runBatch(batch: Pending[]): Promise<void> {
    const { name } = this.model;
    const { input, outputs } = this.signature;
    const n = batch.length;
    this.runningBatches += 1;
    try {
      const data = stackRows(
        batch.map((p) => p.features),
        input.width,
        input.dtype,
      );
      const dims = [n, ...input.rowShape];
      const feeds = { [input.name]: input.dtype === 'float32' ? f32(data, dims) : f64(data, dims) };
      const t0 = performance.now();
      const result = await this.session.run(feeds);
      this.metrics.observeBatch(name, n, (performance.now() - t0) / 1000);
      const rowsByOutput = outputs.map((o) => {
        const tensor = result[o.name];
        if (!tensor || tensor.dims[0] !== n) {
          throw new Error(`output ${o.name} is not batch-first (dims [${tensor?.dims.join(', ')}])`);
        }
        return [o.name, splitRows(tensor.data as ArrayLike<number | bigint>, n)] as const;
      });
      batch.forEach((p, i) => {
        const byName: Record<string, number[]> = {};
        for (const [outName, rows] of rowsByOutput) byName[outName] = rows[i] ?? [];
        const first = rowsByOutput[0]?.[1][i] ?? [];
        this.metrics.observeRequest(name, 'ok', (performance.now() - p.startedAt) / 1000);
        p.resolve({ model: this.model, output: first, outputs: byName });
      });
    } catch (cause) {
      this.log.error({ err: cause, model: this.model, batch: n }, 'inference run failed');
      const error = new AppError(
        'INTERNAL',
        `${name} v${this.model.version}: inference failed`,
        { name, version: this.model.version },
        { cause },
      );
      for (const p of batch) {
        this.metrics.observeRequest(name, 'error', (performance.now() - p.startedAt) / 1000);
        p.reject(error);
      }
    } finally {
      this.runningBatches -= 1;
      this.releaseWhenIdle();
    }
  }

  private releaseWhenIdle(): void {
    if (!this.retired || this.releasing || this.queue.length > 0 || this.runningBatches > 0) return;
    this.releasing = true;
    this.session.release().then(
      () => this.markReleased(),
      (err: unknown) => {
        this.log.warn({ err, model: this.model }, 'releasing an inference session failed');
        this.markReleased();
      },
    );
  }
}
