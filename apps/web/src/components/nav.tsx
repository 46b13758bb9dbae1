'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { allowedLinks } from './nav-links.ts';
import { useSessionUser } from './session-user.tsx';

const ROLE_LABEL: Record<string, string> = {
  ADMIN: 'Admin',
  RISK_MANAGER: 'Risk manager',
  TRADER: 'Trader',
  VIEWER: 'Viewer',
};

export function Nav() {
  const user = useSessionUser();
  const pathname = usePathname();
  const links = allowedLinks(user?.role);
  return (
    <nav className="nav" data-testid="nav">
      <span className="brand">ZOMMA</span>
      <div className="links">
        {links.map((link) => (
          <Link
            key={link.href}
            href={link.href}
            className={pathname.startsWith(link.href) ? 'active' : undefined}
            data-testid={`nav-${link.href.slice(1)}`}
          >
            {link.label}
          </Link>
        ))}
      </div>
      {user ? (
        <div className="user">
          <span data-testid="nav-user-email">{user.email}</span>
          <span className="role" data-testid="nav-user-role" data-role={user.role}>
            {ROLE_LABEL[user.role] ?? user.role}
          </span>
          <button type="button" onClick={() => signOut({ callbackUrl: '/signin' })} data-testid="nav-signout">
            Sign out
          </button>
        </div>
      ) : null}
    </nav>
  );
}
