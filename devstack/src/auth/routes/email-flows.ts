import { randomBytes } from 'node:crypto';
import { badRequest, unprocessable } from '../errors.ts';
import { sendEmailChange, sendTokenMail } from '../mailer.ts';
import { createFlowState, isPkce, validatePkceParams } from '../pkce.ts';
import { FIVE_MINUTES } from '../rate-limit.ts';
import { referrer } from '../redirect.ts';
import { type AuthRequest, type AuthService, bool, obj, ok, type Reply, str } from '../request.ts';
import { findUserByEmail, findUserById, isConfirmed } from '../users.ts';
import { validateEmail } from '../validate.ts';
import { registerEmailUser } from './signup.ts';

function emailProviderOn(svc: AuthService): void {
  if (!svc.cfg.email.enable_signup) throw badRequest('email_provider_disabled', 'Email logins are disabled');
}

/** POST /otp: magic link / email code (creating the user unless create_user is false). */
export async function otp(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  svc.limiter.check('otp', ar.ip, svc.cfg.rate_limit.sign_in_sign_ups, FIVE_MINUTES);
  const body = await ar.json();
  let email = str(body, 'email');
  const phone = str(body, 'phone');
  const createUser = bool(body, 'create_user', true);
  const challenge = str(body, 'code_challenge');
  const method = str(body, 'code_challenge_method');
  if (email !== '' && phone !== '') {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided');
  }
  if (email !== '' && str(body, 'channel') !== '') {
    throw badRequest('validation_failed', 'Channel should only be specified with Phone OTP');
  }
  validatePkceParams(method, challenge);
  if (!createUser && email !== '') {
    email = validateEmail(email);
    if (!(await findUserByEmail(svc.sql, email))) throw unprocessable('otp_disabled', 'Signups not allowed for otp');
  }
  if (email !== '') return magicLink(svc, ar, email, obj(body, 'data') ?? {}, challenge, method);
  if (phone !== '') throw badRequest('phone_provider_disabled', 'Unsupported phone provider');
  throw badRequest('validation_failed', 'One of email or phone must be set');
}

/** POST /magiclink (legacy endpoint, same as /otp with an email). */
export async function magicLinkRoute(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  svc.limiter.check('magiclink', ar.ip, svc.cfg.rate_limit.sign_in_sign_ups, FIVE_MINUTES);
  const body = await ar.json();
  const challenge = str(body, 'code_challenge');
  const method = str(body, 'code_challenge_method');
  return magicLink(svc, ar, str(body, 'email'), obj(body, 'data') ?? {}, challenge, method);
}

async function magicLink(
  svc: AuthService,
  ar: AuthRequest,
  rawEmail: string,
  data: Record<string, unknown>,
  challenge: string,
  method: string,
): Promise<Reply> {
  if (!svc.cfg.email.enable_signup) throw unprocessable('email_provider_disabled', 'Email logins are disabled');
  if (rawEmail === '') throw unprocessable('validation_failed', 'Password recovery requires an email');
  const email = validateEmail(rawEmail);
  validatePkceParams(method, challenge);
  const user = await findUserByEmail(svc.sql, email);
  if (!user || !isConfirmed(user)) {
    if (!svc.cfg.enable_signup) throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
    // Signs the address up with a random password: a confirmation mail, or (autoconfirm) a
    // confirmed user who then gets the magic link below.
    const password = randomBytes(24).toString('base64url');
    const result = await registerEmailUser(svc, ar, { email, password, data, challenge, challengeMethod: method });
    if (!svc.autoconfirm || result === 'exists') return ok({});
    return magicLink(svc, ar, email, data, challenge, method);
  }
  const redirectTo = referrer(svc.cfg, ar);
  await svc.sql.begin(async (tx) => {
    if (isPkce(challenge)) await createFlowState(tx, 'magiclink', 'magiclink', method, challenge, user.id);
    const locked = await findUserById(tx, user.id, true);
    if (locked) await sendTokenMail(svc, tx, ar, locked, { kind: 'magiclink', challenge, redirectTo });
  });
  return ok({});
}

/** POST /recover: password-recovery mail; `{}` for unknown addresses too. */
export async function recover(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  svc.limiter.check('recover', ar.ip, svc.cfg.rate_limit.sign_in_sign_ups, FIVE_MINUTES);
  emailProviderOn(svc);
  const body = await ar.json();
  const raw = str(body, 'email');
  const challenge = str(body, 'code_challenge');
  const method = str(body, 'code_challenge_method');
  if (raw === '') throw badRequest('validation_failed', 'Password recovery requires an email');
  const email = validateEmail(raw);
  validatePkceParams(method, challenge);
  const user = await findUserByEmail(svc.sql, email);
  if (!user) return ok({});
  const redirectTo = referrer(svc.cfg, ar);
  await svc.sql.begin(async (tx) => {
    if (isPkce(challenge)) await createFlowState(tx, 'recovery', 'recovery', method, challenge, user.id);
    const locked = await findUserById(tx, user.id, true);
    if (locked) await sendTokenMail(svc, tx, ar, locked, { kind: 'recovery', challenge, redirectTo });
  });
  return ok({});
}

/** POST /resend: signup confirmation or email-change mails again. */
export async function resend(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  svc.limiter.check('resend', ar.ip, svc.cfg.rate_limit.sign_in_sign_ups, FIVE_MINUTES);
  const body = await ar.json();
  const type = str(body, 'type');
  let email = str(body, 'email');
  const phone = str(body, 'phone');
  const challenge = str(body, 'code_challenge');
  const method = str(body, 'code_challenge_method');
  if (type === 'signup' || type === 'email_change') validatePkceParams(method, challenge);
  else if (type !== 'sms' && type !== 'phone_change') {
    throw badRequest('validation_failed', 'Missing one of these types: signup, email_change, sms, phone_change');
  }
  if (email === '' && type === 'signup')
    throw badRequest('validation_failed', 'Type provided requires an email address');
  if (phone === '' && type === 'sms') throw badRequest('validation_failed', 'Type provided requires a phone number');
  if (email !== '' && phone !== '') {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided.');
  }
  if (phone !== '') throw badRequest('phone_provider_disabled', 'Phone logins are disabled');
  if (email === '') throw badRequest('validation_failed', 'Missing email address or phone number');
  emailProviderOn(svc);
  email = validateEmail(email);
  const user = await findUserByEmail(svc.sql, email);
  if (!user) return ok({});
  if (type === 'signup' && isConfirmed(user)) return ok({});
  if (type === 'email_change' && !user.email_change) return ok({});
  if (type !== 'signup' && type !== 'email_change') return ok({});
  const redirectTo = referrer(svc.cfg, ar);
  await svc.sql.begin(async (tx) => {
    const locked = await findUserById(tx, user.id, true);
    if (!locked) return;
    if (type === 'signup') {
      if (isPkce(challenge)) await createFlowState(tx, 'email', 'email/signup', method, challenge, user.id);
      await sendTokenMail(svc, tx, ar, locked, { kind: 'signup', challenge, redirectTo });
    } else {
      if (isPkce(challenge)) await createFlowState(tx, 'email_change', 'email_change', method, challenge, user.id);
      await sendEmailChange(svc, tx, ar, locked, locked.email_change ?? '', challenge, redirectTo);
    }
  });
  return ok({});
}
