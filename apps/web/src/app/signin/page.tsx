import { Suspense } from 'react';
import { SignInForm } from './sign-in-form.tsx';

export const metadata = { title: 'Sign in · Zomma' };

export default function SignInPage() {
  return (
    <main className="signin">
      <Suspense>
        <SignInForm />
      </Suspense>
    </main>
  );
}
