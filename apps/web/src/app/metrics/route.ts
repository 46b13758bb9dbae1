import { getMetrics } from '../../server/metrics.ts';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint (default process metrics + request counters). */
export async function GET(): Promise<Response> {
  const { registry, httpRequests } = getMetrics();
  httpRequests.inc({ route: '/metrics', status: '200' });
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}
