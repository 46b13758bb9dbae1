import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { authorizeCredentials, type SignInUser } from './authorize.ts';

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
