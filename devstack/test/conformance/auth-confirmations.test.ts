import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authFetch,
  clientFor,
  codeIn,
  type ExtraStack,
  latestMail,
  linkIn,
  mailsTo,
  startExtraStack,
} from '../auth-helpers.ts';
import { ANON_KEY, uniqueEmail } from '../helpers.ts';

// A second devstack with `enable_confirmations = true` (mails instead of sessions), secure email
// change, and a 1-second refresh-token reuse interval.
let stack: ExtraStack;
beforeAll(async () => {
  stack = await startExtraStack(
    1,
    `[auth]
site_url = "http://127.0.0.1:3000"
additional_redirect_urls = ["http://localhost:3000/**"]
refresh_token_reuse_interval = 1
enable_anonymous_sign_ins = false
[auth.rate_limit]
email_sent = 1000
sign_in_sign_ups = 1000
token_refresh = 1000
token_verifications = 1000
[auth.email]
enable_confirmations = true
double_confirm_changes = true
max_frequency = "0s"`,
  );
});
afterAll(async () => {
  await stack?.stop();
});

const c = () => clientFor(stack);

async function confirmedUser(tag: string) {
  const email = uniqueEmail(tag);
  await c().auth.signUp({ email, password: 'password123' });
  const token = linkIn(await latestMail(email, stack)).searchParams.get('token')!;
  const v = await c().auth.verifyOtp({ token_hash: token, type: 'signup' });
  if (v.error) throw v.error;
  return { email, session: v.data.session!, user: v.data.user! };
}

