import { createClient } from '@supabase/supabase-js';
import { afterAll, describe, expect, it } from 'vitest';
import { authFetch, codeIn, decodeJwt, latestMail, linkIn } from '../auth-helpers.ts';
import { ANON_KEY, apiUrl, client, signedInClient, sql, uniqueEmail } from '../helpers.ts';

const db = sql();
afterAll(() => db.end());

function fragment(location: string): URLSearchParams {
  return new URLSearchParams(new URL(location).hash.slice(1));
}

describe('auth: OTP, magic links, recovery, verify', () => {
  it('signInWithOtp creates the user and mails a magic link with a 6-digit code; verifyOtp signs in', async () => {
    const email = uniqueEmail('otp');
    const c = client();
    const { data, error } = await c.auth.signInWithOtp({ email, options: { data: { plan: 'free' } } });
    expect(error).toBeNull();
    expect(data).toEqual({ user: null, session: null });
    const mail = await latestMail(email);
    expect(mail.Subject).toBe('Your sign-in link');
    const link = linkIn(mail);
    expect(link.origin + link.pathname).toBe(`${apiUrl()}/auth/v1/verify`);
    expect(link.searchParams.get('type')).toBe('magiclink');
    expect(link.searchParams.get('redirect_to')).toBe('http://127.0.0.1:3000');
    const code = codeIn(mail);
    const [row] = await db`select id, recovery_token, raw_user_meta_data from auth.users where email = ${email}`;
    expect(row.recovery_token).toBe(link.searchParams.get('token'));
    expect(row.raw_user_meta_data.plan).toBe('free');
    const [ott] =
      await db`select token_type::text, token_hash, relates_to from auth.one_time_tokens where user_id = ${row.id}`;
    expect(ott).toEqual({ token_type: 'recovery_token', token_hash: row.recovery_token, relates_to: email });

    const v = await c.auth.verifyOtp({ email, token: code, type: 'email' });
    expect(v.error).toBeNull();
    expect(v.data.session!.user.email).toBe(email);
    expect(decodeJwt(v.data.session!.access_token).payload.amr[0].method).toBe('otp');
    const again = await client().auth.verifyOtp({ email, token: code, type: 'email' });
    expect(again.error?.status).toBe(403);
    expect(again.error?.code).toBe('otp_expired');
    expect(again.error?.message).toBe('Token has expired or is invalid');
  });

  it('refuses OTP for unknown users when shouldCreateUser is false (422 otp_disabled)', async () => {
    const r = await client().auth.signInWithOtp({
      email: uniqueEmail('nocreate'),
      options: { shouldCreateUser: false },
    });
    expect(r.error?.status).toBe(422);
    expect(r.error?.code).toBe('otp_disabled');
  });

  it('GET /verify redirects (303) with the session in the fragment, to an allow-listed redirect_to', async () => {
    const { email } = await signedInClient('link');
    await client().auth.signInWithOtp({ email, options: { emailRedirectTo: 'http://localhost:3000/welcome' } });
    const link = linkIn(await latestMail(email));
    expect(link.searchParams.get('redirect_to')).toBe('http://localhost:3000/welcome');
    const r = await fetch(link, { redirect: 'manual' });
    expect(r.status).toBe(303);
    const location = r.headers.get('location')!;
    expect(location.startsWith('http://localhost:3000/welcome#')).toBe(true);
    const f = fragment(location);
    expect([...f.keys()]).toEqual([
      'access_token',
      'expires_at',
      'expires_in',
      'refresh_token',
      'sb',
      'token_type',
      'type',
    ]);
    expect(f.get('type')).toBe('magiclink');
    expect(f.get('token_type')).toBe('bearer');
    const user = await client().auth.getUser(f.get('access_token')!);
    expect(user.data.user?.email).toBe(email);
    // The link is single-use: a second click lands with the error in the fragment.
    const second = await fetch(link, { redirect: 'manual' });
    const err = fragment(second.headers.get('location')!);
    expect(err.get('error')).toBe('access_denied');
    expect(err.get('error_code')).toBe('otp_expired');
    expect(err.get('error_description')).toBe('Email link is invalid or has expired');
  });

  it('falls back to site_url for redirect targets outside the allow-list', async () => {
    const { email } = await signedInClient('evil');
    await client().auth.signInWithOtp({ email, options: { emailRedirectTo: 'https://evil.example.com/steal' } });
    const link = linkIn(await latestMail(email));
    expect(link.searchParams.get('redirect_to')).toBe('http://127.0.0.1:3000');
    link.searchParams.set('redirect_to', 'https://evil.example.com/steal');
    const r = await fetch(link, { redirect: 'manual' });
    expect(r.headers.get('location')!.startsWith('http://127.0.0.1:3000#access_token=')).toBe(true);
  });

  it('PKCE: magic link → ?code= → exchangeCodeForSession', async () => {
    const { email } = await signedInClient('pkce');
    const storage = new Map<string, string>();
    const pkce = createClient(apiUrl(), ANON_KEY, {
      auth: {
        flowType: 'pkce',
        autoRefreshToken: false,
        persistSession: true,
        storage: {
          getItem: (k) => storage.get(k) ?? null,
          setItem: (k, v) => void storage.set(k, v),
          removeItem: (k) => void storage.delete(k),
        },
      },
    });
    expect(
      (await pkce.auth.signInWithOtp({ email, options: { emailRedirectTo: 'http://localhost:3000/cb' } })).error,
    ).toBeNull();
    const link = linkIn(await latestMail(email));
    expect(link.searchParams.get('token')).toMatch(/^pkce_[0-9a-f]{56}$/);
    const r = await fetch(link, { redirect: 'manual' });
    expect(r.status).toBe(303);
    const target = new URL(r.headers.get('location')!);
    expect(target.origin + target.pathname).toBe('http://localhost:3000/cb');
    const code = target.searchParams.get('code')!;
    expect(code).toMatch(/^[0-9a-f-]{36}$/);
    const { data, error } = await pkce.auth.exchangeCodeForSession(code);
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(decodeJwt(data.session!.access_token).payload.amr[0].method).toBe('magiclink');
    const replay = await authFetch('/token?grant_type=pkce', {
      body: { auth_code: code, code_verifier: 'x'.repeat(43) },
    });
    expect(replay.status).toBe(404);
    expect(replay.body.code).toBe('flow_state_not_found');
  });

  it('recovery: resetPasswordForEmail mails a link; verifying it allows a new password', async () => {
    const { email } = await signedInClient('recover');
    const c = client();
    const r = await c.auth.resetPasswordForEmail(email, { redirectTo: 'http://localhost:3000/reset' });
    expect(r).toEqual({ data: {}, error: null });
    const mail = await latestMail(email);
    expect(mail.Subject).toBe('Reset your password');
    const link = linkIn(mail);
    expect(link.searchParams.get('type')).toBe('recovery');
    const v = await c.auth.verifyOtp({ token_hash: link.searchParams.get('token')!, type: 'recovery' });
    expect(v.error).toBeNull();
    expect((await c.auth.updateUser({ password: 'recovered-pass' })).error).toBeNull();
    expect((await client().auth.signInWithPassword({ email, password: 'recovered-pass' })).error).toBeNull();
    const [row] = await db`select recovery_token from auth.users where email = ${email}`;
    expect(row.recovery_token).toBe('');
  });

  it('answers {} for an unknown email on /recover and resend', async () => {
    const r = await client().auth.resetPasswordForEmail(uniqueEmail('nobody'));
    expect(r).toEqual({ data: {}, error: null });
    const s = await client().auth.resend({ type: 'signup', email: uniqueEmail('nobody') });
    expect(s.error).toBeNull();
  });

  it('validates verify input', async () => {
    const noType = await authFetch('/verify', { body: { token_hash: 'x' } });
    expect(noType.body).toEqual({ code: 'validation_failed', message: 'Verify requires a verification type' });
    const both = await authFetch('/verify', { body: { type: 'email', token: '1', token_hash: 'x' } });
    expect(both.body.message).toBe('Verify requires either a token or a token hash');
    const bad = await authFetch('/verify', { body: { type: 'magiclink', token_hash: 'deadbeef' } });
    expect(bad.status).toBe(403);
    expect(bad.body).toEqual({ code: 'otp_expired', message: 'Email link is invalid or has expired' });
  });
});
