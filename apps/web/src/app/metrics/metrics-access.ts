import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const LOOPBACK_IPS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function hostnameOf(host: string | null): string | null {
  if (!host) return null;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Who may scrape GET /metrics:
 * - METRICS_TOKEN set → only `Authorization: Bearer <METRICS_TOKEN>` (else 401);
 * - unset → only loopback clients (else 403): the Host is localhost/127.0.0.1/[::1] and
 *   X-Forwarded-For is absent or names only a loopback address (`next start` itself sets it
 *   to the socket's address; a proxy in front sets the real client's).
 * Both headers are client-controlled when the port is reachable from outside, so the loopback
 * mode is only for a port bound to 127.0.0.1 (compose publishes it there); set METRICS_TOKEN
 * anywhere else.
 */
export function metricsAccess(headers: Headers, token: string | undefined): MetricsAccess {
  if (token) {
    const auth = headers.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match?.[1] && sameSecret(match[1], token)) return { ok: true };
    return { ok: false, status: 401, message: 'metrics require Authorization: Bearer <METRICS_TOKEN>' };
  }
  const hostname = hostnameOf(headers.get('host'));
  const forwarded = headers.get('x-forwarded-for');
  const forwardedLoopback =
    forwarded === null ||
    forwarded
      .split(',')
      .map((s) => s.trim())
      .every((ip) => LOOPBACK_IPS.has(ip));
  if (hostname !== null && LOOPBACK_HOSTS.has(hostname) && forwardedLoopback) return { ok: true };
  return {
    ok: false,
    status: 403,
    message: 'metrics are served to loopback clients only (or set METRICS_TOKEN)',
  };
}