describe('auth with email confirmations on', () => {
  it('signUp answers a bare user and mails a confirmation link + code; sign-in waits for it', async () => {
    const email = uniqueEmail('confirm');
    const { data, error } = await c().auth.signUp({ email, password: 'password123' });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user!.email).toBe(email);
    expect(data.user!.confirmation_sent_at).toBeTruthy();
    expect(data.user!.email_confirmed_at).toBeUndefined();
    expect(
      (await stack.sql`select email_confirmed_at from auth.users where email = ${email}`)[0].email_confirmed_at,
    ).toBeNull();

    const early = await c().auth.signInWithPassword({ email, password: 'password123' });
    expect(early.error?.status).toBe(400);
    expect(early.error?.code).toBe('email_not_confirmed');

    const mail = await latestMail(email, stack);
    expect(mail.Subject).toBe('Confirm your email address');
    const link = linkIn(mail);
    expect(link.origin + link.pathname).toBe(`${stack.apiUrl}/auth/v1/verify`);
    expect(link.searchParams.get('type')).toBe('signup');
    expect(codeIn(mail)).toMatch(/^\d{6}$/);

    const r = await fetch(link, { redirect: 'manual' });
    expect(r.status).toBe(303);
    const location = new URL(r.headers.get('location')!);
    expect(location.origin).toBe('http://127.0.0.1:3000');
    const f = new URLSearchParams(location.hash.slice(1));
    expect(f.get('type')).toBe('signup');
    expect(f.get('access_token')).toBeTruthy();
    const [row] = await stack.sql`select email_confirmed_at, raw_user_meta_data from auth.users where email = ${email}`;
    expect(row.email_confirmed_at).toBeInstanceOf(Date);
    expect(row.raw_user_meta_data.email_verified).toBe(true);
    expect((await c().auth.signInWithPassword({ email, password: 'password123' })).error).toBeNull();
  });

  it('verifyOtp with the mailed code confirms; resend mails a fresh code', async () => {
    const email = uniqueEmail('code');
    await c().auth.signUp({ email, password: 'password123' });
    const first = codeIn(await latestMail(email, stack));
    expect((await c().auth.resend({ type: 'signup', email })).error).toBeNull();
    const mails = await mailsTo(email, stack);
    expect(mails).toHaveLength(2);
    const second = codeIn(mails[0]);
    if (first !== second) {
      const stale = await c().auth.verifyOtp({ email, token: first, type: 'signup' });
      expect(stale.error?.code).toBe('otp_expired');
    }
    const v = await c().auth.verifyOtp({ email, token: second, type: 'signup' });
    expect(v.error).toBeNull();
    expect(v.data.session?.user.email_confirmed_at).toBeTruthy();
  });

  it('a repeated signup of a confirmed email answers an obfuscated user (no enumeration)', async () => {
    const { email, user } = await confirmedUser('dup');
    const { data, error } = await c().auth.signUp({ email, password: 'other-password' });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user!.id).not.toBe(user.id);
    expect(data.user!.identities).toEqual([]);
    expect((await stack.sql`select count(*)::int as n from auth.users where email = ${email}`)[0].n).toBe(1);
  });

  it('PKCE signup: the mailed pkce_ link redirects with ?code=', async () => {
    const storage = new Map<string, string>();
    const pkce = createClient(stack.apiUrl, ANON_KEY, {
      auth: {
        flowType: 'pkce',
        autoRefreshToken: false,
        storage: {
          getItem: (k) => storage.get(k) ?? null,
          setItem: (k, v) => void storage.set(k, v),
          removeItem: (k) => void storage.delete(k),
        },
      },
    });
    const email = uniqueEmail('pkce-signup');
    await pkce.auth.signUp({
      email,
      password: 'password123',
      options: { emailRedirectTo: 'http://localhost:3000/done' },
    });
    const link = linkIn(await latestMail(email, stack));
    expect(link.searchParams.get('token')).toMatch(/^pkce_/);
    const r = await fetch(link, { redirect: 'manual' });
    const code = new URL(r.headers.get('location')!).searchParams.get('code')!;
    const { data, error } = await pkce.auth.exchangeCodeForSession(code);
    expect(error).toBeNull();
    expect(data.session!.user.email).toBe(email);
  });

  it('secure email change needs both links: the first answers a single-confirmation message', async () => {
    const { email, session } = await confirmedUser('secure');
    const client = c();
    await client.auth.setSession(session);
    const next = uniqueEmail('secure-new');
    expect((await client.auth.updateUser({ email: next })).error).toBeNull();
    const current = linkIn(await latestMail(email, stack)).searchParams.get('token')!;
    const fresh = linkIn(await latestMail(next, stack)).searchParams.get('token')!;
    const one = await authFetch('/verify', { body: { type: 'email_change', token_hash: current }, target: stack });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      msg: 'Confirmation link accepted. Please proceed to confirm link sent to the other email',
      code: '200',
    });
    const [mid] = await stack.sql`select email, email_change_confirm_status from auth.users where email = ${email}`;
    expect(mid.email_change_confirm_status).toBe(1);
    const two = await client.auth.verifyOtp({ token_hash: fresh, type: 'email_change' });
    expect(two.error).toBeNull();
    expect(two.data.user!.email).toBe(next);
  });

  it('refresh-token reuse after the interval revokes the family (400 refresh_token_already_used)', async () => {
    const { session } = await confirmedUser('reuse');
    const refresh = (t: string) =>
      authFetch('/token?grant_type=refresh_token', { body: { refresh_token: t }, target: stack });
    const a = await refresh(session.refresh_token);
    const b = await refresh(a.body.refresh_token);
    expect(b.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    const reused = await refresh(session.refresh_token);
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({ code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used' });
    const rows = await stack.sql`select revoked from auth.refresh_tokens where session_id = (
      select session_id from auth.refresh_tokens where token = ${session.refresh_token})`;
    expect(rows.length).toBe(3);
    expect(rows.every((r) => r.revoked)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const latest = await refresh(b.body.refresh_token);
    expect(latest.status).toBe(400);
    expect(latest.body.code).toBe('refresh_token_already_used');
  });

  it('anonymous sign-ins disabled → 422 anonymous_provider_disabled', async () => {
    const r = await c().auth.signInAnonymously();
    expect(r.error?.status).toBe(422);
    expect(r.error?.code).toBe('anonymous_provider_disabled');
  });
});
