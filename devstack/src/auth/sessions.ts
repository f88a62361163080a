import { randomUUID } from 'node:crypto';
import { signUserToken } from '../jwt.ts';
import { badRequest, internal, oauthError } from './errors.ts';
import { newRefreshToken } from './otp.ts';
import type { AuthRequest, AuthService, Db } from './request.ts';
import { findUserById, isBanned, type User, userJson } from './users.ts';

export interface SessionResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: ReturnType<typeof userJson>;
  weak_password?: { message: string; reasons: string[] };
}

/** The access token, claims in GoTrue's marshalling order (section 1.4 of the protocol notes). */
export async function accessToken(
  svc: AuthService,
  db: Db,
  user: User,
  sessionId: string,
): Promise<{ token: string; expiresAt: number }> {
  const claims = await db<{ authentication_method: string; updated_at: Date }[]>`
    select authentication_method, updated_at from auth.mfa_amr_claims where session_id = ${sessionId}`;
  const [session] = await db<{ aal: string | null }[]>`select aal::text from auth.sessions where id = ${sessionId}`;
  const amr = claims
    .map((c) => ({ method: c.authentication_method, timestamp: Math.floor(c.updated_at.getTime() / 1000) }))
    .sort((a, b) => b.timestamp - a.timestamp);
  const aal = amr.some((e) => ['totp', 'mfa/phone', 'mfa/webauthn'].includes(e.method))
    ? 'aal2'
    : (session?.aal ?? 'aal1');
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + svc.cfg.jwt_expiry;
  const token = await signUserToken(svc.ctx.keys, {
    iss: svc.cfg.externalUrl,
    sub: user.id,
    aud: user.aud ?? 'authenticated',
    exp,
    iat,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? '',
    aal,
    amr,
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  });
  return { token, expiresAt: exp };
}

function response(token: { token: string; expiresAt: number }, refresh: string, user: User): SessionResponse {
  return {
    access_token: token.token,
    token_type: 'bearer',
    expires_in: Math.max(0, token.expiresAt - Math.floor(Date.now() / 1000)),
    expires_at: token.expiresAt,
    refresh_token: refresh,
    user: userJson(user),
  };
}

async function addAmrClaim(db: Db, sessionId: string, method: string): Promise<void> {
  await db`insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
           values (${randomUUID()}, ${sessionId}, now(), now(), ${method})
           on conflict on constraint mfa_amr_claims_session_id_authentication_method_pkey
           do update set updated_at = now()`;
}

/**
 * GoTrue's IssueRefreshToken (legacy refresh tokens): a new auth.sessions row, its first
 * auth.refresh_tokens row, the amr claim, and last_sign_in_at; returns the Session JSON.
 */
export async function issueSession(
  svc: AuthService,
  db: Db,
  ar: AuthRequest,
  userId: string,
  method: string,
): Promise<SessionResponse> {
  const sessionId = randomUUID();
  await db`insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
           values (${sessionId}, ${userId}, now(), now(), 'aal1', ${ar.userAgent ?? null}, ${ar.ip})`;
  const refresh = newRefreshToken();
  await db`insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
           values ('00000000-0000-0000-0000-000000000000', ${refresh}, ${userId}, false, now(), now(), null, ${sessionId})`;
  await addAmrClaim(db, sessionId, method);
  await db`update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${userId}`;
  const user = await findUserById(db, userId);
  if (!user) throw internal('Database error granting user');
  return response(await accessToken(svc, db, user, sessionId), refresh, user);
}

interface RefreshRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  updated_at: Date;
  parent: string | null;
  session_id: string | null;
}

/**
 * The refresh_token grant with GoTrue's rotation rules: the presented token is revoked and a child
 * issued; re-presenting the parent of the active token returns that same child; another revoked
 * token is accepted within `refresh_token_reuse_interval` seconds of its revocation, after which
 * the whole session's tokens are revoked and 400 refresh_token_already_used is answered.
 */
export async function refreshGrant(svc: AuthService, ar: AuthRequest, presented: string): Promise<SessionResponse> {
  if (!presented) throw oauthError('invalid_request', 'refresh_token required');
  const outcome = await svc.sql.begin(async (tx) => {
    const [token] = await tx<RefreshRow[]>`
      select id::text, token, user_id, revoked, updated_at, parent, session_id
      from auth.refresh_tokens where token = ${presented} for update`;
    if (!token) throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    const user = await findUserById(tx, token.user_id);
    if (!user) throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    if (isBanned(user)) throw badRequest('user_banned', 'Invalid Refresh Token: User Banned');
    const [session] = token.session_id
      ? await tx<{ id: string; not_after: Date | null }[]>`
          select id, not_after from auth.sessions where id = ${token.session_id} for update`
      : [];
    if (!session) {
      await tx`delete from auth.refresh_tokens where id = ${token.id}`;
      return { error: badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found') };
    }
    if (session.not_after && session.not_after.getTime() < Date.now()) {
      throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired');
    }
    let issued: string | undefined;
    if (token.revoked) {
      const [active] = await tx<{ token: string; parent: string | null }[]>`
        select token, parent from auth.refresh_tokens where session_id = ${session.id} and revoked = false
        order by id desc limit 1`;
      if (active && active.parent === token.token) {
        issued = active.token;
      } else {
        const reuseUntil = token.updated_at.getTime() + svc.cfg.refresh_token_reuse_interval * 1000;
        if (Date.now() > reuseUntil) {
          if (svc.cfg.enable_refresh_token_rotation) {
            await tx`update auth.refresh_tokens set revoked = true, updated_at = now()
                     where session_id = ${session.id} and revoked = false`;
          }
          // Committed on purpose: the family stays revoked although the request fails.
          return { error: badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used') };
        }
      }
    }
    if (!issued) {
      await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${token.id}`;
      issued = newRefreshToken();
      await tx`insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
               values ('00000000-0000-0000-0000-000000000000', ${issued}, ${user.id}, false, now(), now(),
                       ${token.token}, ${session.id})`;
    }
    await tx`update auth.sessions set refreshed_at = timezone('utc', now()), updated_at = now(),
               user_agent = ${ar.userAgent ?? null}, ip = ${ar.ip} where id = ${session.id}`;
    return { session: response(await accessToken(svc, tx, user, session.id), issued, user) };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.session;
}

/** Logout scopes: global = every session of the user, local = this one, others = all but this one. */
export async function logout(db: Db, userId: string, sessionId: string | undefined, scope: string): Promise<void> {
  if (sessionId && scope === 'local') await db`delete from auth.sessions where id = ${sessionId}`;
  else if (sessionId && scope === 'others')
    await db`delete from auth.sessions where user_id = ${userId} and id <> ${sessionId}`;
  else await db`delete from auth.sessions where user_id = ${userId}`;
}
