import { getEnv } from '../../env.ts';
import { getMetrics } from '../../server/metrics.ts';
import { metricsAccess } from './metrics-access.ts';

export const dynamic = 'force-dynamic';

/**
 * Prometheus scrape endpoint (default process metrics + request counters). Bearer
 * METRICS_TOKEN when set, loopback clients only otherwise (see `metricsAccess`).
 */
export async function GET(req: Request): Promise<Response> {
  const { registry, httpRequests } = getMetrics();
  const access = metricsAccess(req.headers, getEnv().METRICS_TOKEN);
  if (!access.ok) {
    httpRequests.inc({ route: '/metrics', status: String(access.status) });
    return new Response(`${access.message}\n`, {
      status: access.status,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
        ...(access.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
      },
    });
  }
  httpRequests.inc({ route: '/metrics', status: '200' });
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}
