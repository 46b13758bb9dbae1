import { z } from 'zod';

/** The only reader of `process.env` in apps/web. Parsed lazily so `next build` needs no secrets. */
const DEV_SECRET = 'zomma-dev-secret-do-not-use-in-production';

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** `next build` sets this; secrets are not needed to build. */
    NEXT_PHASE: z.string().optional(),
    DATABASE_URL: z.string().min(1),
    REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z.string().min(1).default('zomma'),
    NEXTAUTH_SECRET: z.string().min(16).optional(),
    NEXTAUTH_URL: z.url().optional(),
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
    const building = env.NEXT_PHASE === 'phase-production-build';
    if (env.NODE_ENV === 'production' && !building && !env.NEXTAUTH_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['NEXTAUTH_SECRET'], message: 'required in production' });
      return z.NEVER;
    }
    return { ...env, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? DEV_SECRET };
  });

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`invalid environment for apps/web: ${z.prettifyError(parsed.error)}`);
    }
    cached = parsed.data;
  }
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
