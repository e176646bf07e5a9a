'use client';

import { createContext, useContext, type ReactNode } from 'react';

import type { Role } from '@/db/enums';
import { can, type Permission } from '@/lib/roles';

export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

const UserContext = createContext<CurrentUser | null>(null);

export function UserProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
}

export function useCurrentUser(): CurrentUser {
  const user = useContext(UserContext);
  if (!user) throw new Error('useCurrentUser must be used inside the dashboard layout');
  return user;
}

/** Hides controls a role may not use; the API enforces the same rule. */
export function useCan(permission: Permission): boolean {
  return can(useCurrentUser().role, permission);
}
