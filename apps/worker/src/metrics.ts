import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { HandlerMetrics } from './handler-context.ts';

/** How a job run ended: done, thrown for a BullMQ retry, or failed for good. */
export type JobOutcome = 'completed' | 'retry' | 'failed';

export interface WorkerMetrics extends HandlerMetrics {
  readonly registry: Registry;
  observeJob(name: string, outcome: JobOutcome, seconds: number): void;
}

/** A registry per worker instance (tests start several in one process). */
export function createMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobs = new Counter({
    name: 'zomma_worker_jobs_total',
    help: 'Jobs run by the worker, by job name and outcome',
    labelNames: ['name', 'outcome'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'zomma_worker_job_duration_seconds',
    help: 'Wall time of job runs, by job name and outcome',
    labelNames: ['name', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const needingAttention = new Gauge({
    name: 'zomma_worker_orders_needing_attention',
    help: 'Open orders whose execution job failed as unrecoverable (not retried), at the last reconcile',
    registers: [registry],
  });
  return {
    registry,
    observeJob(name, outcome, seconds) {
      jobs.inc({ name, outcome });
      durations.observe({ name, outcome }, seconds);
    },
    setOrdersNeedingAttention(count) {
      needingAttention.set(count);
    },
  };
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** GET /metrics (Prometheus text) and GET /healthz (`ready()` decides 200 or 503). */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  ready: () => Promise<boolean>,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (path === '/healthz') {
      ready().then(
        (ok) =>
          res
            .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' })),
        () => res.writeHead(503).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
