import { badRequest, unprocessable } from '../errors.ts';
import { sendTokenMail } from '../mailer.ts';
import { checkPasswordStrength, hashPassword } from '../passwords.ts';
import { createFlowState, isPkce, validatePkceParams } from '../pkce.ts';
import { FIVE_MINUTES, ONE_HOUR } from '../rate-limit.ts';
import { referrer } from '../redirect.ts';
import { type AuthRequest, type AuthService, obj, ok, type Reply, str } from '../request.ts';
import { issueSession } from '../sessions.ts';
import {
  confirmEmail,
  emailIdentityData,
  findDuplicateEmail,
  findUserById,
  insertIdentity,
  insertUser,
  isConfirmed,
  syncProviders,
  type User,
  userJson,
} from '../users.ts';
import { validateEmail } from '../validate.ts';

class UserExists extends Error {}

/** POST /signup: email+password signup, or an anonymous sign-in when neither email nor phone is given. */
export async function signup(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const body = await ar.json();
  const email = str(body, 'email');
  const phone = str(body, 'phone');
  if (email === '' && phone === '') {
    if (!svc.cfg.enable_anonymous_sign_ins) {
      throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
    }
    svc.limiter.check('anonymous_users', ar.ip, svc.cfg.rate_limit.anonymous_users, ONE_HOUR);
    return signupAnonymously(svc, ar);
  }
  svc.limiter.check('sign_in_sign_ups', ar.ip, svc.cfg.rate_limit.sign_in_sign_ups, FIVE_MINUTES);
  if (!svc.cfg.enable_signup) throw unprocessable('signup_disabled', 'Signups not allowed for this instance');

  const password = str(body, 'password');
  const data = obj(body, 'data') ?? {};
  const challenge = str(body, 'code_challenge');
  const challengeMethod = str(body, 'code_challenge_method');
  if (password === '') throw badRequest('validation_failed', 'Signup requires a valid password');
  checkPasswordStrength(svc.cfg, password);
  if (email !== '' && phone !== '') {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on signup.');
  }
  if (phone !== '' && challenge !== '') throw badRequest('validation_failed', 'PKCE not supported for phone signups');
  validatePkceParams(challengeMethod, challenge);
  if (phone !== '') throw badRequest('phone_provider_disabled', 'Phone signups are disabled');
  if (!svc.cfg.email.enable_signup) throw badRequest('email_provider_disabled', 'Email signups are disabled');
  const normalized = validateEmail(email);

  const result = await registerEmailUser(svc, ar, { email: normalized, password, data, challenge, challengeMethod });
  if (result === 'exists') {
    if (svc.autoconfirm) throw unprocessable('user_already_exists', 'User already registered');
    return ok(obfuscatedUser(normalized, data));
  }
  const user = (await findUserById(svc.sql, result)) as User;
  if (isConfirmed(user)) {
    return ok(await svc.sql.begin((tx) => issueSession(svc, tx, ar, result, 'password')));
  }
  return ok(userJson(user));
}

export interface EmailSignupParams {
  email: string;
  password: string;
  data: Record<string, unknown>;
  challenge: string;
  challengeMethod: string;
}

/**
 * The transactional part of GoTrue's Signup for an (already validated, lower-cased) email: a new
 * auth.users + auth.identities row (or the existing unconfirmed user), then autoconfirm or a
 * confirmation mail. Returns the user id, or 'exists' for an already confirmed address.
 */
export async function registerEmailUser(
  svc: AuthService,
  ar: AuthRequest,
  p: EmailSignupParams,
): Promise<string | 'exists'> {
  const existing = await findDuplicateEmail(svc.sql, p.email);
  const passwordHash = existing ? undefined : await hashPassword(p.password);
  const redirectTo = referrer(svc.cfg, ar);
  try {
    return await svc.sql.begin(async (tx) => {
      let user: User;
      if (existing) {
        const locked = await findUserById(tx, existing.id, true);
        if (!locked || isConfirmed(locked)) throw new UserExists();
        user = locked;
      } else {
        const id = await insertUser(tx, {
          email: p.email,
          passwordHash,
          userMeta: p.data,
          appMeta: { provider: 'email', providers: ['email'] },
        });
        user = (await findUserById(tx, id)) as User;
      }
      const [identity] = await tx`select id from auth.identities where user_id = ${user.id} and provider = 'email'`;
      if (!identity) {
        const identityData = emailIdentityData(user.id, user.email ?? p.email, p.data);
        await insertIdentity(tx, user.id, 'email', identityData);
        // RemoveUnconfirmedIdentities: the unconfirmed user's metadata becomes the identity's.
        await tx`update auth.users set raw_user_meta_data = ${JSON.stringify(identityData)}::text::jsonb, updated_at = now()
                 where id = ${user.id}`;
        user.raw_user_meta_data = identityData;
        await tx`delete from auth.identities where user_id = ${user.id} and provider <> 'email'`;
        await syncProviders(tx, user);
      }
      if (!isConfirmed(user)) {
        if (svc.autoconfirm) {
          await confirmEmail(tx, user);
        } else {
          if (isPkce(p.challenge)) {
            await createFlowState(tx, 'email', 'email/signup', p.challengeMethod, p.challenge, user.id);
          }
          await sendTokenMail(svc, tx, ar, user, { kind: 'signup', challenge: p.challenge, redirectTo });
        }
      }
      return user.id;
    });
  } catch (err) {
    if (err instanceof UserExists) return 'exists';
    throw err;
  }
}

/** sanitizeUser: what a repeated signup answers when confirmations are on (no account enumeration). */
function obfuscatedUser(email: string, data: Record<string, unknown>) {
  const now = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    aud: 'authenticated',
    role: '',
    email,
    phone: '',
    confirmation_sent_at: now,
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: data,
    identities: [],
    created_at: now,
    updated_at: now,
    is_anonymous: false,
  };
}

async function signupAnonymously(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  if (!svc.cfg.enable_signup) throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
  const body = await ar.json();
  const data = obj(body, 'data') ?? {};
  const session = await svc.sql.begin(async (tx) => {
    const id = await insertUser(
      tx,
      { userMeta: data, appMeta: {}, isAnonymous: true },
      'Database error creating anonymous user',
    );
    return issueSession(svc, tx, ar, id, 'anonymous');
  });
  return ok(session);
}
