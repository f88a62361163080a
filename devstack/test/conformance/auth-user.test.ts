import { afterAll, describe, expect, it } from 'vitest';
import { authFetch, decodeJwt, latestMail, linkIn, mailsTo } from '../auth-helpers.ts';
import { client, signedInClient, sql, uniqueEmail } from '../helpers.ts';

const db = sql();
afterAll(() => db.end());

describe('auth: /user', () => {
  it('gets the user and merges metadata shallowly (null deletes a key)', async () => {
    const { client: c, user } = await signedInClient('meta');
    const got = await c.auth.getUser();
    expect(got.data.user?.id).toBe(user.id);
    await c.auth.updateUser({ data: { theme: 'dark', nested: { a: 1 }, gone: 'x' } });
    const { data, error } = await c.auth.updateUser({ data: { nested: { b: 2 }, gone: null } });
    expect(error).toBeNull();
    expect(data.user!.user_metadata).toMatchObject({ theme: 'dark', nested: { b: 2 }, email_verified: true });
    expect('gone' in data.user!.user_metadata).toBe(false);
    const [row] = await db`select raw_user_meta_data from auth.users where id = ${user.id}`;
    expect(row.raw_user_meta_data.nested).toEqual({ b: 2 });
    expect('gone' in row.raw_user_meta_data).toBe(false);
  });

  it('changes the password, refuses the same one, and logs out the other sessions', async () => {
    const { client: c, email, password, user } = await signedInClient('pw');
    const other = client();
    await other.auth.signInWithPassword({ email, password });
    const same = await c.auth.updateUser({ password });
    expect(same.error?.status).toBe(422);
    expect(same.error?.code).toBe('same_password');
    const { error } = await c.auth.updateUser({ password: 'brand-new-pass' });
    expect(error).toBeNull();
    const sessions = await db`select id from auth.sessions where user_id = ${user.id}`;
    expect(sessions).toHaveLength(1);
    expect((await other.auth.getUser()).error?.name).toBe('AuthSessionMissingError');
    expect((await client().auth.signInWithPassword({ email, password })).error?.code).toBe('invalid_credentials');
    expect((await client().auth.signInWithPassword({ email, password: 'brand-new-pass' })).error).toBeNull();
    const weak = await c.auth.updateUser({ password: '123' });
    expect(weak.error?.name).toBe('AuthWeakPasswordError');
    expect((weak.error as { reasons?: string[] }).reasons).toEqual(['length']);
  });

  it('refuses app_metadata changes from a user (403 not_admin)', async () => {
    const { session } = await signedInClient('appmeta');
    const r = await authFetch('/user', {
      method: 'PUT',
      body: { app_metadata: { role: 'admin' } },
      headers: { authorization: `Bearer ${session.access_token}` },
    });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ code: 'not_admin', message: 'Updating app_metadata requires admin privileges' });
  });

  it('changes the email with mails to both addresses; a link completes it', async () => {
    const { client: c, email, user } = await signedInClient('chg');
    const next = uniqueEmail('chg-new');
    const { data, error } = await c.auth.updateUser({ email: next });
    expect(error).toBeNull();
    expect(data.user!.email).toBe(email);
    expect(data.user!.new_email).toBe(next);
    expect(data.user!.email_change_sent_at).toBeTruthy();
    const toOld = await latestMail(email);
    const toNew = await latestMail(next);
    expect(toNew.Subject).toBe('Confirm your new email address');
    expect(linkIn(toOld).searchParams.get('type')).toBe('email_change');
    const tokenNew = linkIn(toNew).searchParams.get('token')!;
    const ott = await db`select token_type::text from auth.one_time_tokens where user_id = ${user.id} order by 1`;
    expect(ott.map((r) => r.token_type)).toEqual(['email_change_token_current', 'email_change_token_new']);
    const v = await c.auth.verifyOtp({ token_hash: tokenNew, type: 'email_change' });
    expect(v.error).toBeNull();
    expect(v.data.user!.email).toBe(next);
    const [row] = await db`select email, email_change from auth.users where id = ${user.id}`;
    expect(row).toEqual({ email: next, email_change: '' });
    const [identity] = await db`select email from auth.identities where user_id = ${user.id}`;
    expect(identity.email).toBe(next);
  });

  it('refuses an email already used by another account (422 email_exists)', async () => {
    const a = await signedInClient('exists-a');
    const b = await signedInClient('exists-b');
    const r = await b.client.auth.updateUser({ email: a.email });
    expect(r.error?.status).toBe(422);
    expect(r.error?.code).toBe('email_exists');
  });

  it('turns an anonymous user into a permanent one by setting email then password', async () => {
    const c = client();
    const { data } = await c.auth.signInAnonymously();
    const noEmail = await c.auth.updateUser({ password: 'password123' });
    expect(noEmail.error?.status).toBe(422);
    const email = uniqueEmail('anon-upgrade');
    const up = await c.auth.updateUser({ email });
    expect(up.error).toBeNull();
    expect(up.data.user!.email).toBe(email);
    expect(up.data.user!.is_anonymous).toBe(false);
    expect((await c.auth.updateUser({ password: 'password123' })).error).toBeNull();
    const signIn = await client().auth.signInWithPassword({ email, password: 'password123' });
    expect(signIn.data.user?.id).toBe(data.user!.id);
    expect(signIn.data.user?.is_anonymous).toBe(false);
    expect(signIn.data.user?.identities?.map((i) => i.provider)).toEqual(['email']);
  });

  it('reauthenticate mails a nonce', async () => {
    const { client: c, email, user } = await signedInClient('reauth');
    const r = await c.auth.reauthenticate();
    expect(r.error).toBeNull();
    const mail = (await mailsTo(email))[0];
    expect(mail.Subject).toMatch(/^\d{6} is your verification code$/);
    const [row] =
      await db`select reauthentication_token, reauthentication_sent_at from auth.users where id = ${user.id}`;
    expect(row.reauthentication_token).toMatch(/^[0-9a-f]{56}$/);
    expect(mail.Text).toContain(mail.Subject.slice(0, 6));
    const nonce = mail.Subject.slice(0, 6);
    const upd = await c.auth.updateUser({ password: 'after-reauth', nonce });
    expect(upd.error).toBeNull();
    expect(decodeJwt((await c.auth.getSession()).data.session!.access_token).payload.sub).toBe(user.id);
  });
});
