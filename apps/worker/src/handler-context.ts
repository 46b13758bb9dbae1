import type { JobDefinition } from '@zomma/contracts';
import type { Repositories } from '@zomma/db';
import type { z } from 'zod';
import type { BrokerAdapter } from './broker/broker-adapter.ts';
import type { CrashHook } from './crash-points.ts';
import type { WorkerEnv } from './env.ts';
import type { InferenceService } from './inference/inference-service.ts';
import type { Logger } from './logger.ts';

export type { Repositories };

/** What a handler may know about the BullMQ job that carries its payload. */
export interface JobMeta {
  id: string;
  name: string;
  /** When the job was created (ms since epoch); stable across retries. */
  timestamp: number;
  /** The job's initial delay (ms); scheduler jobs are delayed to their slot. */
  delay: number;
  attemptsMade: number;
}

/** Queue operations handlers may use (reconciliation re-enqueues). */
export interface JobPort {
  enqueue<Name extends string, Schema extends z.ZodType>(
    def: JobDefinition<Name, Schema>,
    payload: z.input<Schema>,
  ): Promise<string>;
  /**
   * Makes sure a job with this business-key id will run: adds it, or retries it when a job
   * with that id ran out of attempts, or re-adds it when that job already completed. A job
   * that failed as unrecoverable is left alone: 'needs-attention'. Returns what it did.
   */
  ensureQueued<Name extends string, Schema extends z.ZodType>(
    def: JobDefinition<Name, Schema>,
    payload: z.input<Schema>,
  ): Promise<'enqueued' | 'retried' | 'pending' | 'needs-attention'>;
}

/** Business metrics handlers report (the job counters are the runner's). */
export interface HandlerMetrics {
  /** Orders the reconciler found stuck on a job that failed as unrecoverable, at its last run. */
  setOrdersNeedingAttention(count: number): void;
}

export interface HandlerContext {
  env: WorkerEnv;
  repos: Repositories;
  broker: BrokerAdapter;
  jobs: JobPort;
  metrics: HandlerMetrics;
  /** Champion ONNX models by name: loaded, hot-swapped when an alias moves, batched. */
  inference: InferenceService;
  log: Logger;
  crash: CrashHook;
  now(): Date;
}
