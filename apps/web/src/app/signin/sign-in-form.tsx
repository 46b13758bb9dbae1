'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';

/** Only same-site paths are followed after sign-in. */
function safeCallback(raw: string | null): string {
  if (!raw) return '/';
  try {
    const url = new URL(raw, window.location.origin);
    return url.origin === window.location.origin ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(params.get('error') ? 'Wrong email or password.' : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error || !result.ok) {
      // Deliberately the same message for unknown email, wrong password and disabled account.
      setError('Wrong email or password.');
      return;
    }
    router.replace(safeCallback(params.get('callbackUrl')));
    router.refresh();
  }

  return (
    <div className="panel">
      <h1>Zomma</h1>
      <p className="muted">Sign in to review signals, risk and models.</p>
      <form className="stack" onSubmit={onSubmit} data-testid="signin-form">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required data-testid="signin-email" />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            data-testid="signin-password"
          />
        </label>
        {error ? (
          <div className="alert error" role="alert" data-testid="signin-error">
            {error}
          </div>
        ) : null}
        <button type="submit" className="primary" disabled={pending} data-testid="signin-submit">
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
