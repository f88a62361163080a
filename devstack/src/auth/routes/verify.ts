import { randomBytes } from 'node:crypto';
import { AuthError, badRequest, forbidden, unprocessable } from '../errors.ts';
import { tokenHash } from '../otp.ts';
import { hashPassword } from '../passwords.ts';
import { issueAuthCode } from '../pkce.ts';
import { FIVE_MINUTES } from '../rate-limit.ts';
import { referrer } from '../redirect.ts';
import { type AuthRequest, type AuthService, type Db, ok, type Reply, str } from '../request.ts';
import { issueSession, type SessionResponse } from '../sessions.ts';
import {
  AUDIENCE,
  confirmEmail,
  emailIdentityData,
  findUserById,
  insertIdentity,
  isBanned,
  isConfirmed,
  NIL_UUID,
  syncProviders,
  type User,
  type UserRow,
  updateIdentityData,
} from '../users.ts';
import { validateEmail } from '../validate.ts';

const SINGLE_CONFIRMATION = 'Confirmation link accepted. Please proceed to confirm link sent to the other email';
const EMAIL_TYPES = ['signup', 'invite', 'magiclink', 'recovery', 'email_change', 'email'];

/** The amr / flow-state method a verification type maps to (ParseAuthenticationMethod). */
function authMethodFor(type: string): string {
  if (type.endsWith('signup')) return 'email/signup';
  if (['recovery', 'invite', 'magiclink', 'email_change'].includes(type)) return type;
  throw badRequest('validation_failed', `unsupported authentication method "${type}"`);
}

const otpExpired = (svc: AuthService, sentAt: Date | null) =>
  !sentAt || Date.now() > sentAt.getTime() + svc.cfg.email.otp_expiry * 1000;

async function userByColumn(db: Db, where: 'confirmation' | 'recovery' | 'either' | 'email_change', hash: string) {
  const rows =
    where === 'confirmation'
      ? await db<{ id: string }[]>`select id from auth.users where confirmation_token = ${hash} limit 1`
      : where === 'recovery'
        ? await db<{ id: string }[]>`select id from auth.users where recovery_token = ${hash} limit 1`
        : where === 'either'
          ? await db<{ id: string }[]>`select id from auth.users
              where confirmation_token = ${hash} or recovery_token = ${hash} limit 1`
          : await db<{ id: string }[]>`select id from auth.users
              where email_change_token_current = ${hash} or email_change_token_new = ${hash} limit 1`;
  return rows[0] ? findUserById(db, rows[0].id, true) : undefined;
}

/** verifyTokenHash: the user owning a link token; `type` 'email' resolves to signup or magiclink. */
async function verifyTokenHash(svc: AuthService, db: Db, type: string, hash: string): Promise<[User, string]> {
  const invalid = () => forbidden('otp_expired', 'Email link is invalid or has expired');
  let user: User | undefined;
  let resolved = type;
  let sentAt: Date | null = null;
  switch (type) {
    case 'email':
      user = await userByColumn(db, 'either', hash);
      if (user) {
        const isRecovery = user.recovery_token === hash;
        resolved = isRecovery ? 'magiclink' : 'signup';
        sentAt = isRecovery ? user.recovery_sent_at : user.confirmation_sent_at;
      }
      break;
    case 'signup':
    case 'invite':
      user = await userByColumn(db, 'confirmation', hash);
      sentAt = user?.confirmation_sent_at ?? null;
      break;
    case 'recovery':
    case 'magiclink':
      user = await userByColumn(db, 'recovery', hash);
      sentAt = user?.recovery_sent_at ?? null;
      break;
    case 'email_change':
      user = await userByColumn(db, 'email_change', hash);
      sentAt = user?.email_change_sent_at ?? null;
      break;
    default:
      throw badRequest('validation_failed', 'Invalid email verification type');
  }
  if (!user) throw invalid();
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
  if (otpExpired(svc, sentAt)) throw invalid();
  return [user, resolved];
}

