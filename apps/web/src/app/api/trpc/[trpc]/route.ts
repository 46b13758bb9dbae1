import { getEnv } from '../../../../env.ts';
import { getSessionUser } from '../../../../server/auth/options.ts';
import { handleTrpcRequest } from '../../../../server/http.ts';
import { createRequestContext } from '../../../../server/runtime.ts';

export const dynamic = 'force-dynamic';

function handler(req: Request): Promise<Response> {
  return handleTrpcRequest(req, async () => createRequestContext(await getSessionUser()), {
    appUrl: getEnv().NEXTAUTH_URL,
  });
}

export { handler as GET, handler as POST };
