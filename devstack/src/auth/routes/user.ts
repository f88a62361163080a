import { badRequest, forbidden, unprocessable } from '../errors.ts';
import { requireUser } from '../guard.ts';
import { sendEmailChange, sendReauthentication } from '../mailer.ts';
import { tokenHash } from '../otp.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../passwords.ts';
import { createFlowState, isPkce, validatePkceParams } from '../pkce.ts';
import { FIVE_MINUTES } from '../rate-limit.ts';
import { referrer } from '../redirect.ts';
import { type AuthRequest, type AuthService, obj, ok, optStr, type Reply, str } from '../request.ts';
import { logout as logoutSessions } from '../sessions.ts';
import {
  findDuplicateEmail,
  findUserById,
  hasPassword,
  isConfirmed,
  mustFindUser,
  updateAppMeta,
  updateUserMeta,
  userJson,
} from '../users.ts';
import { validateEmail } from '../validate.ts';
import { applyEmailChange } from './verify.ts';

/** GET /user */
export async function getUser(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const { claims, user } = await requireUser(svc, ar);
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (aud !== 'authenticated') {
    throw badRequest('validation_failed', "Token audience doesn't match request audience");
  }
  return ok(userJson(user));
}

const DAY_MS = 24 * 60 * 60_000;

/** PUT /user: metadata merge, password change, email change (mails), app_metadata refused. */
export async function updateUser(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const auth = await requireUser(svc, ar);
  svc.limiter.check('user_update', ar.ip, svc.cfg.rate_limit.sign_in_sign_ups, FIVE_MINUTES);
  const body = await ar.json();
  const user = auth.user;
  let email = str(body, 'email');
  const phone = str(body, 'phone');
  const password = optStr(body, 'password');
  const nonce = str(body, 'nonce');
  const data = obj(body, 'data');
  const appData = obj(body, 'app_metadata');
  const challenge = str(body, 'code_challenge');
  const challengeMethod = str(body, 'code_challenge_method');

  if (email !== '') email = validateEmail(email);
  if (phone !== '') throw badRequest('phone_provider_disabled', 'Unsupported phone provider');
  if (password !== undefined) checkPasswordStrength(svc.cfg, password);
  if (appData && user.role !== 'service_role') {
    throw forbidden('not_admin', 'Updating app_metadata requires admin privileges');
  }
  if (user.is_anonymous && password && email === '') {
    throw unprocessable(
      'validation_failed',
      'Updating password of an anonymous user without an email or phone is not allowed',
    );
  }
  const changingEmail = email !== '' && email !== (user.email ?? '');
  if (changingEmail) {
    validatePkceParams(challengeMethod, challenge);
    if (await findDuplicateEmail(svc.sql, email, user.id)) {
      throw unprocessable('email_exists', 'A user with this email address has already been registered');
    }
  }

  let newHash: string | undefined;
  if (password !== undefined) {
    if (svc.cfg.email.secure_password_change) {
      const created = auth.sessionCreatedAt?.getTime() ?? 0;
      if (!auth.sessionId || Date.now() > created + DAY_MS) {
        if (!nonce) throw badRequest('reauthentication_needed', 'Password update requires reauthentication');
        verifyNonce(svc, user, nonce);
      }
    }
    if (password !== '' && hasPassword(user) && (await verifyPassword(password, user.encrypted_password))) {
      throw unprocessable('same_password', 'New password should be different from the old password.');
    }
    newHash = password === '' ? '' : await hashPassword(password);
  }

  const redirectTo = referrer(svc.cfg, ar);
  await svc.sql.begin(async (tx) => {
    if (newHash !== undefined) {
      await tx`update auth.users set encrypted_password = ${newHash}, confirmation_token = '', confirmation_sent_at = null,
                 recovery_token = '', recovery_sent_at = null, email_change_token_current = '',
                 email_change_token_new = '', email_change_sent_at = null, phone_change_token = '',
                 phone_change_sent_at = null, reauthentication_token = '', reauthentication_sent_at = null,
                 updated_at = now()
               where id = ${user.id}`;
      await tx`delete from auth.one_time_tokens where user_id = ${user.id}`;
      await logoutSessions(tx, user.id, auth.sessionId, auth.sessionId ? 'others' : 'global');
    }
    if (data) await updateUserMeta(tx, user, data);
    if (appData) await updateAppMeta(tx, user, appData);
    if (changingEmail) {
      if (user.is_anonymous && svc.autoconfirm) {
        await tx`update auth.users set email_change = ${email} where id = ${user.id}`;
        const fresh = await mustFindUser(tx, user.id);
        await applyEmailChange(svc, tx, fresh);
      } else {
        if (isPkce(challenge)) {
          await createFlowState(tx, 'email_change', 'email_change', challengeMethod, challenge, user.id);
        }
        const fresh = await mustFindUser(tx, user.id);
        await sendEmailChange(svc, tx, ar, fresh, email, challenge, redirectTo);
      }
    }
  });
  return ok(userJson(await mustFindUser(svc.sql, user.id)));
}

function verifyNonce(
  svc: AuthService,
  user: { email: string | null; reauthentication_token: string | null; reauthentication_sent_at: Date | null },
  nonce: string,
): void {
  const invalid = () => unprocessable('reauthentication_not_valid', 'Verification code is invalid or has expired');
  if (!user.reauthentication_token || !user.reauthentication_sent_at) throw invalid();
  const expired = Date.now() > user.reauthentication_sent_at.getTime() + svc.cfg.email.otp_expiry * 1000;
  if (expired || tokenHash(user.email ?? '', nonce) !== user.reauthentication_token) throw invalid();
}

/** POST /logout?scope=global|local|others → 204 */
export async function logout(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const auth = await requireUser(svc, ar);
  const scope = ar.query.get('scope') ?? '';
  if (!['', 'global', 'local', 'others'].includes(scope)) {
    throw badRequest('validation_failed', `Unsupported logout scope "${scope}"`);
  }
  await logoutSessions(svc.sql, auth.user.id, auth.sessionId, scope || 'global');
  return { status: 204 };
}

/** GET /reauthenticate: mails a nonce for a later password change. */
export async function reauthenticate(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const { user } = await requireUser(svc, ar);
  if (!user.email && !user.phone) {
    throw badRequest('validation_failed', 'Reauthentication requires the user to have an email or a phone number');
  }
  if (user.email && !isConfirmed(user)) throw unprocessable('email_not_confirmed', 'Please verify your email first.');
  if (!user.email) throw badRequest('phone_provider_disabled', 'Unsupported phone provider');
  await svc.sql.begin(async (tx) => {
    const locked = await findUserById(tx, user.id, true);
    if (locked) await sendReauthentication(svc, tx, ar, locked);
  });
  return ok({});
}
