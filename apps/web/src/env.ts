import { z } from 'zod';

/** The only reader of `process.env` in apps/web. Parsed lazily so `next build` needs no secrets. */

/** The fixed secret of development and test runs; never used when NODE_ENV is production. */
export const DEV_SECRET = 'zomma-dev-secret-do-not-use-in-production';

/** An unset optional variable may arrive as '' (e.g. compose's `${VAR:-}`): treat it as unset. */
const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

/** A random, never-published secret (only for `next build` in production, which signs nothing). */
function buildTimeSecret(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** `next build` sets this; secrets are not needed to build. */
    NEXT_PHASE: z.string().optional(),
    DATABASE_URL: z.string().min(1),
    REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z.string().min(1).default('zomma'),
    NEXTAUTH_SECRET: z.preprocess(emptyAsUnset, z.string().min(16).optional()),
    NEXTAUTH_URL: z.preprocess(emptyAsUnset, z.url().optional()),
    /**
     * When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`; when unset it
     * answers loopback clients only (see app/metrics/metrics-access.ts).
     */
    METRICS_TOKEN: z.preprocess(emptyAsUnset, z.string().min(16).optional()),
    BROKER_NAME: z.string().min(1).default('simulated'),
    SIGNAL_MODEL_NAME: z.string().min(1).default('signal-rule'),
    /** Underlying the "generate signal now" button asks for. */
    SIGNAL_SYMBOL: z
      .string()
      .regex(/^[A-Z]{1,6}$/)
      .default('ZMA'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .transform((env, ctx) => {
    if (env.NEXTAUTH_SECRET) return { ...env, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET };
    if (env.NODE_ENV !== 'production') return { ...env, NEXTAUTH_SECRET: DEV_SECRET };
    if (env.NEXT_PHASE === 'phase-production-build') {
      return { ...env, NEXTAUTH_SECRET: buildTimeSecret() };
    }
    ctx.addIssue({ code: 'custom', path: ['NEXTAUTH_SECRET'], message: 'required in production' });
    return z.NEVER;
  });

export type Env = z.infer<typeof EnvSchema>;

/** Parses an environment (tests pass their own; `getEnv` passes `process.env`). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`invalid environment for apps/web: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

const TestEnvSchema = z.object({
  REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
  /** The test runner's per-run prefix; each test file appends its own unique suffix. */
  QUEUE_PREFIX: z.string().min(1).default('zomma-test'),
});

/** What the web app's integration tests need (no database URL: they make their own database). */
export function getTestEnv(): z.infer<typeof TestEnvSchema> {
  return TestEnvSchema.parse(process.env);
}
