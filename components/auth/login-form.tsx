'use client';

import Link from 'next/link';
import { signInAction } from '@/app/(auth)/actions';
import { FormError, FormNotice } from '@/components/auth/form-error';
import { PasswordInput } from '@/components/auth/password-input';
import { SubmitButton } from '@/components/auth/submit-button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useFormAction } from '@/hooks/use-form-action';
import { checkSignIn } from '@/lib/validation/auth';

export function LoginForm({ next, notice }: { next: string; notice?: string | null }) {
  const { state, pending, onSubmit } = useFormAction(checkSignIn, signInAction);
  const withNext = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4" data-testid="login-form" aria-label="Sign in">
      <FormNotice message={notice} />
      <FormError message={state.formError} />
      <input type="hidden" name="next" value={next} />
      <FormField label="Email" name="email" error={state.fieldErrors.email}>
        <Input type="email" autoComplete="email" inputMode="email" autoFocus required data-testid="email-input" />
      </FormField>
      <FormField
        label="Password"
        name="password"
        error={state.fieldErrors.password}
        labelAction={
          <Link
            href="/forgot-password"
            className="text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline"
            data-testid="forgot-password-link"
          >
            Forgot password?
          </Link>
        }
      >
        <PasswordInput autoComplete="current-password" required data-testid="password-input" />
      </FormField>
      <SubmitButton pending={pending} pendingLabel="Signing in…" data-testid="sign-in-button">
        Sign in
      </SubmitButton>
      <p className="text-center text-sm text-muted-foreground">
        New here?{' '}
        <Link href={`/sign-up${withNext}`} className="font-medium text-foreground underline underline-offset-4">
          Create an account
        </Link>
      </p>
    </form>
  );
}
