import { afterAll, describe, expect, it } from 'vitest';
import { authFetch, decodeJwt } from '../auth-helpers.ts';
import { client, signedInClient, sql } from '../helpers.ts';

const db = sql();
afterAll(() => db.end());

const refresh = (token: string) => authFetch('/token?grant_type=refresh_token', { body: { refresh_token: token } });

describe('auth: sessions and refresh-token rotation', () => {
  it('rotates the refresh token, keeping session and amr', async () => {
    const { client: c, session } = await signedInClient('refresh');
    const { data, error } = await c.auth.refreshSession();
    expect(error).toBeNull();
    const next = data.session!;
    expect(next.refresh_token).not.toBe(session.refresh_token);
    expect(next.access_token).not.toBe(session.access_token);
    const before = decodeJwt(session.access_token).payload;
    const after = decodeJwt(next.access_token).payload;
    expect(after.session_id).toBe(before.session_id);
    expect(after.amr).toEqual(before.amr);
    const rows = await db`select token, revoked, parent from auth.refresh_tokens
                          where session_id = ${after.session_id} order by id`;
    expect(rows).toEqual([
      { token: session.refresh_token, revoked: true, parent: null },
      { token: next.refresh_token, revoked: false, parent: session.refresh_token },
    ]);
    const [s] = await db`select refreshed_at from auth.sessions where id = ${after.session_id}`;
    expect(s.refreshed_at).not.toBeNull();
  });

  it('returns the same child when the parent of the active token is re-presented', async () => {
    const { session } = await signedInClient('retry');
    const first = await refresh(session.refresh_token);
    expect(first.status).toBe(200);
    const again = await refresh(session.refresh_token);
    expect(again.status).toBe(200);
    expect(again.body.refresh_token).toBe(first.body.refresh_token);
    const [{ n }] = await db`select count(*)::int as n from auth.refresh_tokens
                             where session_id = ${decodeJwt(session.access_token).payload.session_id}`;
    expect(n).toBe(2);
  });

  it('accepts an older revoked token within the reuse interval (issuing a new child)', async () => {
    const { session } = await signedInClient('reuse');
    const a = await refresh(session.refresh_token);
    const b = await refresh(a.body.refresh_token);
    expect(b.status).toBe(200);
    // The original token is revoked and not the parent of the active one, but still within 10 s.
    const c = await refresh(session.refresh_token);
    expect(c.status).toBe(200);
    expect(c.body.refresh_token).not.toBe(b.body.refresh_token);
  });

  it('refuses unknown and missing refresh tokens with GoTrue errors', async () => {
    const unknown = await refresh('aaaaaaaaaaaa');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      code: 'refresh_token_not_found',
      message: 'Invalid Refresh Token: Refresh Token Not Found',
    });
    const missing = await authFetch('/token?grant_type=refresh_token', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: 'invalid_request', error_description: 'refresh_token required' });
    const grant = await authFetch('/token?grant_type=magic', { body: {} });
    expect(grant.body).toEqual({ code: 'invalid_credentials', message: 'unsupported_grant_type' });
  });

  it('signOut scopes: local ends one session, others keeps it, global ends all (204)', async () => {
    const { client: a, email, password } = await signedInClient('scopes');
    const b = client();
    const c = client();
    await b.auth.signInWithPassword({ email, password });
    await c.auth.signInWithPassword({ email, password });
    const userId = (await a.auth.getUser()).data.user!.id;
    const count = async () => (await db`select count(*)::int as n from auth.sessions where user_id = ${userId}`)[0].n;
    expect(await count()).toBe(3);

    const bToken = (await b.auth.getSession()).data.session!.access_token;
    const raw = await authFetch('/logout?scope=local', {
      method: 'POST',
      headers: { authorization: `Bearer ${bToken}` },
    });
    expect(raw.status).toBe(204);
    expect(raw.text).toBe('');
    expect(await count()).toBe(2);
    const refused = await authFetch('/user', { headers: { authorization: `Bearer ${bToken}` } });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      code: 'session_not_found',
      message: 'Session from session_id claim in JWT does not exist',
    });
    const viaClient = await client().auth.getUser(bToken);
    expect(viaClient.error?.name).toBe('AuthSessionMissingError');

    expect((await c.auth.signOut({ scope: 'others' })).error).toBeNull();
    expect(await count()).toBe(1);
    expect((await c.auth.getUser()).data.user?.id).toBe(userId);
    expect((await a.auth.getUser()).error?.name).toBe('AuthSessionMissingError');

    expect((await c.auth.signOut()).error).toBeNull();
    expect(await count()).toBe(0);
    const revoked = await refresh((await c.auth.getSession()).data.session?.refresh_token ?? 'x');
    expect(revoked.status).toBe(400);
  });

  it('refreshing a logged-out session fails and setSession restores a live one', async () => {
    const { session } = await signedInClient('setsession');
    const other = client();
    const { data, error } = await other.auth.setSession({
      access_token: session.access_token,
      refresh_token: session.refresh_token,
    });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(session.user.id);
    await authFetch('/logout', { method: 'POST', headers: { authorization: `Bearer ${session.access_token}` } });
    const r = await refresh(session.refresh_token);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('refresh_token_not_found');
  });
});
