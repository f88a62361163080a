import { describe, expect, it } from 'vitest';
import { AppError, authError } from './errors';

describe('AppError', () => {
  it('carries a type:surface code', () => {
    const e = new AppError('not_found:channel');
    expect([e.type, e.surface, e.code]).toEqual(['not_found', 'channel', 'not_found:channel']);
  });

  it('hides details of internal errors from the client', () => {
    const r = new AppError('internal:database', 'relation "x" does not exist').toResult();
    expect(r).toEqual({
      ok: false,
      code: 'internal:database',
      message: 'Something went wrong on our side. Please try again.',
    });
  });

  it('maps Supabase Auth errors to actionable messages', () => {
    expect(authError({ code: 'invalid_credentials', status: 400 }).toResult()).toMatchObject({
      code: 'unauthorized:auth',
      message: 'Email or password is incorrect.',
    });
    expect(authError({ code: 'user_already_exists', status: 422 }).toResult().fieldErrors).toHaveProperty('email');
    expect(authError({ status: 429 }).code).toBe('rate_limit:auth');
    expect(authError({ name: 'AuthRetryableFetchError', status: 0 }).code).toBe('offline:auth');
    expect(authError({ code: 'something_new', status: 500 }).code).toBe('internal:auth');
  });
});
