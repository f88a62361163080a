import { badRequest, unprocessable } from '../errors.ts';
import { passwordWeakness, verifyPassword } from '../passwords.ts';
import { consumeFlowState } from '../pkce.ts';
import { FIVE_MINUTES } from '../rate-limit.ts';
import { type AuthRequest, type AuthService, ok, type Reply, str } from '../request.ts';
import { issueSession, refreshGrant } from '../sessions.ts';
import { findUserByEmail, findUserById, hasPassword, isBanned, isConfirmed } from '../users.ts';

const INVALID_LOGIN = 'Invalid login credentials';

/** POST /token?grant_type=password|refresh_token|pkce */
export async function token(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const grant = ar.query.get('grant_type') ?? '';
  switch (grant) {
    case 'password':
      svc.limiter.check('sign_in_sign_ups', ar.ip, svc.cfg.rate_limit.sign_in_sign_ups, FIVE_MINUTES);
      return passwordGrant(svc, ar);
    case 'refresh_token': {
      svc.limiter.check('token_refresh', ar.ip, svc.cfg.rate_limit.token_refresh, FIVE_MINUTES);
      const body = await ar.json();
      return ok(await refreshGrant(svc, ar, str(body, 'refresh_token')));
    }
    case 'pkce':
      svc.limiter.check('token_refresh', ar.ip, svc.cfg.rate_limit.token_refresh, FIVE_MINUTES);
      return pkceGrant(svc, ar);
    default:
      throw badRequest('invalid_credentials', 'unsupported_grant_type');
  }
}

async function passwordGrant(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const body = await ar.json();
  const email = str(body, 'email');
  const phone = str(body, 'phone');
  const password = str(body, 'password');
  if (email !== '' && phone !== '') {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on login.');
  }
  if (email === '' && phone === '') throw badRequest('validation_failed', 'missing email or phone');
  if (phone !== '') throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
  if (!svc.cfg.email.enable_signup) throw unprocessable('email_provider_disabled', 'Email logins are disabled');

  const user = await findUserByEmail(svc.sql, email);
  // Unknown email, no password, wrong password: one answer, so the email's existence never leaks.
  // A bcrypt comparison runs in every case to keep the timing alike.
  const valid = await verifyPassword(password, user && hasPassword(user) ? user.encrypted_password : DUMMY_HASH);
  if (!user || !hasPassword(user)) throw badRequest('invalid_credentials', INVALID_LOGIN);
  if (isBanned(user)) throw badRequest('user_banned', 'User is banned');
  if (!valid) throw badRequest('invalid_credentials', INVALID_LOGIN);
  if (!isConfirmed(user)) throw badRequest('email_not_confirmed', 'Email not confirmed');

  const weak = passwordWeakness(svc.cfg, password);
  const session = await svc.sql.begin((tx) => issueSession(svc, tx, ar, user.id, 'password'));
  if (weak && weak.code === 'weak_password') {
    const reasons = (weak.extra?.weak_password as { reasons: string[] } | undefined)?.reasons ?? [];
    session.weak_password = { message: weak.message, reasons };
  }
  return ok(session);
}

// A bcrypt hash of a random string, compared against when the user has no password.
const DUMMY_HASH = '$2a$10$CwTycUXWue0Thq9StjUM0uJ8DPLKXt1FYlwYpQW9G8Jg8tW3p1y1W';

async function pkceGrant(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const body = await ar.json();
  const authCode = str(body, 'auth_code');
  const verifier = str(body, 'code_verifier');
  if (authCode === '' || verifier === '') {
    throw badRequest('validation_failed', 'invalid request: both auth code and code verifier should be non-empty');
  }
  const session = await svc.sql.begin(async (tx) => {
    const fs = await consumeFlowState(tx, authCode, verifier);
    const user = await findUserById(tx, fs.user_id as string);
    if (!user) throw badRequest('user_not_found', 'User not found');
    return issueSession(svc, tx, ar, user.id, fs.authentication_method);
  });
  return ok(session);
}
