/**
 * Helpers shared by the journeys: demo credentials (exported by global-setup), sign-in
 * through the real form, direct database access to the run's fresh database, and a raw
 * tRPC call with a page's session cookie.
 */
import { type APIResponse, expect, type Page } from '@playwright/test';
import pg from 'pg';
import { withDefaultUser } from '../scripts/lib/services.ts';

export type DemoRole = 'ADMIN' | 'RISK_MANAGER' | 'TRADER' | 'VIEWER';

interface DemoUser {
  email: string;
  role: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the suite with e2e/playwright.config.ts (global setup)`);
  return value;
}

export function demoUser(role: DemoRole): { email: string; password: string } {
  const users = JSON.parse(required('E2E_DEMO_USERS')) as DemoUser[];
  const user = users.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  return { email: user.email, password: required('E2E_DEMO_PASSWORD') };
}

export async function signIn(page: Page, role: DemoRole): Promise<void> {
  const { email, password } = demoUser(role);
  await page.goto('/signin');
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await expect(page).not.toHaveURL(/\/signin/);
}

export async function signOut(page: Page): Promise<void> {
  await page.context().clearCookies();
}

/** Runs `fn` with a client on the e2e run's own database. */
export async function withDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDefaultUser(required('E2E_DATABASE_URL')) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A non-batched tRPC mutation (superjson body) sent with the page's cookies. */
export function trpcMutation(page: Page, path: string, input: unknown): Promise<APIResponse> {
  return page.request.post(`/api/trpc/${path}`, {
    data: { json: input },
    headers: { 'content-type': 'application/json' },
  });
}
