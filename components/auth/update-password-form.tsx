'use client';

import { updatePasswordAction } from '@/app/(auth)/actions';
import { FormError } from '@/components/auth/form-error';
import { PasswordInput } from '@/components/auth/password-input';
import { SubmitButton } from '@/components/auth/submit-button';
import { FormField } from '@/components/ui/form-field';
import { useFormAction } from '@/hooks/use-form-action';
import { checkUpdatePassword, PASSWORD_MIN_LENGTH } from '@/lib/validation/auth';

export function UpdatePasswordForm({ email }: { email: string | null }) {
  const { state, pending, onSubmit } = useFormAction(checkUpdatePassword, updatePasswordAction);

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="grid gap-4"
      data-testid="update-password-form"
      aria-label="Choose a new password"
    >
      {/* Lets password managers attach the new password to the right account. */}
      {email ? <input type="email" name="username" autoComplete="username" value={email} readOnly hidden /> : null}
      <FormError message={state.formError} />
      <FormField
        label="New password"
        name="password"
        error={state.fieldErrors.password}
        description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
      >
        <PasswordInput autoComplete="new-password" autoFocus required data-testid="new-password-input" />
      </FormField>
      <FormField label="Repeat new password" name="confirmPassword" error={state.fieldErrors.confirmPassword}>
        <PasswordInput autoComplete="new-password" required data-testid="confirm-password-input" />
      </FormField>
      <SubmitButton pending={pending} pendingLabel="Saving…" data-testid="update-password-button">
        Save new password
      </SubmitButton>
    </form>
  );
}
