import type { Repositories } from '@zomma/db';
import { Registry } from 'prom-client';
import { SimulatedBroker } from '../broker/simulated-broker.ts';
import { noCrash } from '../crash-points.ts';
import { parseEnv, type WorkerEnv } from '../env.ts';
import type { HandlerContext, HandlerMetrics, JobPort } from '../handler-context.ts';
import { createInferenceService } from '../inference/inference-service.ts';
import { createLogger } from '../logger.ts';

/** Handlers under test that must not touch queues get this port. */
export const noJobs: JobPort = {
  enqueue: () => Promise.reject(new Error('no queues in this test')),
  ensureQueued: () => Promise.reject(new Error('no queues in this test')),
};

/** Metrics that remember the last value set (tests read it back). */
export function recordingMetrics(): HandlerMetrics & { ordersNeedingAttention: number | null } {
  const m = {
    ordersNeedingAttention: null as number | null,
    setOrdersNeedingAttention(count: number) {
      m.ordersNeedingAttention = count;
    },
  };
  return m;
}

export function testEnv(vars: Record<string, string> = {}): WorkerEnv {
  return parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...vars });
}

/** A handler context on a real test database; override any part. */
export function testContext(repos: Repositories, overrides: Partial<HandlerContext> = {}): HandlerContext {
  const now = overrides.now ?? (() => new Date());
  const log = createLogger('silent');
  return {
    env: testEnv(),
    repos,
    broker: new SimulatedBroker(repos, now),
    jobs: noJobs,
    metrics: recordingMetrics(),
    inference: createInferenceService({
      models: repos.models,
      log,
      registry: new Registry(),
      pollIntervalMs: 0,
    }),
    log,
    crash: noCrash,
    now,
    ...overrides,
  };
}
