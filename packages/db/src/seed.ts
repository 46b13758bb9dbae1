import type { Role } from '@zomma/contracts';
import bcrypt from 'bcryptjs';
import { type Db, inTransaction } from './client.ts';
import { LOCKS, lockForTransaction } from './locks.ts';
import { createAuditRepository, SYSTEM_ACTOR } from './repositories/audit-repository.ts';
import { artifactSha256, moveAlias } from './repositories/models-repository.ts';

/** Development-only password of every demo user. Never use outside a local demo. */
export const DEMO_PASSWORD = 'zomma-demo';

export const DEMO_USERS: readonly { email: string; name: string; role: Role; password: string }[] = [
  { email: 'admin@zomma.dev', name: 'Ada Admin', role: 'ADMIN', password: DEMO_PASSWORD },
  { email: 'risk@zomma.dev', name: 'Rita Risk', role: 'RISK_MANAGER', password: DEMO_PASSWORD },
  { email: 'trader@zomma.dev', name: 'Theo Trader', role: 'TRADER', password: DEMO_PASSWORD },
  { email: 'viewer@zomma.dev', name: 'Vera Viewer', role: 'VIEWER', password: DEMO_PASSWORD },
];

export const DEMO_MODEL_NAME = 'signal-rule';

export const DEMO_LIMITS = {
  maxContractsPerOrder: 40,
  maxLossPerTrade: '5000',
  maxPortfolioDelta: '2000',
  reason: 'initial defaults',
} as const;

/** The rule baselines have not been evaluated yet: no metrics rather than made-up ones. */
const NOT_MEASURED = {};
const NOT_MEASURED_NOTE = 'Not evaluated yet (no backtest run), so it has no metrics.';

const V1_PARAMS = { rule: 'baseline-momentum-condor', shortDelta: 0.2, wingWidth: 5, dte: 30, quantity: 2 };
const V2_PARAMS = { rule: 'baseline-momentum-condor', shortDelta: 0.16, wingWidth: 10, dte: 45, quantity: 1 };

export interface SeedResult {
  usersCreated: number;
  /** True when demo users were not even considered (production without `allowDemoUsers`). */
  demoUsersSkipped: boolean;
  limitsCreated: boolean;
  modelVersionsCreated: number;
}

export interface SeedOptions {
  now: Date;
  /**
   * The deployment's NODE_ENV. Defaults to the process's own, so a caller that forgets to
   * pass it still gets the production refusal below.
   */
  nodeEnv?: string | undefined;
  /**
   * Create the demo users (shared, published password) even when `nodeEnv` is `production`.
   * Only for a local demo (the compose `migrate` service passes it when ZOMMA_DEMO_USERS=1).
   */
  allowDemoUsers?: boolean;
}

/** Whether `seedDemo` creates the demo users: never in production unless explicitly allowed. */
export function demoUsersAllowed(options: Pick<SeedOptions, 'nodeEnv' | 'allowDemoUsers'>): boolean {
  const nodeEnv = 'nodeEnv' in options ? options.nodeEnv : process.env.NODE_ENV;
  return nodeEnv !== 'production' || options.allowDemoUsers === true;
}

/**
 * Demo data, idempotent (a second run creates nothing and writes no audit event): the four
 * demo users (not in production, see `demoUsersAllowed`), limits v1, model `signal-rule` v1
 * (champion) and v2 (challenger). Serialized by an advisory lock so web and worker can both
 * call it at boot.
 */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedResult> {
  const { prisma } = db;
  const withUsers = demoUsersAllowed(options);
  const present = new Set(
    withUsers
      ? (
          await prisma.user.findMany({
            where: { email: { in: DEMO_USERS.map((u) => u.email) } },
            select: { email: true },
          })
        ).map((u) => u.email)
      : [],
  );
  const missing = withUsers ? DEMO_USERS.filter((u) => !present.has(u.email)) : [];
  const hashes = await Promise.all(missing.map((u) => bcrypt.hash(u.password, 10)));

  return inTransaction(prisma, async (tx) => {
    await lockForTransaction(tx, LOCKS.seed);
    const users =
      missing.length === 0
        ? { count: 0 }
        : await tx.user.createMany({
            skipDuplicates: true,
            data: missing.map((u, i) => ({
              email: u.email,
              name: u.name,
              role: u.role,
              passwordHash: hashes[i] ?? '',
            })),
          });

    let limitsCreated = false;
    if ((await tx.riskLimitVersion.count()) === 0) {
      await tx.riskLimitVersion.create({ data: { version: 1, ...DEMO_LIMITS, createdAt: options.now } });
      limitsCreated = true;
    }

    let modelVersionsCreated = 0;
    if ((await tx.modelVersion.count({ where: { name: DEMO_MODEL_NAME } })) === 0) {
      const v1 = await tx.modelVersion.create({
        data: {
          name: DEMO_MODEL_NAME,
          version: 1,
          kind: 'RULE',
          description: `Baseline rule: iron condor at 0.20 short delta, 5-wide wings, 30 DTE, 2 units. ${NOT_MEASURED_NOTE}`,
          metrics: NOT_MEASURED,
          hyperparameters: V1_PARAMS,
          sha256: artifactSha256({ hyperparameters: V1_PARAMS }),
          createdAt: options.now,
        },
        select: { id: true },
      });
      const v2 = await tx.modelVersion.create({
        data: {
          name: DEMO_MODEL_NAME,
          version: 2,
          kind: 'RULE',
          description: `Wider, further-out variant: 0.16 short delta, 10-wide wings, 45 DTE, 1 unit. ${NOT_MEASURED_NOTE}`,
          metrics: NOT_MEASURED,
          hyperparameters: V2_PARAMS,
          sha256: artifactSha256({ hyperparameters: V2_PARAMS }),
          parentId: v1.id,
          createdAt: options.now,
        },
        select: { id: true },
      });
      const seedMove = {
        name: DEMO_MODEL_NAME,
        action: 'SEED' as const,
        actor: SYSTEM_ACTOR,
        reason: 'seed',
      };
      await moveAlias(tx, { ...seedMove, alias: 'champion', toVersionId: v1.id });
      await moveAlias(tx, { ...seedMove, alias: 'challenger', toVersionId: v2.id });
      modelVersionsCreated = 2;
    }

    const result = { usersCreated: users.count, limitsCreated, modelVersionsCreated };
    if (users.count > 0 || limitsCreated || modelVersionsCreated > 0) {
      await createAuditRepository(db).append(tx, SYSTEM_ACTOR, {
        action: 'seed',
        entityType: 'System',
        entityId: 'seed',
        data: { ...result, at: options.now },
      });
    }
    return { ...result, demoUsersSkipped: !withUsers };
  });
}
