import { describe, expect, it } from 'vitest';
import { signInSchema, signUpSchema, updatePasswordSchema } from './auth';
import { fieldErrorsOf } from './field-errors';

describe('auth schemas', () => {
  it('normalises the email', () => {
    const r = signInSchema.parse({ email: '  Ada@Example.COM ', password: 'x' });
    expect(r.email).toBe('ada@example.com');
  });

  it('explains a short password in words a person can act on', () => {
    const r = signUpSchema.safeParse({ email: 'ada@example.com', password: '12345' });
    expect(r.success).toBe(false);
    expect(fieldErrorsOf(r.error!)).toEqual({ password: 'Password must be at least 6 characters.' });
  });

  it('reports each invalid field once', () => {
    const r = signUpSchema.safeParse({ email: 'nope', password: '' });
    expect(fieldErrorsOf(r.error!)).toEqual({
      email: 'Please enter a valid email address, like name@example.com.',
      password: 'Please choose a password.',
    });
  });

  it('requires matching passwords', () => {
    const r = updatePasswordSchema.safeParse({ password: 'secret123', confirmPassword: 'secret124' });
    expect(fieldErrorsOf(r.error!)).toEqual({ confirmPassword: 'The passwords do not match.' });
  });
});
