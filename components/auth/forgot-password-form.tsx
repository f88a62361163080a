'use client';

import Link from 'next/link';
import { useState } from 'react';
import { requestPasswordResetAction } from '@/app/(auth)/actions';
import { FormError, FormNotice } from '@/components/auth/form-error';
import { SubmitButton } from '@/components/auth/submit-button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useFormAction } from '@/hooks/use-form-action';
import { checkRequestPasswordReset } from '@/lib/validation/auth';

export function ForgotPasswordForm({ notice }: { notice?: string | null }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { state, pending, onSubmit } = useFormAction(checkRequestPasswordReset, requestPasswordResetAction, {
    onSuccess: (data) => setSentTo(data.email),
  });

  if (sentTo) {
    return (
      <div className="grid gap-4">
        <FormNotice
          testId="reset-email-sent"
          message={`If an account exists for ${sentTo}, we sent it a link to reset the password. The link works once.`}
        />
        <p className="text-center text-sm text-muted-foreground">
          <Link href="/login" className="font-medium text-foreground underline underline-offset-4">
            Back to sign in
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="grid gap-4"
      data-testid="forgot-password-form"
      aria-label="Reset password"
    >
      <FormError message={state.formError ?? notice} />
      <FormField label="Email" name="email" error={state.fieldErrors.email}>
        <Input type="email" autoComplete="email" inputMode="email" autoFocus required data-testid="email-input" />
      </FormField>
      <SubmitButton pending={pending} pendingLabel="Sending link…" data-testid="send-reset-link-button">
        Send reset link
      </SubmitButton>
      <p className="text-center text-sm text-muted-foreground">
        Remembered it?{' '}
        <Link href="/login" className="font-medium text-foreground underline underline-offset-4">
          Sign in
        </Link>
      </p>
    </form>
  );
}
