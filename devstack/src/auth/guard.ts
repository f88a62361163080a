import { verifyToken } from '../jwt.ts';
import { AuthError, badRequest, forbidden } from './errors.ts';
import type { AuthRequest, AuthService } from './request.ts';
import { findUserById, isBanned, isUuid, NIL_UUID, type User } from './users.ts';

export type Claims = Record<string, unknown> & { sub?: string; role?: string; session_id?: string; aud?: unknown };

export interface Authenticated {
  claims: Claims;
  user: User;
  sessionId: string | undefined;
  sessionCreatedAt: Date | undefined;
}

const noAuthorization = () => new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');

/** extractBearerToken + parseJWTClaims: 401 without a bearer, 403 bad_jwt when it does not verify. */
export async function parseBearer(svc: AuthService, ar: AuthRequest): Promise<Claims> {
  const token = ar.route.bearer;
  if (!token) throw noAuthorization();
  const result = await verifyToken(svc.ctx.keys, token);
  if (!result.ok) {
    const detail =
      result.reason === 'expired'
        ? 'token has invalid claims: token is expired'
        : result.reason === 'malformed'
          ? result.parts !== 3
            ? 'token is malformed: token contains an invalid number of segments'
            : 'token is malformed: could not JSON decode header'
          : 'token signature is invalid: signature is invalid';
    throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${detail}`);
  }
  return result.claims as Claims;
}

/** requireAuthentication: the JWT's user must exist, its session too (logged-out tokens are refused). */
export async function requireUser(svc: AuthService, ar: AuthRequest): Promise<Authenticated> {
  const claims = await parseBearer(svc, ar);
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  if (!sub) throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
  if (!isUuid(sub)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
  const user = await findUserById(svc.sql, sub);
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');
  let sessionId: string | undefined;
  let sessionCreatedAt: Date | undefined;
  const sid = typeof claims.session_id === 'string' ? claims.session_id : '';
  if (sid && sid !== NIL_UUID) {
    if (!isUuid(sid)) throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
    const [session] = await svc.sql<{ id: string; created_at: Date }[]>`
      select id, created_at from auth.sessions where id = ${sid}`;
    if (!session) throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
    sessionId = session.id;
    sessionCreatedAt = session.created_at;
  }
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
  return { claims, user, sessionId, sessionCreatedAt };
}

const ADMIN_ROLES = ['service_role'];

/** requireAdminCredentials: a verified JWT whose role is service_role (403 not_admin otherwise). */
export async function requireAdmin(svc: AuthService, ar: AuthRequest): Promise<Claims> {
  const claims = await parseBearer(svc, ar);
  const sid = typeof claims.session_id === 'string' ? claims.session_id : '';
  if (sid && sid !== NIL_UUID) await requireUser(svc, ar);
  if (!ADMIN_ROLES.includes(String(claims.role ?? ''))) throw forbidden('not_admin', 'User not allowed');
  return claims;
}
