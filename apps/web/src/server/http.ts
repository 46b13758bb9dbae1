import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import type { Context } from './context.ts';
import { appErrorData } from './error-format.ts';
import { getMetrics } from './metrics.ts';
import { appRouter } from './routers/index.ts';

export const TRPC_ENDPOINT = '/api/trpc';

export interface TrpcHttpOptions {
  /** The app's public URL (NEXTAUTH_URL); its origin is accepted besides the request's own host. */
  appUrl?: string | undefined;
}

/** Why a request was refused before reaching tRPC, or null when it may proceed. */
export type RequestRefusal = { code: 'UNSUPPORTED_MEDIA_TYPE' | 'FORBIDDEN'; message: string } | null;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * CSRF defence for the tRPC endpoint. A state-changing request (any method but GET/HEAD/OPTIONS)
 * must:
 * - have `Content-Type: application/json` (HTML forms can only send urlencoded,
 *   multipart or text/plain, so a cross-site form can never produce one) → else 415;
 * - when it carries `Origin`, come from the app's origin: NEXTAUTH_URL's origin, or the
 *   request's own `Host` → else 403;
 * - carry `Sec-Fetch-Site` only as `same-origin` (a browser sends it on every request; absent
 *   means a non-browser client such as a server or a test) → else 403.
 * Requests without `Origin` (server-to-server, curl) pass when `Sec-Fetch-Site` is absent or
 * same-origin; such clients do not send the victim's cookies on someone else's behalf.
 */
export function refuseRequest(req: Request, options: TrpcHttpOptions = {}): RequestRefusal {
  if (SAFE_METHODS.has(req.method)) return null;
  const contentType = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    return {
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'mutations must be sent with Content-Type: application/json',
    };
  }
  const fetchSite = req.headers.get('sec-fetch-site');
  if (fetchSite !== null && fetchSite !== 'same-origin') {
    return { code: 'FORBIDDEN', message: `cross-site request refused (Sec-Fetch-Site: ${fetchSite})` };
  }
  const origin = req.headers.get('origin');
  if (origin === null) return null;
  const host = req.headers.get('host');
  const allowed = new Set<string>();
  const appOrigin = originOf(options.appUrl);
  if (appOrigin) allowed.add(appOrigin);
  let requestOrigin: URL | null = null;
  try {
    requestOrigin = new URL(origin);
  } catch {
    requestOrigin = null;
  }
  const sameHost = requestOrigin !== null && host !== null && requestOrigin.host === host.toLowerCase();
  if (requestOrigin === null || !(allowed.has(requestOrigin.origin) || sameHost)) {
    return { code: 'FORBIDDEN', message: 'cross-origin request refused' };
  }
  return null;
}

/** A tRPC-shaped error response (superjson, same `data` as the error formatter adds). */
function refusalResponse(req: Request, refusal: NonNullable<RequestRefusal>): Response {
  const error = new TRPCError({ code: refusal.code, message: refusal.message });
  const httpStatus = refusal.code === 'FORBIDDEN' ? 403 : 415;
  const path = new URL(req.url).pathname.slice(TRPC_ENDPOINT.length + 1) || null;
  const shape = {
    message: refusal.message,
    code: TRPC_ERROR_CODES_BY_KEY[refusal.code],
    data: { code: refusal.code, httpStatus, path, ...appErrorData(error) },
  };
  return new Response(JSON.stringify({ error: superjson.serialize(shape) }), {
    status: httpStatus,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** Serves one tRPC HTTP request (the route handler's body; tests call it with their own context). */
export async function handleTrpcRequest(
  req: Request,
  createContext: () => Promise<Context>,
  options: TrpcHttpOptions = {},
): Promise<Response> {
  const refusal = refuseRequest(req, options);
  const response = refusal
    ? refusalResponse(req, refusal)
    : await fetchRequestHandler({
        endpoint: TRPC_ENDPOINT,
        req,
        router: appRouter,
        createContext,
      });
  getMetrics().httpRequests.inc({ route: TRPC_ENDPOINT, status: String(response.status) });
  return response;
}
