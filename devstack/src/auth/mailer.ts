import { tooManyRequests } from './errors.ts';
import { generateOtp, type OneTimeTokenType, saveOneTimeToken, tokenHash } from './otp.ts';
import { flowToken } from './pkce.ts';
import { ONE_HOUR } from './rate-limit.ts';
import type { AuthRequest, AuthService, Db } from './request.ts';
import type { UserRow } from './users.ts';

/** GoTrue's validateSentWithinFrequencyLimit (`[auth.email] max_frequency`, per user and mail kind). */
export function checkFrequency(svc: AuthService, sentAt: Date | null): void {
  const freq = svc.cfg.email.maxFrequencyMs;
  if (sentAt && sentAt.getTime() + freq > Date.now()) {
    const left = Math.floor((sentAt.getTime() + freq - Date.now()) / 1000);
    throw tooManyRequests(
      'over_email_send_rate_limit',
      `For security purposes, you can only request this after ${left} seconds.`,
    );
  }
}

/** The global emails-per-hour budget (`[auth.rate_limit] email_sent`), only when confirmations are on. */
function consumeEmailQuota(svc: AuthService): void {
  const limit = svc.cfg.rate_limit.email_sent;
  const exceeded = () => tooManyRequests('over_email_send_rate_limit', 'email rate limit exceeded');
  if (!svc.cfg.rateLimitsEnabled) return;
  if (limit <= 0) throw exceeded();
  if (!svc.autoconfirm && !svc.limiter.take('email_sent', 'global', limit, ONE_HOUR)) throw exceeded();
}

