import type { Role } from '@zomma/contracts';
import type { Db } from '../client.ts';

export interface UserForSignIn {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
}

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createUsersRepository({ prisma }: Db) {
  return {
    /** The user with this e-mail (trimmed, lower-cased), with the hash to check; null if none. */
    async findForSignIn(email: string): Promise<UserForSignIn | null> {
      return prisma.user.findUnique({
        where: { email: normalizeEmail(email) },
        select: { id: true, email: true, name: true, role: true, passwordHash: true, disabled: true },
      });
    },
    async list(): Promise<UserSummary[]> {
      return prisma.user.findMany({
        orderBy: { email: 'asc' },
        select: { id: true, email: true, name: true, role: true },
      });
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
