import { redirect } from 'next/navigation';
import { firstAllowedPath } from '../components/nav-links.ts';
import { getSessionUser } from '../server/auth/options.ts';

export const dynamic = 'force-dynamic';

/** `/` sends each role to the first page it may use. */
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect('/signin');
  redirect(firstAllowedPath(user.role));
}