function otpValid(svc: AuthService, actual: string, expected: string | null, sentAt: Date | null): boolean {
  if (!expected || !sentAt || otpExpired(svc, sentAt)) return false;
  return actual === expected || `pkce_${actual}` === expected;
}

/** verifyUserAndToken: email + 6-digit code. */
async function verifyUserAndToken(
  svc: AuthService,
  db: Db,
  type: string,
  email: string,
  code: string,
): Promise<[User, string]> {
  const invalid = () => forbidden('otp_expired', 'Token has expired or is invalid');
  const hash = tokenHash(email, code);
  let rows: { id: string }[];
  if (type === 'email_change') {
    rows = await db<{ id: string }[]>`
      select id from auth.users where instance_id = ${NIL_UUID} and aud = ${AUDIENCE} and is_sso_user = false
        and ((lower(email) = ${email} and email_change_token_current in (${hash}, ${`pkce_${hash}`}))
          or lower(email_change) = ${email})
      order by (lower(email) = ${email}) desc limit 1`;
  } else {
    rows = await db<{ id: string }[]>`
      select id from auth.users where instance_id = ${NIL_UUID} and lower(email) = ${email} and aud = ${AUDIENCE}
        and is_sso_user = false limit 1`;
  }
  const user = rows[0] ? await findUserById(db, rows[0].id, true) : undefined;
  if (!user) throw invalid();
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
  let resolved = type;
  let valid = false;
  switch (type) {
    case 'email':
      if (otpValid(svc, hash, user.confirmation_token, user.confirmation_sent_at)) {
        valid = true;
        resolved = 'signup';
      } else if (otpValid(svc, hash, user.recovery_token, user.recovery_sent_at)) {
        valid = true;
        resolved = 'magiclink';
      }
      break;
    case 'signup':
    case 'invite':
      valid = otpValid(svc, hash, user.confirmation_token, user.confirmation_sent_at);
      break;
    case 'recovery':
    case 'magiclink':
      valid = otpValid(svc, hash, user.recovery_token, user.recovery_sent_at);
      break;
    case 'email_change':
      valid =
        otpValid(svc, hash, user.email_change_token_current, user.email_change_sent_at) ||
        otpValid(svc, hash, user.email_change_token_new, user.email_change_sent_at);
      break;
  }
  if (!valid) throw invalid();
  return [user, resolved];
}

async function signupVerify(db: Db, user: User): Promise<void> {
  if (!user.encrypted_password && user.invited_at) {
    const hash = await hashPassword(randomBytes(32).toString('base64url').slice(0, 64));
    await db`update auth.users set encrypted_password = ${hash} where id = ${user.id}`;
  }
  await confirmEmail(db, user);
  for (const identity of user.identities) {
    if (identity.email && user.email && identity.email === user.email) {
      await updateIdentityData(db, user.id, identity.provider, { email_verified: true });
    }
  }
}

async function recoverVerify(db: Db, user: User): Promise<void> {
  await db`update auth.users set recovery_token = '', updated_at = now() where id = ${user.id}`;
  await db`delete from auth.one_time_tokens where user_id = ${user.id}`;
  if (!isConfirmed(user)) await confirmEmail(db, user);
}

/**
 * emailChangeVerify: with secure change (double_confirm_changes, confirmations on) the first link
 * only records a single confirmation (returns false); otherwise the new address becomes the email.
 */
