import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { Nav } from '../../components/nav.tsx';
import { SessionUserProvider } from '../../components/session-user.tsx';
import { getSessionUser } from '../../server/auth/options.ts';
import { TrpcReactProvider } from '../../trpc/react.tsx';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect('/signin');
  return (
    <SessionUserProvider user={user}>
      <TrpcReactProvider>
        <Nav />
        <main className="page">{children}</main>
      </TrpcReactProvider>
    </SessionUserProvider>
  );
}
