import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

interface WebMetrics {
  registry: Registry;
  trpcRequests: Counter<'path' | 'type' | 'code'>;
  trpcDuration: Histogram<'path' | 'type'>;
  httpRequests: Counter<'route' | 'status'>;
}

const GLOBAL_KEY = Symbol.for('zomma.web.metrics');
type GlobalWithMetrics = typeof globalThis & { [GLOBAL_KEY]?: WebMetrics };

/** One registry per process (survives Next's dev module reloads). */
export function getMetrics(): WebMetrics {
  const g = globalThis as GlobalWithMetrics;
  const existing = g[GLOBAL_KEY];
  if (existing) return existing;
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'web' });
  collectDefaultMetrics({ register: registry });
  const metrics: WebMetrics = {
    registry,
    trpcRequests: new Counter({
      name: 'zomma_web_trpc_requests_total',
      help: 'tRPC procedure calls by path, type and result code',
      labelNames: ['path', 'type', 'code'],
      registers: [registry],
    }),
    trpcDuration: new Histogram({
      name: 'zomma_web_trpc_duration_seconds',
      help: 'tRPC procedure duration in seconds',
      labelNames: ['path', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'zomma_web_http_requests_total',
      help: 'HTTP requests served by route handlers',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
  };
  g[GLOBAL_KEY] = metrics;
  return metrics;
}
