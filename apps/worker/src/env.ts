import { z } from 'zod';
import { CRASH_POINTS } from './crash-points.ts';

const Ms = (def: number) => z.coerce.number().int().positive().default(def);
const Ticker = z.string().regex(/^[A-Z]{1,6}$/, 'an upper-case ticker of 1 to 6 letters');

/**
 * The worker's whole configuration. This module is the only reader of `process.env`
 * in apps/worker; everything else receives a parsed `WorkerEnv`.
 */
export const WorkerEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.url().default('postgresql://127.0.0.1:5432/zomma'),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(5),
    REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
    /** Redis key prefix of every BullMQ queue (tests use a unique one). */
    QUEUE_PREFIX: z.string().min(1).max(100).default('zomma'),
    /** Port of GET /metrics and /healthz; 0 picks a free port. */
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Underlying the market simulator quotes. */
    SIM_SYMBOL: Ticker.default('ZMA'),
    /** Seed of the simulator; each tick derives its own seed from it and the tick time. */
    SIM_SEED: z.coerce.number().int().nonnegative().default(20240101),
    TICK_INTERVAL_MS: Ms(2000),
    GENERATE_SIGNALS_INTERVAL_MS: Ms(30_000),
    EXPIRE_SIGNALS_INTERVAL_MS: Ms(5000),
    MARK_POSITIONS_INTERVAL_MS: Ms(5000),
    RECONCILE_ORDERS_INTERVAL_MS: Ms(10_000),
    /** An order left NEW/SUBMITTING/ACCEPTED this long is re-enqueued by the reconciler. */
    ORDER_STALE_AFTER_MS: Ms(30_000),
    /**
     * Time in force of a limit order: one still working at the broker (limit not reached) this
     * long after it was submitted is canceled.
     */
    ORDER_TTL_MS: Ms(15 * 60_000),
    /** How long a generated signal stays PENDING before the sweep expires it. */
    SIGNAL_TTL_MS: Ms(15 * 60_000),
    SIGNAL_MODEL_NAME: z.string().min(1).max(100).default('signal-rule'),
    /** How often the inference service checks whether a champion alias moved (0 = only on refresh). */
    MODEL_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(2000),
    /** 'off' starts workers without the repeatable schedulers (tests, one-off runs). */
    WORKER_SCHEDULERS: z.enum(['on', 'off']).default('on'),
    /** BullMQ stalled-job check period: how soon a job of a dead worker is picked up again. */
    STALLED_INTERVAL_MS: Ms(30_000),
    /** BullMQ job lock; a killed worker's job becomes stalled after this. */
    WORKER_LOCK_DURATION_MS: Ms(30_000),
    /** Test-only: SIGKILL the process at this execution step (see crash-points.ts). */
    ZOMMA_CRASH_AT: z.enum(CRASH_POINTS).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.ZOMMA_CRASH_AT !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ZOMMA_CRASH_AT'],
        message: 'fault injection is refused in production',
      });
    }
  });
export type WorkerEnv = z.infer<typeof WorkerEnv>;

/** Parses an environment; empty strings count as unset so `FOO=` falls back to the default. */
export function parseEnv(source: Record<string, string | undefined>): WorkerEnv {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = WorkerEnv.safeParse(cleaned);
  if (!result.success) {
    throw new Error(`invalid worker environment:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Reads and validates `process.env`; called once at boot by main.ts. */
export function loadEnv(): WorkerEnv {
  return parseEnv(process.env);
}