function encodeRedirect(url: string): string {
  return /[&=#]/.test(url) ? encodeURIComponent(url) : url;
}

/** `<externalUrl>/verify?token=…&type=…&redirect_to=…`, the link GoTrue's mailer puts in mails. */
export function actionLink(svc: AuthService, token: string, type: string, redirectTo: string): string {
  return `${svc.cfg.externalUrl}/verify?token=${encodeURIComponent(token)}&type=${encodeURIComponent(type)}&redirect_to=${encodeRedirect(redirectTo)}`;
}

type MailKind = 'signup' | 'invite' | 'recovery' | 'magiclink' | 'email_change' | 'reauthentication';

const TEMPLATES: Record<MailKind, { subject: string; heading: string; intro: string; action: string }> = {
  signup: {
    subject: 'Confirm your email address',
    heading: 'Confirm your email address',
    intro: 'Follow the link below to confirm this email address and finish signing up.',
    action: 'Confirm email address',
  },
  invite: {
    subject: "You've been invited",
    heading: "You've been invited",
    intro: "You've been invited to create an account. Follow the link below to accept.",
    action: 'Accept invitation',
  },
  recovery: {
    subject: 'Reset your password',
    heading: 'Reset your password',
    intro: 'We received a request to reset your password. Follow the link below to choose a new one.',
    action: 'Reset password',
  },
  magiclink: {
    subject: 'Your sign-in link',
    heading: 'Your sign-in link',
    intro: 'Follow the link below to sign in. This link expires shortly and can only be used once.',
    action: 'Sign in',
  },
  email_change: {
    subject: 'Confirm your new email address',
    heading: 'Confirm your new email address',
    intro: 'Follow the link below to confirm {{NEW}} as your new email address.',
    action: 'Confirm new email address',
  },
  reauthentication: {
    subject: '{{CODE}} is your verification code',
    heading: 'Your verification code',
    intro: 'Use the code below to verify your identity. It expires shortly.',
    action: '',
  },
};

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

function compose(ar: AuthRequest, kind: MailKind, to: string, otp: string, link?: string, newEmail = ''): void {
  const t = TEMPLATES[kind];
  const fill = (s: string) => s.replaceAll('{{CODE}}', otp).replaceAll('{{NEW}}', newEmail);
  const text = [
    t.heading,
    '',
    fill(t.intro),
    ...(link ? ['', `${t.action}: ${link}`] : []),
    '',
    link ? `Alternatively, enter the code: ${otp}` : otp,
  ].join('\n');
  const html = [
    `<h2>${esc(t.heading)}</h2>`,
    `<p>${esc(fill(t.intro))}</p>`,
    ...(link ? [`<p><a href="${esc(link)}">${esc(t.action)}</a></p>`] : []),
    link ? `<p>Alternatively, enter the code: ${otp}</p>` : `<p>${otp}</p>`,
  ].join('\n');
  ar.outbox.push({ to, subject: fill(t.subject), text, html });
}

interface TokenMailOptions {
  kind: 'signup' | 'invite' | 'recovery' | 'magiclink';
  challenge?: string;
  redirectTo: string;
  /** Skip max_frequency (invites are not frequency limited). */
  noFrequency?: boolean;
}

/**
 * Confirmation, invite, recovery and magic-link mails: a fresh OTP, its hash (pkce_-prefixed for
 * PKCE) stored on the user and in one_time_tokens, the mail queued for delivery after commit.
 */
export async function sendTokenMail(
  svc: AuthService,
  db: Db,
  ar: AuthRequest,
  user: UserRow,
  opts: TokenMailOptions,
): Promise<void> {
  const email = user.email ?? '';
  const isConfirmation = opts.kind === 'signup' || opts.kind === 'invite';
  if (!opts.noFrequency) checkFrequency(svc, isConfirmation ? user.confirmation_sent_at : user.recovery_sent_at);
  consumeEmailQuota(svc);
  const otp = generateOtp(svc.cfg.email.otp_length);
  const token = flowToken(tokenHash(email, otp), opts.challenge ?? '');
  let type: OneTimeTokenType;
  if (opts.kind === 'invite') {
    type = 'confirmation_token';
    await db`update auth.users set confirmation_token = ${token}, confirmation_sent_at = now(), invited_at = now(),
             updated_at = now() where id = ${user.id}`;
  } else if (isConfirmation) {
    type = 'confirmation_token';
    await db`update auth.users set confirmation_token = ${token}, confirmation_sent_at = now(), updated_at = now()
             where id = ${user.id}`;
  } else {
    type = 'recovery_token';
    await db`update auth.users set recovery_token = ${token}, recovery_sent_at = now(), updated_at = now()
             where id = ${user.id}`;
  }
  await saveOneTimeToken(db, user.id, type, token, email);
  compose(ar, opts.kind, email, otp, actionLink(svc, token, opts.kind, opts.redirectTo));
}

/**
 * Email change: a token for the new address and (secure change, `double_confirm_changes`) one for
 * the current address, each mailed with its own link and code.
 */
export async function sendEmailChange(
  svc: AuthService,
  db: Db,
  ar: AuthRequest,
  user: UserRow,
  newEmail: string,
  challenge: string,
  redirectTo: string,
): Promise<void> {
  checkFrequency(svc, user.email_change_sent_at);
  consumeEmailQuota(svc);
  const otpNew = generateOtp(svc.cfg.email.otp_length);
  const tokenNew = flowToken(tokenHash(newEmail, otpNew), challenge);
  const secure = svc.cfg.email.double_confirm_changes && !!user.email;
  const otpCurrent = secure ? generateOtp(svc.cfg.email.otp_length) : '';
  const tokenCurrent = secure ? flowToken(tokenHash(user.email ?? '', otpCurrent), challenge) : '';
  await db`update auth.users set email_change = ${newEmail}, email_change_token_new = ${tokenNew},
             email_change_token_current = ${tokenCurrent}, email_change_confirm_status = 0,
             email_change_sent_at = now(), updated_at = now() where id = ${user.id}`;
  await db`delete from auth.one_time_tokens where user_id = ${user.id}
           and token_type in ('email_change_token_new', 'email_change_token_current')`;
  if (tokenCurrent) {
    await saveOneTimeToken(db, user.id, 'email_change_token_current', tokenCurrent, user.email ?? '');
    compose(
      ar,
      'email_change',
      user.email ?? '',
      otpCurrent,
      actionLink(svc, tokenCurrent, 'email_change', redirectTo),
      newEmail,
    );
  }
  await saveOneTimeToken(db, user.id, 'email_change_token_new', tokenNew, newEmail);
  compose(ar, 'email_change', newEmail, otpNew, actionLink(svc, tokenNew, 'email_change', redirectTo), newEmail);
}

/** The reauthentication nonce mail (code only). */
export async function sendReauthentication(svc: AuthService, db: Db, ar: AuthRequest, user: UserRow): Promise<void> {
  checkFrequency(svc, user.reauthentication_sent_at);
  consumeEmailQuota(svc);
  const otp = generateOtp(svc.cfg.email.otp_length);
  const hash = tokenHash(user.email ?? '', otp);
  await db`update auth.users set reauthentication_token = ${hash}, reauthentication_sent_at = now(), updated_at = now()
           where id = ${user.id}`;
  await saveOneTimeToken(db, user.id, 'reauthentication_token', hash, user.email ?? '');
  compose(ar, 'reauthentication', user.email ?? '', otp);
}
