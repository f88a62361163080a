import { z } from 'zod';
import { emailError, newPasswordError } from '../validation/auth';
import { byRule } from './field-errors';

/**
 * Auth inputs of the server actions (the truth). The rules and messages live in
 * lib/validation/auth.ts, which the forms use in the browser without zod.
 */
export { PASSWORD_MIN_LENGTH } from '../validation/auth';

const email = z
  .string({ error: 'Please enter your email address.' })
  .trim()
  .superRefine(byRule(emailError))
  .transform((v) => v.toLowerCase());

const newPassword = z.string({ error: 'Please choose a password.' }).superRefine(byRule(newPasswordError));

/** A `next` path as it arrives; safeNextPath() decides what it really means. */
const next = z.string().max(2048).optional();

export const signInSchema = z.object({
  email,
  password: z.string({ error: 'Please enter your password.' }).min(1, 'Please enter your password.'),
  next,
});
export type SignInInput = z.infer<typeof signInSchema>;

export const signUpSchema = z.object({
  email,
  password: newPassword,
  next,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const requestPasswordResetSchema = z.object({ email });
export type RequestPasswordResetInput = z.infer<typeof requestPasswordResetSchema>;

export const updatePasswordSchema = z
  .object({
    password: newPassword,
    confirmPassword: z.string({ error: 'Please repeat the password.' }).min(1, 'Please repeat the password.'),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match.',
  });
export type UpdatePasswordInput = z.infer<typeof updatePasswordSchema>;
