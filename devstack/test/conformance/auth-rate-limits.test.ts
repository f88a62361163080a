import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch, type ExtraStack, startExtraStack } from '../auth-helpers.ts';
import { uniqueEmail } from '../helpers.ts';

// A devstack with tiny [auth.rate_limit] values. Buckets are per client IP (X-Forwarded-For), so
// each test uses its own address; email_sent is global, as in GoTrue.
let stack: ExtraStack;
beforeAll(async () => {
  stack = await startExtraStack(
    2,
    `[auth]
enable_anonymous_sign_ins = true
[auth.rate_limit]
email_sent = 2
sign_in_sign_ups = 3
token_refresh = 3
token_verifications = 3
anonymous_users = 2
[auth.email]
enable_confirmations = true
max_frequency = "0s"`,
  );
});
afterAll(async () => {
  await stack?.stop();
});

const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('auth rate limits', () => {
  it('sign-ups and password sign-ins share sign_in_sign_ups per IP → 429 over_request_rate_limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await authFetch('/token?grant_type=password', {
        body: { email: uniqueEmail('rl'), password: 'password123' },
        headers: from('10.0.0.1'),
        target: stack,
      });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.body).toEqual({ code: 'over_request_rate_limit', message: 'Request rate limit reached' });
        expect(r.headers.get('x-sb-error-code')).toBe('over_request_rate_limit');
      }
    }
    expect(statuses).toEqual([400, 400, 400, 429]);
    const otherIp = await authFetch('/token?grant_type=password', {
      body: { email: uniqueEmail('rl'), password: 'password123' },
      headers: from('10.0.0.2'),
      target: stack,
    });
    expect(otherIp.status).toBe(400);
  });

  it('token refresh and verify have their own limits', async () => {
    const refresh = [];
    for (let i = 0; i < 4; i++) {
      refresh.push(
        (
          await authFetch('/token?grant_type=refresh_token', {
            body: { refresh_token: 'x' },
            headers: from('10.0.1.1'),
            target: stack,
          })
        ).status,
      );
    }
    expect(refresh).toEqual([400, 400, 400, 429]);
    const verify = [];
    for (let i = 0; i < 4; i++) {
      verify.push(
        (
          await authFetch('/verify', {
            body: { type: 'signup', token_hash: 'abc' },
            headers: from('10.0.1.2'),
            target: stack,
          })
        ).status,
      );
    }
    expect(verify).toEqual([403, 403, 403, 429]);
  });

  it('emails per hour → 429 over_email_send_rate_limit, and no user is left behind', async () => {
    const statuses: number[] = [];
    const emails: string[] = [];
    for (let i = 0; i < 3; i++) {
      const email = uniqueEmail('mailrl');
      emails.push(email);
      const r = await authFetch('/signup', {
        body: { email, password: 'password123' },
        headers: from(`10.0.2.${i}`),
        target: stack,
      });
      statuses.push(r.status);
      if (r.status === 429)
        expect(r.body).toEqual({ code: 'over_email_send_rate_limit', message: 'email rate limit exceeded' });
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(await stack.sql`select 1 from auth.users where email = ${emails[2]}`).toHaveLength(0);
  });

  it('anonymous sign-ins are limited per hour', async () => {
    const s = [];
    for (let i = 0; i < 3; i++)
      s.push((await authFetch('/signup', { body: {}, headers: from('10.0.3.1'), target: stack })).status);
    expect(s).toEqual([200, 200, 429]);
  });
});