export async function applyEmailChange(svc: AuthService, db: Db, user: UserRow, hash?: string): Promise<boolean> {
  if (
    !svc.autoconfirm &&
    svc.cfg.email.double_confirm_changes &&
    (user.email_change_confirm_status ?? 0) === 0 &&
    user.email
  ) {
    const matchesCurrent =
      hash !== undefined &&
      (hash === user.email_change_token_current || `pkce_${hash}` === user.email_change_token_current);
    if (matchesCurrent) {
      await db`update auth.users set email_change_confirm_status = 1, email_change_token_current = '' where id = ${user.id}`;
      await db`delete from auth.one_time_tokens where user_id = ${user.id} and token_type = 'email_change_token_current'`;
    } else {
      await db`update auth.users set email_change_confirm_status = 1, email_change_token_new = '' where id = ${user.id}`;
      await db`delete from auth.one_time_tokens where user_id = ${user.id} and token_type = 'email_change_token_new'`;
    }
    return false;
  }
  const newEmail = user.email_change ?? '';
  const updated = await updateIdentityData(db, user.id, 'email', { email: newEmail, email_verified: true });
  if (!updated) await insertIdentity(db, user.id, 'email', emailIdentityData(user.id, newEmail, {}, true));
  await db`update auth.users set email = ${newEmail}, email_change = '', email_change_token_current = '',
             email_change_token_new = '', email_change_confirm_status = 0, is_anonymous = false, updated_at = now()
           where id = ${user.id}`;
  await db`delete from auth.one_time_tokens where user_id = ${user.id}`;
  user.email = newEmail;
  user.is_anonymous = false;
  if (!isConfirmed(user)) await confirmEmail(db, user);
  return true;
}

type Outcome = { kind: 'session'; session: SessionResponse } | { kind: 'code'; code: string } | { kind: 'single' };

async function applyVerification(
  svc: AuthService,
  tx: Db,
  ar: AuthRequest,
  user: User,
  type: string,
  hash: string,
  pkceMethod?: string,
): Promise<Outcome> {
  switch (type) {
    case 'signup':
    case 'invite':
      await signupVerify(tx, user);
      break;
    case 'recovery':
    case 'magiclink':
      await recoverVerify(tx, user);
      break;
    case 'email_change':
      if (!(await applyEmailChange(svc, tx, user, hash))) return { kind: 'single' };
      break;
    default:
      throw badRequest('validation_failed', 'Unsupported verification type');
  }
  await syncProviders(tx, user);
  if (pkceMethod) return { kind: 'code', code: await issueAuthCode(tx, user.id, pkceMethod) };
  return { kind: 'session', session: await issueSession(svc, tx, ar, user.id, 'otp') };
}

/** POST /verify: {type, token, email} or {type, token_hash} → Session. */
export async function verifyPost(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  svc.limiter.check('token_verifications', ar.ip, svc.cfg.rate_limit.token_verifications, FIVE_MINUTES);
  const body = await ar.json();
  const type = str(body, 'type');
  const code = str(body, 'token');
  let hash = str(body, 'token_hash');
  let email = str(body, 'email');
  const phone = str(body, 'phone');
  if (type === '') throw badRequest('validation_failed', 'Verify requires a verification type');
  if ((code === '' && hash === '') || (code !== '' && hash !== '')) {
    throw badRequest('validation_failed', 'Verify requires either a token or a token hash');
  }
  if (code !== '') {
    if (phone !== '' && email === '') throw badRequest('phone_provider_disabled', 'Unsupported phone provider');
    if (email === '' || phone !== '') {
      throw badRequest('validation_failed', 'Only an email address or phone number should be provided on verify');
    }
    try {
      email = validateEmail(email);
    } catch {
      throw unprocessable('validation_failed', 'Invalid email format');
    }
    hash = tokenHash(email, code);
  } else if (email !== '' || phone !== '' || str(body, 'redirect_to') !== '') {
    throw badRequest('validation_failed', 'Only the token_hash and type should be provided');
  }
  if (type === 'sms' || type === 'phone_change')
    throw badRequest('phone_provider_disabled', 'Unsupported phone provider');
  if (!EMAIL_TYPES.includes(type)) throw badRequest('validation_failed', 'Invalid email verification type');

  const outcome = await svc.sql.begin(async (tx) => {
    const [user, resolved] =
      code !== '' ? await verifyUserAndToken(svc, tx, type, email, code) : await verifyTokenHash(svc, tx, type, hash);
    return applyVerification(svc, tx, ar, user, resolved, hash);
  });
  if (outcome.kind === 'single') return ok({ msg: SINGLE_CONFIRMATION, code: '200' });
  if (outcome.kind === 'session') return ok(outcome.session);
  throw new Error('unreachable');
}

