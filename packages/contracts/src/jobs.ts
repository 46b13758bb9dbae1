import { z } from 'zod';
import { AppError } from './errors.ts';

export const QUEUES = ['market', 'signals', 'orders', 'positions'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobOptions {
  attempts?: number;
  backoff?: { type: 'exponential' | 'fixed'; delay: number };
  removeOnComplete?: number | boolean;
  removeOnFail?: number | boolean;
}

export interface JobDefinition<Name extends string, Schema extends z.ZodType> {
  readonly queue: QueueName;
  readonly name: Name;
  readonly payload: Schema;
  /**
   * Derived from business keys so the same business event maps to one job. Parts are
   * joined with `--`: BullMQ refuses custom ids that contain `:`.
   */
  readonly jobId: (payload: z.infer<Schema>) => string;
  readonly opts: JobOptions;
  /** Validates a payload (on enqueue and again when the job runs); throws INVALID_JOB_PAYLOAD. */
  parse(payload: unknown): z.infer<Schema>;
}

export function defineJob<Name extends string, Schema extends z.ZodType>(def: {
  queue: QueueName;
  name: Name;
  payload: Schema;
  jobId: (payload: z.infer<Schema>) => string;
  opts?: JobOptions;
}): JobDefinition<Name, Schema> {
  return {
    ...def,
    opts: { attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnFail: 1000, ...def.opts },
    parse(payload: unknown) {
      const result = def.payload.safeParse(payload);
      if (!result.success) {
        throw new AppError('INVALID_JOB_PAYLOAD', `invalid payload for job ${def.name}`, {
          job: def.name,
          issues: z.treeifyError(result.error),
        });
      }
      return result.data;
    },
  };
}

const Ticker = z.string().regex(/^[A-Z]{1,6}$/, 'an upper-case ticker of 1 to 6 letters');

/** Advance the market simulator one step and store the quote. */
export const MarketTickJob = defineJob({
  queue: 'market',
  name: 'market.tick',
  payload: z.object({ symbol: Ticker }),
  jobId: (p) => `market.tick--${p.symbol}--${Date.now()}`,
  opts: { attempts: 3, removeOnComplete: 1000 },
});

/**
 * Run the champion model of `modelName` on the latest quote and write a signal. A human
 * request carries a `requestId` (its audit event is written first, naming the job id the
 * request will have); the scheduler's runs carry none.
 */
export const GenerateSignalsJob = defineJob({
  queue: 'signals',
  name: 'signals.generate',
  payload: z.object({
    symbol: Ticker,
    modelName: z.string().min(1).max(100),
    requestedBy: z.uuid().nullable(),
    requestId: z.uuid().optional(),
  }),
  jobId: (p) =>
    p.requestId
      ? `signals.generate--${p.requestId}`
      : `signals.generate--${p.modelName}--${p.symbol}--${Date.now()}`,
  opts: { attempts: 3, removeOnComplete: 1000 },
});

/** Mark pending signals whose expiry passed as EXPIRED. */
export const ExpireSignalsJob = defineJob({
  queue: 'signals',
  name: 'signals.expire',
  payload: z.object({}),
  jobId: () => `signals.expire--${Date.now()}`,
  opts: { attempts: 3, removeOnComplete: 100 },
});

/** Send one order to the broker and book its fills. One job per order, ever. */
export const ExecuteOrderJob = defineJob({
  queue: 'orders',
  name: 'orders.execute',
  payload: z.object({ orderId: z.uuid() }),
  jobId: (p) => `orders.execute--${p.orderId}`,
  opts: { attempts: 10, backoff: { type: 'exponential', delay: 250 }, removeOnComplete: 1000 },
});

/** Find orders left NEW/SUBMITTING (e.g. enqueue failed after commit) and enqueue them again. */
export const ReconcileOrdersJob = defineJob({
  queue: 'orders',
  name: 'orders.reconcile',
  payload: z.object({}),
  jobId: () => `orders.reconcile--${Date.now()}`,
  opts: { attempts: 1, removeOnComplete: 100 },
});

/** Mark every open position to the latest quote. */
export const MarkPositionsJob = defineJob({
  queue: 'positions',
  name: 'positions.mark',
  payload: z.object({}),
  jobId: () => `positions.mark--${Date.now()}`,
  opts: { attempts: 2, removeOnComplete: 100 },
});

export const JOBS = {
  'market.tick': MarketTickJob,
  'signals.generate': GenerateSignalsJob,
  'signals.expire': ExpireSignalsJob,
  'orders.execute': ExecuteOrderJob,
  'orders.reconcile': ReconcileOrdersJob,
  'positions.mark': MarkPositionsJob,
} as const;
export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;

/** What `enqueueJob` needs of a queue: BullMQ's `Queue#add` has this shape. */
export interface JobSink {
  add(name: string, data: unknown, opts: JobOptions & { jobId: string }): Promise<unknown>;
}

/**
 * Validates the payload against the job's schema, then adds it to its queue with the
 * business-key job id. Apps pass a resolver from queue name to their BullMQ queue.
 */
export async function enqueueJob<Name extends string, Schema extends z.ZodType>(
  queueFor: (queue: QueueName) => JobSink,
  def: JobDefinition<Name, Schema>,
  payload: z.input<Schema>,
): Promise<string> {
  const data = def.parse(payload);
  const jobId = def.jobId(data);
  try {
    await queueFor(def.queue).add(def.name, data, { ...def.opts, jobId });
  } catch (cause) {
    throw new AppError('QUEUE_UNAVAILABLE', `could not enqueue ${def.name}`, { job: def.name }, { cause });
  }
  return jobId;
}
