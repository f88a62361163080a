import { beforeAll, describe, expect, it } from 'vitest';

let env: typeof import('./env');

beforeAll(async () => {
  process.env.NEXT_PUBLIC_SUPABASE_URL = 'http://127.0.0.1:54321';
  process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY = 'sb_publishable_test';
  env = await import('./env');
});

describe('env', () => {
  it('reads the public values', () => {
    expect(env.publicEnv).toEqual({
      NEXT_PUBLIC_SUPABASE_URL: 'http://127.0.0.1:54321',
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_test',
    });
  });

  it('lists every problem in one error a person can act on', () => {
    const rules = {
      url: (v: string | undefined) => (v?.startsWith('http') ? null : 'URL must be a URL'),
      key: (v: string | undefined) => (v ? null : 'KEY is not set'),
    };
    expect(() => env.checkEnv(rules, { url: 'nope', key: undefined })).toThrow(
      'Invalid environment:\n  - URL must be a URL\n  - KEY is not set',
    );
    expect(env.checkEnv(rules, { url: 'http://x', key: 'k' })).toEqual({ url: 'http://x', key: 'k' });
  });

  it('refuses a missing or empty secret key with the variable named', () => {
    const saved = process.env.SUPABASE_SECRET_KEY;
    try {
      process.env.SUPABASE_SECRET_KEY = '';
      expect(() => env.serverEnv()).toThrow('SUPABASE_SECRET_KEY is empty');
      delete process.env.SUPABASE_SECRET_KEY;
      expect(() => env.serverEnv()).toThrow(/SUPABASE_SECRET_KEY is not set/);
      process.env.SUPABASE_SECRET_KEY = 'sb_secret_test';
      expect(env.serverEnv()).toEqual({ SUPABASE_SECRET_KEY: 'sb_secret_test' });
    } finally {
      if (saved === undefined) delete process.env.SUPABASE_SECRET_KEY;
      else process.env.SUPABASE_SECRET_KEY = saved;
    }
  });
});
