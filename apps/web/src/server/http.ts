import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { Context } from './context.ts';
import { getMetrics } from './metrics.ts';
import { appRouter } from './routers/index.ts';

export const TRPC_ENDPOINT = '/api/trpc';

/** Serves one tRPC HTTP request (the route handler's body; tests call it with their own context). */
export async function handleTrpcRequest(
  req: Request,
  createContext: () => Promise<Context>,
): Promise<Response> {
  const response = await fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    createContext,
  });
  getMetrics().httpRequests.inc({ route: TRPC_ENDPOINT, status: String(response.status) });
  return response;
}
