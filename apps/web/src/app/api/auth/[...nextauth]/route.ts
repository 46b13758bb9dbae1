import type { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { getAuthOptions } from '../../../../server/auth/options.ts';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  const response: Response = await NextAuth(req, context, getAuthOptions());
  return response;
}

export { handler as GET, handler as POST };
