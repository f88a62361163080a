import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { authFetch, decodeJwt } from '../auth-helpers.ts';
import { adminClient, apiUrl, client, JWT_SECRET, signedInClient, sql, uniqueEmail } from '../helpers.ts';

const db = sql();
afterAll(() => db.end());

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const hs256 = (claims: Record<string, unknown>, secret = JWT_SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));

describe('auth: bad input', () => {
  it('malformed JSON → 400 bad_json, nothing created', async () => {
    const email = uniqueEmail('badjson');
    const r = await authFetch('/signup', { rawBody: `{"email":"${email}","password":` });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('bad_json');
    expect(r.body.message).toMatch(/^Could not parse request body as JSON: /);
    expect(r.headers.get('x-sb-error-code')).toBe('bad_json');
    const wrongType = await authFetch('/signup', { body: { email: 42, password: 'password123' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.code).toBe('bad_json');
    expect(await db`select 1 from auth.users where email = ${email}`).toHaveLength(0);
  });

  it('oversized body → 413', async () => {
    const r = await fetch(`${apiUrl()}/auth/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
      body: JSON.stringify({ email: uniqueEmail('big'), password: 'x'.repeat(11 * 1024 * 1024) }),
    });
    expect(r.status).toBe(413);
    expect((await r.json()).code).toBe('request_entity_too_large');
  });

  it('validates email and password like GoTrue', async () => {
    const invalid = await client().auth.signUp({ email: 'not-an-email', password: 'password123' });
    expect(invalid.error?.status).toBe(400);
    expect(invalid.error?.code).toBe('validation_failed');
    expect(invalid.error?.message).toBe('Unable to validate email address: invalid format');
    const weak = await authFetch('/signup', { body: { email: uniqueEmail('weak'), password: '123' } });
    expect(weak.status).toBe(422);
    expect(weak.body).toEqual({
      code: 'weak_password',
      message: 'Password should be at least 6 characters.',
      weak_password: { reasons: ['length'] },
    });
    const weakClient = await client().auth.signUp({ email: uniqueEmail('weak'), password: '123' });
    expect(weakClient.error?.name).toBe('AuthWeakPasswordError');
    const long = await authFetch('/signup', { body: { email: uniqueEmail('long'), password: 'a'.repeat(73) } });
    expect(long.status).toBe(400);
    expect(long.body).toEqual({ code: 'validation_failed', message: 'Password cannot be longer than 72 characters' });
    const noPassword = await authFetch('/signup', { body: { email: uniqueEmail('nopw') } });
    expect(noPassword.body).toEqual({ code: 'validation_failed', message: 'Signup requires a valid password' });
  });

  it('speaks the legacy error shape to clients without X-Supabase-Api-Version', async () => {
    const r = await fetch(`${apiUrl()}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: uniqueEmail('legacy'), password: 'whatever1' }),
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('x-supabase-api-version')).toBeNull();
    expect(r.headers.get('x-sb-error-code')).toBe('invalid_credentials');
    expect(await r.json()).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
  });

  it('bearer endpoints: missing → 401, anon key (no sub) → 403 bad_jwt', async () => {
    const none = await fetch(`${apiUrl()}/auth/v1/user`, { headers: { 'X-Supabase-Api-Version': '2024-01-01' } });
    expect(none.status).toBe(401);
    expect((await none.json()).code).toBe('no_authorization');
    const anon = await authFetch('/user');
    expect(anon.status).toBe(403);
    expect(anon.body).toEqual({ code: 'bad_jwt', message: 'invalid claim: missing sub claim' });
  });

  it('refuses expired and forged tokens (alg none, wrong secret, altered payload)', async () => {
    const { session, user } = await signedInClient('forged');
    const claims = decodeJwt(session.access_token).payload;
    const now = Math.floor(Date.now() / 1000);

    const expired = await hs256({ ...claims, iat: now - 7200, exp: now - 3600 });
    const e = await authFetch('/user', { headers: bearer(expired) });
    expect(e.status).toBe(403);
    expect(e.body.code).toBe('bad_jwt');
    expect(e.body.message).toContain('token is expired');

    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const n = await authFetch('/user', { headers: bearer(none) });
    expect(n.status).toBe(403);
    expect(n.body.code).toBe('bad_jwt');

    const wrong = await hs256(claims, 'this-is-not-the-secret-of-this-stack!!');
    const w = await authFetch('/user', { headers: bearer(wrong) });
    expect(w.status).toBe(403);
    expect(w.body.code).toBe('bad_jwt');
    expect(w.body.message).toMatch(/^invalid JWT: unable to parse or verify signature, /);

    const [h, , sig] = session.access_token.split('.');
    const other = await signedInClient('victim');
    const altered = `${h}.${b64({ ...claims, sub: other.user.id })}.${sig}`;
    const a = await authFetch('/user', { headers: bearer(altered) });
    expect(a.status).toBe(403);
    expect(a.body.code).toBe('bad_jwt');

    const valid = await hs256({ ...claims, exp: now + 600 });
    const v = await authFetch('/user', { headers: bearer(valid) });
    expect(v.status).toBe(200);
    expect(v.body.id).toBe(user.id);
    // The client surfaces the same as an AuthApiError.
    const viaClient = await client().auth.getUser(expired);
    expect(viaClient.error?.status).toBe(403);
    expect(viaClient.error?.code).toBe('bad_jwt');
  });

  it("refuses a deleted user's token", async () => {
    const { session, user } = await signedInClient('deleted');
    await adminClient().auth.admin.deleteUser(user.id);
    const r = await client().auth.getUser(session.access_token);
    expect(r.error?.status).toBe(403);
    expect(r.error?.code).toBe('user_not_found');
    const refresh = await authFetch('/token?grant_type=refresh_token', {
      body: { refresh_token: session.refresh_token },
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body.code).toBe('refresh_token_not_found');
  });

  it('unknown routes and bad logout scope', async () => {
    const { session } = await signedInClient('scope');
    const r = await authFetch('/logout?scope=everything', { method: 'POST', headers: bearer(session.access_token) });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: 'validation_failed', message: 'Unsupported logout scope "everything"' });
    expect(await db`select 1 from auth.sessions where user_id = ${session.user.id}`).toHaveLength(1);
    const nope = await authFetch('/nope');
    expect(nope.status).toBe(404);
  });
});
