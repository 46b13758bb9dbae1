import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, type MetricsServer, startMetricsServer } from './metrics.ts';

describe('metrics server', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves Prometheus text with default and job metrics on a random port', async () => {
    const metrics = createMetrics();
    metrics.observeJob('orders.execute', 'completed', 0.2);
    metrics.observeJob('orders.execute', 'completed', 0.3);
    metrics.observeJob('orders.execute', 'retry', 1.5);
    server = await startMetricsServer(metrics.registry, 0, async () => true);
    expect(server.port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const body = await res.text();
    expect(body).toContain('process_cpu_user_seconds_total');
    expect(body).toContain('zomma_worker_jobs_total{name="orders.execute",outcome="completed"} 2');
    expect(body).toContain('zomma_worker_jobs_total{name="orders.execute",outcome="retry"} 1');
    expect(body).toContain(
      'zomma_worker_job_duration_seconds_sum{name="orders.execute",outcome="completed"} 0.5',
    );
    expect(body).toContain(
      'zomma_worker_job_duration_seconds_bucket{le="0.25",name="orders.execute",outcome="completed"} 1',
    );
  });

  it('answers /healthz from the readiness probe, 404 elsewhere, 405 for non-GET', async () => {
    let ok = true;
    server = await startMetricsServer(createMetrics().registry, 0, async () => ok);
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    ok = false;
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable' });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
