'use client';

import { can, type Permission } from '@zomma/contracts';
import { createContext, type ReactNode, useContext } from 'react';
import type { SessionUser } from '../server/context.ts';

const SessionUserContext = createContext<SessionUser | null>(null);

export function SessionUserProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionUserContext.Provider value={user}>{children}</SessionUserContext.Provider>;
}

export function useSessionUser(): SessionUser | null {
  return useContext(SessionUserContext);
}

/** UI hint only: the server enforces every permission again. */
export function useCan(permission: Permission): boolean {
  return can(useSessionUser()?.role, permission);
}

/** Renders children only for holders of `permission`; others see why not. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const allowed = useCan(permission);
  if (!allowed) {
    return (
      <div className="alert error" data-testid="forbidden">
        Your role does not have permission <code>{permission}</code>.
      </div>
    );
  }
  return <>{children}</>;
}
