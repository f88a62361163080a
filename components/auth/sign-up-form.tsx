'use client';

import Link from 'next/link';
import { useState } from 'react';
import { signUpAction } from '@/app/(auth)/actions';
import { FormError, FormNotice } from '@/components/auth/form-error';
import { PasswordInput } from '@/components/auth/password-input';
import { SubmitButton } from '@/components/auth/submit-button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useFormAction } from '@/hooks/use-form-action';
import { checkSignUp, PASSWORD_MIN_LENGTH } from '@/lib/validation/auth';

export function SignUpForm({ next }: { next: string }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { state, pending, onSubmit } = useFormAction(checkSignUp, signUpAction, {
    // Only reached when the server needs the email confirmed first (otherwise it redirects).
    onSuccess: (_data, form) => setSentTo(String(new FormData(form).get('email') ?? '')),
  });
  const withNext = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;

  if (sentTo) {
    return (
      <FormNotice
        testId="sign-up-check-email"
        message={`Almost there: we sent a confirmation link to ${sentTo}. Open it to finish signing up.`}
      />
    );
  }

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4" data-testid="sign-up-form" aria-label="Create account">
      <FormError message={state.formError} />
      <input type="hidden" name="next" value={next} />
      <FormField label="Email" name="email" error={state.fieldErrors.email}>
        <Input type="email" autoComplete="email" inputMode="email" autoFocus required data-testid="email-input" />
      </FormField>
      <FormField
        label="Password"
        name="password"
        error={state.fieldErrors.password}
        description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
      >
        <PasswordInput
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          data-testid="password-input"
        />
      </FormField>
      <SubmitButton pending={pending} pendingLabel="Creating account…" data-testid="sign-up-button">
        Create account
      </SubmitButton>
      <p className="text-center text-sm text-muted-foreground">
        Already have an account?{' '}
        <Link href={`/login${withNext}`} className="font-medium text-foreground underline underline-offset-4">
          Sign in
        </Link>
      </p>
    </form>
  );
}
