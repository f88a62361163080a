import { afterAll, describe, expect, it } from 'vitest';
import { authFetch, decodeJwt } from '../auth-helpers.ts';
import { apiUrl, client, sql, uniqueEmail } from '../helpers.ts';

const db = sql();
afterAll(() => db.end());

describe('auth: signup and password sign-in', () => {
  it('signs up with autoconfirm: session, exact claims, and real auth.* rows', async () => {
    const c = client();
    const email = uniqueEmail('signup').toUpperCase().replace('@EXAMPLE.COM', '@Example.com');
    const { data, error } = await c.auth.signUp({
      email,
      password: 'password123',
      options: { data: { full_name: 'Ada' } },
    });
    expect(error).toBeNull();
    const s = data.session!;
    expect(s.token_type).toBe('bearer');
    expect(s.expires_in).toBe(3600);
    expect(s.refresh_token).toMatch(/^[a-z2-7]{12}$/);
    const u = data.user!;
    expect(u.email).toBe(email.toLowerCase());
    expect(u.role).toBe('authenticated');
    expect(u.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
    expect(u.user_metadata).toEqual({
      sub: u.id,
      email: email.toLowerCase(),
      email_verified: true,
      phone_verified: false,
      full_name: 'Ada',
    });
    expect(u.identities).toHaveLength(1);
    expect(u.identities![0]).toMatchObject({ id: u.id, user_id: u.id, provider: 'email', email: email.toLowerCase() });
    expect(u.identities![0].identity_data).toMatchObject({ email_verified: false, sub: u.id });
    expect(u.is_anonymous).toBe(false);
    expect(u.email_confirmed_at).toBeTruthy();
    expect('recovery_sent_at' in u).toBe(false);

    const { header, payload } = decodeJwt(s.access_token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(header.kid).toBeTruthy();
    expect(Object.keys(payload)).toEqual([
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'email',
      'phone',
      'app_metadata',
      'user_metadata',
      'role',
      'aal',
      'amr',
      'session_id',
      'is_anonymous',
    ]);
    expect(payload).toMatchObject({
      iss: `${apiUrl()}/auth/v1`,
      sub: u.id,
      aud: 'authenticated',
      email: email.toLowerCase(),
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      is_anonymous: false,
    });
    expect(payload.exp - payload.iat).toBe(3600);
    expect(payload.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);

    const [row] = await db`select instance_id, aud, role, email, encrypted_password, raw_app_meta_data,
      raw_user_meta_data, email_confirmed_at, last_sign_in_at from auth.users where id = ${u.id}`;
    expect(row.instance_id).toBe('00000000-0000-0000-0000-000000000000');
    expect(row.aud).toBe('authenticated');
    expect(row.encrypted_password).toMatch(/^\$2a\$10\$/);
    expect(row.raw_app_meta_data).toEqual({ provider: 'email', providers: ['email'] });
    expect(row.email_confirmed_at).toBeInstanceOf(Date);
    const identities = await db`select provider, provider_id, email from auth.identities where user_id = ${u.id}`;
    expect(identities).toEqual([{ provider: 'email', provider_id: u.id, email: email.toLowerCase() }]);
    const [session] = await db`select id, aal::text from auth.sessions where user_id = ${u.id}`;
    expect(session.id).toBe(payload.session_id);
    const tokens = await db`select token, revoked, parent from auth.refresh_tokens where session_id = ${session.id}`;
    expect(tokens).toEqual([{ token: s.refresh_token, revoked: false, parent: null }]);
    const amr = await db`select authentication_method from auth.mfa_amr_claims where session_id = ${session.id}`;
    expect(amr).toEqual([{ authentication_method: 'password' }]);
    // The app trigger ran in the same transaction.
    const [profile] = await db`select email, full_name from public.profiles where id = ${u.id}`;
    expect(profile).toEqual({ email: email.toLowerCase(), full_name: 'Ada' });
  });

  it('signs in with password (any email case) and refuses a duplicate signup with 422 user_already_exists', async () => {
    const email = uniqueEmail('signin');
    expect((await client().auth.signUp({ email, password: 'password123' })).error).toBeNull();
    const c = client();
    const { data, error } = await c.auth.signInWithPassword({ email: email.toUpperCase(), password: 'password123' });
    expect(error).toBeNull();
    expect(data.session!.user.email).toBe(email);
    expect(data.user!.last_sign_in_at).toBeTruthy();
    const dup = await client().auth.signUp({ email, password: 'another123' });
    expect(dup.error?.status).toBe(422);
    expect(dup.error?.code).toBe('user_already_exists');
    expect(dup.error?.message).toBe('User already registered');
    const [{ n }] = await db`select count(*)::int as n from auth.users where email = ${email}`;
    expect(n).toBe(1);
  });

  it('answers a wrong password and an unknown email identically (no enumeration)', async () => {
    const email = uniqueEmail('enum');
    await client().auth.signUp({ email, password: 'password123' });
    const wrong = await authFetch('/token?grant_type=password', { body: { email, password: 'nope-nope' } });
    const unknown = await authFetch('/token?grant_type=password', {
      body: { email: uniqueEmail('ghost'), password: 'nope-nope' },
    });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(wrong.body).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get('x-sb-error-code')).toBe('invalid_credentials');
    expect(unknown.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    const viaClient = await client().auth.signInWithPassword({ email, password: 'nope-nope' });
    expect(viaClient.error?.code).toBe('invalid_credentials');
    expect(viaClient.data.session).toBeNull();
  });

  it('signs in a seeded user whose password pgcrypto hashed ($2a$)', async () => {
    const email = uniqueEmail('seeded');
    const [{ id }] = await db`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', ${email},
        extensions.crypt('seed-pass-1', extensions.gen_salt('bf')), now(), '{"provider":"email","providers":["email"]}',
        '{}', now(), now())
      returning id`;
    const { data, error } = await client().auth.signInWithPassword({ email, password: 'seed-pass-1' });
    expect(error).toBeNull();
    expect(data.user!.id).toBe(id);
    expect(data.user!.identities).toEqual([]);
    expect((await client().auth.signInWithPassword({ email, password: 'seed-pass-2' })).error?.code).toBe(
      'invalid_credentials',
    );
  });

  it('signs in anonymously with is_anonymous claims and no provider', async () => {
    const c = client();
    const { data, error } = await c.auth.signInAnonymously({ options: { data: { nick: 'anon' } } });
    expect(error).toBeNull();
    expect(data.user!.is_anonymous).toBe(true);
    expect(data.user!.email).toBe('');
    expect(data.user!.app_metadata).toEqual({});
    expect(data.user!.user_metadata).toEqual({ nick: 'anon' });
    const { payload } = decodeJwt(data.session!.access_token);
    expect(payload).toMatchObject({ is_anonymous: true, role: 'authenticated', email: '', phone: '' });
    expect(payload.amr[0].method).toBe('anonymous');
    const [row] = await db`select is_anonymous, email from auth.users where id = ${data.user!.id}`;
    expect(row).toEqual({ is_anonymous: true, email: null });
    expect((await c.auth.getUser()).data.user?.id).toBe(data.user!.id);
  });

  it('answers 500 unexpected_failure when an app trigger on auth.users fails, leaving nothing behind', async () => {
    const email = uniqueEmail('trigger');
    const r = await authFetch('/signup', { body: { email, password: 'password123', data: { fail_trigger: 'yes' } } });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ code: 'unexpected_failure', message: 'Database error saving new user' });
    const viaClient = await client().auth.signUp({
      email,
      password: 'password123',
      options: { data: { fail_trigger: 'yes' } },
    });
    expect(viaClient.error?.status).toBe(500);
    expect(viaClient.error?.message).toBe('Database error saving new user');
    expect(await db`select id from auth.users where email = ${email}`).toHaveLength(0);
    expect(await db`select id from public.profiles where email = ${email}`).toHaveLength(0);
    expect(await db`select 1 from auth.identities where email = ${email}`).toHaveLength(0);
  });

  it('serves /settings, /health and the JWKS getClaims() uses', async () => {
    const settings = await authFetch('/settings');
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({
      disable_signup: false,
      mailer_autoconfirm: true,
      external: { anonymous_users: true, email: true, phone: false, github: false },
    });
    const health = await authFetch('/health');
    expect(health.body).toMatchObject({ name: 'GoTrue', version: expect.stringMatching(/^v2\./) });
    const jwks = await authFetch('/.well-known/jwks.json');
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=600');
    expect(jwks.body.keys).toHaveLength(1);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.body.keys[0].d).toBeUndefined();
    expect(jwks.body.keys.some((k: { kty: string }) => k.kty === 'oct')).toBe(false);
  });
});