const OAUTH_ERROR: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized_client',
  403: 'access_denied',
  500: 'server_error',
  503: 'temporarily_unavailable',
};

/** Go's url.Values.Encode: keys sorted, `+` for spaces. */
function encodeSorted(values: Record<string, string>): string {
  return new URLSearchParams(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).toString();
}

function redirect(location: string): Reply {
  const html = `<a href="${location.replace(/&/g, '&amp;').replace(/"/g, '&#34;')}">See Other</a>.\n\n`;
  return { status: 303, body: html, headers: { location, 'content-type': 'text/html; charset=utf-8' } };
}

function withQuery(target: string, values: Record<string, string>): URL | undefined {
  try {
    const u = new URL(target);
    for (const [k, v] of Object.entries(values)) u.searchParams.set(k, v);
    return u;
  } catch {
    return undefined;
  }
}

/** GET /verify?token=…&type=…&redirect_to=… → 303 to the app (fragment session or ?code=). */
export async function verifyGet(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  svc.limiter.check('token_verifications', ar.ip, svc.cfg.rate_limit.token_verifications, FIVE_MINUTES);
  const token = ar.query.get('token') ?? '';
  const type = ar.query.get('type') ?? '';
  const redirectTo = referrer(svc.cfg, ar);
  if (type === '') throw badRequest('validation_failed', 'Verify requires a verification type');
  if (token === '') throw badRequest('validation_failed', 'Verify requires a token or a token hash');
  const pkce = token.startsWith('pkce_');
  let outcome: Outcome;
  try {
    const pkceMethod = pkce ? authMethodFor(type) : undefined;
    outcome = await svc.sql.begin(async (tx) => {
      if (!['signup', 'invite', 'recovery', 'magiclink', 'email_change'].includes(type)) {
        throw badRequest('validation_failed', 'Invalid email verification type');
      }
      const [user] = await verifyTokenHash(svc, tx, type, token);
      return applyVerification(svc, tx, ar, user, type, token, pkceMethod);
    });
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    const u = (() => {
      try {
        return new URL(redirectTo);
      } catch {
        return undefined;
      }
    })();
    if (!u) throw err;
    const fragment: Record<string, string> = { error_code: err.code, error_description: err.message, sb: '' };
    const oauth = OAUTH_ERROR[err.status];
    if (oauth) fragment.error = oauth;
    if (pkce) {
      if (oauth) u.searchParams.set('error', oauth);
      u.searchParams.set('error_code', err.code);
      u.searchParams.set('error_description', err.message);
      u.search = encodeSorted(Object.fromEntries(u.searchParams));
    }
    u.hash = encodeSorted(fragment);
    return redirect(u.toString());
  }
  if (outcome.kind === 'single') {
    const u = withQuery(redirectTo, pkce ? { message: SINGLE_CONFIRMATION } : {});
    if (!u) return redirect(redirectTo);
    u.hash = encodeSorted({ message: SINGLE_CONFIRMATION, sb: '' });
    return redirect(u.toString());
  }
  if (outcome.kind === 'code') {
    const u = withQuery(redirectTo, { code: outcome.code });
    return redirect(u ? u.toString() : redirectTo);
  }
  const s = outcome.session;
  const fragment = encodeSorted({
    access_token: s.access_token,
    expires_at: String(s.expires_at),
    expires_in: String(s.expires_in),
    refresh_token: s.refresh_token,
    sb: '',
    token_type: s.token_type,
    type,
  });
  return redirect(`${redirectTo}#${fragment}`);
}
