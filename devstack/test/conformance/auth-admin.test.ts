import { afterAll, describe, expect, it } from 'vitest';
import { adminHeaders, authFetch, latestMail, linkIn } from '../auth-helpers.ts';
import { adminClient, apiUrl, client, SECRET_KEY, signedInClient, sql, uniqueEmail } from '../helpers.ts';

const db = sql();
afterAll(() => db.end());

describe('auth: admin API (service_role)', () => {
  it('creates, reads, updates and deletes users', async () => {
    const admin = adminClient().auth.admin;
    const email = uniqueEmail('admin');
    const created = await admin.createUser({
      email,
      password: 'password123',
      email_confirm: true,
      user_metadata: { full_name: 'Grace' },
      app_metadata: { plan: 'pro' },
    });
    expect(created.error).toBeNull();
    const u = created.data.user!;
    expect(u.email_confirmed_at).toBeTruthy();
    expect(u.user_metadata).toEqual({ full_name: 'Grace', email_verified: true });
    expect(u.app_metadata).toEqual({ provider: 'email', providers: ['email'], plan: 'pro' });
    expect(u.identities).toHaveLength(1);
    const [profile] = await db`select full_name from public.profiles where id = ${u.id}`;
    expect(profile.full_name).toBe('Grace');

    const dup = await admin.createUser({ email, password: 'password123' });
    expect(dup.error?.status).toBe(422);
    expect(dup.error?.code).toBe('email_exists');

    expect((await admin.getUserById(u.id)).data.user?.email).toBe(email);
    const missing = await admin.getUserById('00000000-0000-0000-0000-00000000abcd');
    expect(missing.error?.status).toBe(404);
    expect(missing.error?.code).toBe('user_not_found');

    const updated = await admin.updateUserById(u.id, {
      user_metadata: { full_name: null, team: 'a' },
      ban_duration: '24h',
    });
    expect(updated.error).toBeNull();
    expect(updated.data.user!.user_metadata).toEqual({ email_verified: true, team: 'a' });
    expect(new Date(updated.data.user!.banned_until!).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const banned = await client().auth.signInWithPassword({ email, password: 'password123' });
    expect(banned.error?.code).toBe('user_banned');
    await admin.updateUserById(u.id, { ban_duration: 'none' });
    const signIn = await client().auth.signInWithPassword({ email, password: 'password123' });
    expect(signIn.error).toBeNull();
    const token = signIn.data.session!.access_token;

    const del = await admin.deleteUser(u.id);
    expect(del.error).toBeNull();
    expect(await db`select id from auth.users where id = ${u.id}`).toHaveLength(0);
    expect(await db`select id from auth.sessions where user_id = ${u.id}`).toHaveLength(0);
    const gone = await authFetch('/user', { headers: { authorization: `Bearer ${token}` } });
    expect(gone.status).toBe(403);
    expect(gone.body).toEqual({ code: 'user_not_found', message: 'User from sub claim in JWT does not exist' });
  });

  it('lists users with X-Total-Count and Link pagination', async () => {
    const admin = adminClient().auth.admin;
    for (let i = 0; i < 3; i++) await admin.createUser({ email: uniqueEmail('page'), password: 'password123' });
    // The users GoTrue lists: this instance's, of the authenticated audience (other suites insert
    // rows without an instance, which the endpoint rightly leaves out), counted before and after the
    // request because other test files create and delete users meanwhile.
    const listedCount = async () =>
      (
        await db`select count(*)::int as n from auth.users
                 where instance_id = '00000000-0000-0000-0000-000000000000' and aud = 'authenticated'`
      )[0].n as number;
    const before = await listedCount();
    const r = await authFetch('/admin/users?page=1&per_page=2', { headers: adminHeaders });
    const n = Math.min(before, await listedCount());
    expect(r.status).toBe(200);
    expect(r.body.aud).toBe('authenticated');
    expect(r.body.users).toHaveLength(2);
    expect(Number(r.headers.get('x-total-count'))).toBeGreaterThanOrEqual(n);
    expect(r.headers.get('link')).toMatch(
      /^<\/admin\/users\?page=2&per_page=2>; rel="next", <\/admin\/users\?page=\d+&per_page=2>; rel="last"$/,
    );
    const listed = await admin.listUsers({ page: 1, perPage: 2 });
    expect(listed.error).toBeNull();
    expect(listed.data.users).toHaveLength(2);
    expect((listed.data as { nextPage: number | null }).nextPage).toBe(2);
    expect((listed.data as { total: number }).total).toBeGreaterThanOrEqual(n);
    const created = r.body.users.map((x: { created_at: string }) => Date.parse(x.created_at));
    expect(created[0]).toBeGreaterThanOrEqual(created[1]);
  });

  it('generate_link returns link, OTP and hashed token that verify', async () => {
    const admin = adminClient().auth.admin;
    const email = uniqueEmail('genlink');
    const signup = await admin.generateLink({ type: 'signup', email, password: 'password123' });
    expect(signup.error).toBeNull();
    const p = signup.data.properties!;
    expect(p.verification_type).toBe('signup');
    expect(p.email_otp).toMatch(/^\d{6}$/);
    expect(p.hashed_token).toMatch(/^[0-9a-f]{56}$/);
    expect(p.action_link).toContain(`/auth/v1/verify?token=${p.hashed_token}&type=signup&redirect_to=`);
    expect(signup.data.user!.email_confirmed_at).toBeUndefined();
    const v = await client().auth.verifyOtp({ token_hash: p.hashed_token, type: 'signup' });
    expect(v.error).toBeNull();
    expect(v.data.user!.email_confirmed_at).toBeTruthy();

    const magic = await admin.generateLink({ type: 'magiclink', email });
    const code = await client().auth.verifyOtp({ email, token: magic.data.properties!.email_otp, type: 'magiclink' });
    expect(code.error).toBeNull();
    const recovery = await admin.generateLink({ type: 'recovery', email: uniqueEmail('nobody') });
    expect(recovery.error?.status).toBe(404);
  });

  it('invites by email (mail with an invite link that confirms the user)', async () => {
    const email = uniqueEmail('invite');
    const { data, error } = await adminClient().auth.admin.inviteUserByEmail(email, { data: { team: 'x' } });
    expect(error).toBeNull();
    expect(data.user!.invited_at).toBeTruthy();
    const mail = await latestMail(email);
    expect(mail.Subject).toBe("You've been invited");
    const link = linkIn(mail);
    expect(link.searchParams.get('type')).toBe('invite');
    const r = await fetch(link, { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toContain('type=invite');
    const [row] = await db`select email_confirmed_at, encrypted_password from auth.users where id = ${data.user!.id}`;
    expect(row.email_confirmed_at).toBeInstanceOf(Date);
    expect(row.encrypted_password).toMatch(/^\$2a\$/);
  });

  it('lists factors (empty) and works with the sb_secret_ key', async () => {
    const { user } = await signedInClient('factors');
    const admin = client(SECRET_KEY).auth.admin;
    const f = await admin.mfa.listFactors({ userId: user.id });
    expect(f.error).toBeNull();
    expect(f.data?.factors).toEqual([]);
  });

  it('refuses non-admin callers (403 not_admin / 403 bad_jwt / 401)', async () => {
    const { session } = await signedInClient('notadmin');
    const asUser = await authFetch('/admin/users', { headers: { authorization: `Bearer ${session.access_token}` } });
    expect(asUser.status).toBe(403);
    expect(asUser.body).toEqual({ code: 'not_admin', message: 'User not allowed' });
    const anon = await client().auth.admin.listUsers();
    expect(anon.error?.status).toBe(403);
    const none = await fetch(`${apiUrl()}/auth/v1/admin/users`, {
      headers: { 'X-Supabase-Api-Version': '2024-01-01' },
    });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      code: 'no_authorization',
      message: 'This endpoint requires a valid Bearer token',
    });
  });
});
