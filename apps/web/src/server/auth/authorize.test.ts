import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { authorizeCredentials, type SignInUser } from './authorize.ts';
import { createSignInThrottle } from './sign-in-throttle.ts';

const PASSWORD = 'correct horse battery staple';
// Cost 4 keeps the test fast; the comparison is the same code path as production hashes.
const HASH = bcrypt.hashSync(PASSWORD, 4);

const USERS: SignInUser[] = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'trader@zomma.dev',
    name: 'Tess Trader',
    role: 'TRADER',
    passwordHash: HASH,
    disabled: false,
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    email: 'gone@zomma.dev',
    name: 'Gone',
    role: 'TRADER',
    passwordHash: HASH,
    disabled: true,
  },
  {
    id: '00000000-0000-4000-8000-000000000003',
    email: 'odd@zomma.dev',
    name: 'Odd',
    role: 'SUPERUSER',
    passwordHash: HASH,
    disabled: false,
  },
];

/** An in-memory stand-in for `users.findForSignIn`, recording what it was asked. */
function directory() {
  const asked: string[] = [];
  const find = async (email: string) => {
    asked.push(email);
    return USERS.find((u) => u.email === email) ?? null;
  };
  return { find, asked };
}

describe('authorizeCredentials', () => {
  it('accepts the right password and returns the session user without the hash', async () => {
    const { find } = directory();
    const user = await authorizeCredentials(find, { email: 'trader@zomma.dev', password: PASSWORD });
    expect(user).toEqual({
      id: USERS[0]?.id,
      email: 'trader@zomma.dev',
      name: 'Tess Trader',
      role: 'TRADER',
    });
    expect(user).not.toHaveProperty('passwordHash');
  });

  it('normalizes the email (trim, lower case) before looking the user up', async () => {
    const { find, asked } = directory();
    const user = await authorizeCredentials(find, { email: '  Trader@Zomma.DEV ', password: PASSWORD });
    expect(asked).toEqual(['trader@zomma.dev']);
    expect(user?.role).toBe('TRADER');
  });

  it('refuses a wrong password', async () => {
    const { find } = directory();
    expect(
      await authorizeCredentials(find, { email: 'trader@zomma.dev', password: `${PASSWORD}x` }),
    ).toBeNull();
  });

  it('refuses a disabled user even with the right password', async () => {
    const { find } = directory();
    expect(await authorizeCredentials(find, { email: 'gone@zomma.dev', password: PASSWORD })).toBeNull();
  });

  it('refuses an unknown email', async () => {
    const { find } = directory();
    expect(await authorizeCredentials(find, { email: 'nobody@zomma.dev', password: PASSWORD })).toBeNull();
  });

  it('refuses a user whose role is not one of ROLES (fails closed)', async () => {
    const { find } = directory();
    expect(await authorizeCredentials(find, { email: 'odd@zomma.dev', password: PASSWORD })).toBeNull();
  });

  it.each([
    ['no credentials', undefined],
    ['not an email', { email: 'trader', password: PASSWORD }],
    ['empty password', { email: 'trader@zomma.dev', password: '' }],
    ['wrong types', { email: 42, password: ['x'] }],
  ])('refuses malformed input (%s) without asking the directory', async (_label, credentials) => {
    const { find, asked } = directory();
    expect(await authorizeCredentials(find, credentials)).toBeNull();
    expect(asked).toEqual([]);
  });
});

describe('authorizeCredentials with the sign-in throttle', () => {
  const WINDOW_MS = 15 * 60_000;
  function guarded(clientIp: string) {
    let t = 0;
    const throttle = createSignInThrottle({ maxFailures: 10, windowMs: WINDOW_MS, now: () => t });
    return {
      throttle,
      guard: (ip = clientIp) => ({ throttle, clientIp: ip }),
      advance: (ms: number) => {
        t += ms;
      },
    };
  }

  it('after 10 failures for an email, refuses even the right password (same null), without a lookup', async () => {
    const g = guarded('203.0.113.1');
    const { find, asked } = directory();
    for (let i = 0; i < 10; i++) {
      // Different IPs: the per-email limit alone blocks.
      const ip = `203.0.113.${i + 10}`;
      expect(
        await authorizeCredentials(find, { email: 'trader@zomma.dev', password: 'nope' }, g.guard(ip)),
      ).toBeNull();
    }
    asked.length = 0;
    expect(
      await authorizeCredentials(find, { email: 'trader@zomma.dev', password: PASSWORD }, g.guard()),
    ).toBeNull();
    expect(asked).toEqual([]);
    // The window slides: 15 minutes later the right password works again.
    g.advance(WINDOW_MS);
    expect(
      (await authorizeCredentials(find, { email: 'trader@zomma.dev', password: PASSWORD }, g.guard()))?.role,
    ).toBe('TRADER');
  });

  it('9 failures then the right password signs in and clears the email', async () => {
    const g = guarded('203.0.113.2');
    const { find } = directory();
    for (let i = 0; i < 9; i++) {
      await authorizeCredentials(
        find,
        { email: 'trader@zomma.dev', password: 'nope' },
        g.guard(`198.51.100.${i}`),
      );
    }
    expect(
      (await authorizeCredentials(find, { email: 'trader@zomma.dev', password: PASSWORD }, g.guard()))?.role,
    ).toBe('TRADER');
    expect(g.throttle.isBlocked(['email:trader@zomma.dev'])).toBe(false);
  });

  it('after 10 failures from one IP (any emails), refuses that IP but not another', async () => {
    const g = guarded('192.0.2.66');
    const { find } = directory();
    for (let i = 0; i < 10; i++) {
      await authorizeCredentials(find, { email: `guess${i}@zomma.dev`, password: 'nope' }, g.guard());
    }
    expect(
      await authorizeCredentials(find, { email: 'trader@zomma.dev', password: PASSWORD }, g.guard()),
    ).toBeNull();
    expect(
      (
        await authorizeCredentials(
          find,
          { email: 'trader@zomma.dev', password: PASSWORD },
          g.guard('192.0.2.67'),
        )
      )?.role,
    ).toBe('TRADER');
  });
});
