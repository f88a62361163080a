import { z } from 'zod';

/**
 * Auth form inputs. The same schemas run in the browser (instant feedback) and in the server
 * actions (the truth). Messages are written to be shown next to the field as they are.
 * The password minimum matches `[auth] minimum_password_length` in supabase/config.toml.
 */
export const PASSWORD_MIN_LENGTH = 6;

const email = z
  .string({ error: 'Please enter your email address.' })
  .trim()
  .min(1, 'Please enter your email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Please enter a valid email address, like name@example.com.' }))
  .transform((v) => v.toLowerCase());

const newPassword = z
  .string({ error: 'Please choose a password.' })
  .min(1, 'Please choose a password.')
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(72, 'Password must be at most 72 characters.');

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
