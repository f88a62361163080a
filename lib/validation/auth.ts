import { checkFields, type FieldErrors, text } from './form';

/**
 * Auth form rules, shared by the browser (instant feedback) and the zod schemas the server actions
 * use (lib/schemas/auth.ts). Messages are written to be shown next to the field as they are.
 * The password minimum matches `[auth] minimum_password_length` in supabase/config.toml.
 */
export const PASSWORD_MIN_LENGTH = 6;
export const PASSWORD_MAX_LENGTH = 72;
export const EMAIL_MAX_LENGTH = 254;

/** zod's `z.email()` pattern, so the browser refuses exactly what the server action refuses. */
const EMAIL = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** What is wrong with a trimmed email address, or null. */
export function emailError(email: string): string | null {
  if (email.length === 0) return 'Please enter your email address.';
  if (email.length > EMAIL_MAX_LENGTH) return 'That email address is too long.';
  if (!EMAIL.test(email)) return 'Please enter a valid email address, like name@example.com.';
  return null;
}

export function newPasswordError(password: string): string | null {
  if (password.length === 0) return 'Please choose a password.';
  if (password.length < PASSWORD_MIN_LENGTH) return `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`;
  return null;
}

export function checkSignIn(values: Record<string, unknown>): FieldErrors {
  return checkFields({
    email: emailError(text(values.email).trim()),
    password: text(values.password).length === 0 ? 'Please enter your password.' : null,
  });
}

export function checkSignUp(values: Record<string, unknown>): FieldErrors {
  return checkFields({
    email: emailError(text(values.email).trim()),
    password: newPasswordError(text(values.password)),
  });
}

export function checkRequestPasswordReset(values: Record<string, unknown>): FieldErrors {
  return checkFields({ email: emailError(text(values.email).trim()) });
}

export function checkUpdatePassword(values: Record<string, unknown>): FieldErrors {
  const password = text(values.password);
  const confirm = text(values.confirmPassword);
  return checkFields({
    password: newPasswordError(password),
    confirmPassword:
      confirm.length === 0
        ? 'Please repeat the password.'
        : password !== confirm
          ? 'The passwords do not match.'
          : null,
  });
}
