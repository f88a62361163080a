import { randomBytes } from 'node:crypto';
import { AuthError, badRequest, internal, notFound, unprocessable } from '../errors.ts';
import { requireAdmin } from '../guard.ts';
import { actionLink, sendTokenMail } from '../mailer.ts';
import { generateOtp, saveOneTimeToken, tokenHash } from '../otp.ts';
import { checkPasswordStrength, hashPassword, MAX_PASSWORD_LENGTH } from '../passwords.ts';
import { isRedirectUrlValid, referrer } from '../redirect.ts';
import { type AuthRequest, type AuthService, bool, type Db, obj, ok, optStr, type Reply, str } from '../request.ts';
import {
  AUDIENCE,
  confirmEmail,
  emailIdentityData,
  factorJson,
  findDuplicateEmail,
  findUserByEmail,
  findUserById,
  insertIdentity,
  insertUser,
  isConfirmed,
  isUuid,
  mustFindUser,
  NIL_UUID,
  type User,
  type UserRow,
  updateAppMeta,
  updateIdentityData,
  updateUserMeta,
  userJson,
} from '../users.ts';
import { validateEmail } from '../validate.ts';

const DUPLICATE_EMAIL = 'A user with this email address has already been registered';

/** Routes under /admin (and /invite), all behind requireAdminCredentials. */
export async function admin(svc: AuthService, ar: AuthRequest): Promise<Reply | undefined> {
  const p = ar.path;
  const m = ar.method;
  const simple: Record<string, (svc: AuthService, ar: AuthRequest) => Promise<Reply>> = {
    'POST /invite': invite,
    'GET /admin/users': listUsers,
    'POST /admin/users': createUser,
    'POST /admin/generate_link': generateLink,
  };
  const handler = simple[`${m} ${p}`];
  if (handler) {
    await requireAdmin(svc, ar);
    return handler(svc, ar);
  }
  const one = /^\/admin\/users\/([^/]+)(\/factors(?:\/([^/]+))?)?$/.exec(p);
  if (!one) return undefined;
  await requireAdmin(svc, ar);
  const user = await loadUser(svc, one[1]);
  if (one[2]) {
    if (!one[3] && m === 'GET') return ok(user.factors.map(factorJson));
    if (one[3] && m === 'DELETE') return deleteFactor(svc, user, one[3]);
    return undefined;
  }
  if (m === 'GET') return ok(userJson(user));
  if (m === 'PUT') return updateUser(svc, ar, user);
  if (m === 'DELETE') return deleteUser(svc, ar, user);
  return undefined;
}

async function loadUser(svc: AuthService, id: string): Promise<User> {
  if (!isUuid(id)) throw notFound('validation_failed', 'user_id must be an UUID');
  const user = await findUserById(svc.sql, id);
  if (!user) throw notFound('user_not_found', 'User not found');
  return user;
}

function parseUint(v: string | null, fallback: number): number {
  if (v === null || v === '') return fallback;
  if (!/^\d+$/.test(v)) {
    throw badRequest(
      'validation_failed',
      `Bad Pagination Parameters: strconv.ParseUint: parsing "${v}": invalid syntax`,
    );
  }
  return Number(v);
}

/** GET /admin/users?page=&per_page=&filter= with X-Total-Count and Link headers. */
async function listUsers(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const page = parseUint(ar.query.get('page'), 1);
  const perPage = parseUint(ar.query.get('per_page'), 50);
  const filter = ar.query.get('filter') ?? '';
  const like = `%${filter}%`;
  const where = () => svc.sql`instance_id = ${NIL_UUID} and aud = ${AUDIENCE}
    ${filter ? svc.sql`and (email like ${like} or raw_user_meta_data->>'full_name' ilike ${like})` : svc.sql``}`;
  const [{ count }] = await svc.sql<
    { count: number }[]
  >`select count(*)::int as count from auth.users where ${where()}`;
  const ids = await svc.sql<{ id: string }[]>`
    select id from auth.users where ${where()} order by created_at desc
    limit ${perPage} offset ${Math.max(0, page - 1) * perPage}`;
  const users: ReturnType<typeof userJson>[] = [];
  for (const { id } of ids) {
    const u = await findUserById(svc.sql, id);
    if (u) users.push(userJson(u));
  }
  const totalPages = perPage > 0 ? Math.ceil(count / perPage) : 0;
  const link = (n: number) => {
    const q = new URLSearchParams(ar.query);
    q.set('page', String(n));
    const sorted = new URLSearchParams([...q.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return `</admin/users?${sorted.toString()}>`;
  };
  let header = '';
  if (totalPages > page) header += `${link(page + 1)}; rel="next", `;
  header += `${link(totalPages)}; rel="last"`;
  return ok({ users, aud: AUDIENCE }, { link: header, 'x-total-count': String(count) });
}

/** Go's time.ParseDuration for ban_duration ("24h", "1h30m", "none"). */
function parseBanDuration(v: string): number | undefined {
  if (v === '') return undefined;
  if (v === 'none') return 0;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  let i = v.startsWith('-') || v.startsWith('+') ? 1 : 0;
  const sign = v.startsWith('-') ? -1 : 1;
  if (i === v.length) i = -1;
  while (i >= 0 && i < v.length) {
    re.lastIndex = i;
    const m = re.exec(v);
    if (!m) {
      i = -1;
      break;
    }
    ms += Number(m[1]) * units[m[2]];
    i = re.lastIndex;
  }
  if (i < 0 && v !== '0') {
    throw badRequest('validation_failed', `invalid format for ban duration: time: invalid duration "${v}"`);
  }
  return sign * ms;
}

function validatePhone(phone: string): string {
  const p = phone.replace(/[\s+\-()]/g, '');
  if (!/^[1-9]\d{1,14}$/.test(p)) {
    throw badRequest('validation_failed', 'Invalid phone number format (E.164 required)');
  }
  return p;
}

async function setBan(db: Db, userId: string, ms: number): Promise<void> {
  if (ms === 0) await db`update auth.users set banned_until = null, updated_at = now() where id = ${userId}`;
  else
    await db`update auth.users set banned_until = now() + ${`${ms} milliseconds`}::interval, updated_at = now()
                where id = ${userId}`;
}

async function confirmPhone(db: Db, userId: string): Promise<void> {
  await db`update auth.users set confirmation_token = '', phone_confirmed_at = now(), updated_at = now() where id = ${userId}`;
  await db`delete from auth.one_time_tokens where user_id = ${userId}`;
}

/** POST /admin/users */
async function createUser(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const body = await ar.json();
  let email = str(body, 'email');
  let phone = str(body, 'phone');
  const password = optStr(body, 'password');
  const passwordHash = str(body, 'password_hash');
  const userMeta = obj(body, 'user_metadata');
  const appMeta = obj(body, 'app_metadata');
  const role = str(body, 'role');
  const customId = str(body, 'id');
  if (email === '' && phone === '') {
    throw badRequest('validation_failed', 'Cannot create a user without either an email or phone');
  }
  const providers: string[] = [];
  if (email !== '') {
    email = validateEmail(email);
    if (await findDuplicateEmail(svc.sql, email)) throw unprocessable('email_exists', DUPLICATE_EMAIL);
    providers.push('email');
  }
  if (phone !== '') {
    phone = validatePhone(phone);
    const [dup] = await svc.sql`select 1 from auth.users where phone = ${phone} and aud = ${AUDIENCE}`;
    if (dup) throw unprocessable('phone_exists', 'Phone number already registered by another user');
    providers.push('phone');
  }
  if (password !== undefined && passwordHash !== '') {
    throw badRequest('validation_failed', 'Only a password or a password hash should be provided');
  }
  let hash: string;
  if (passwordHash !== '') {
    if (!/^\$2[abxy]\$\d\d\$.{53}$/.test(passwordHash)) throw internal('Error creating user');
    hash = passwordHash;
  } else {
    const pw = password || randomBytes(48).toString('base64url');
    if (Buffer.byteLength(pw) > MAX_PASSWORD_LENGTH) {
      throw badRequest('validation_failed', 'bcrypt: password length exceeds 72 bytes');
    }
    hash = await hashPassword(pw);
  }
  if (customId !== '') {
    if (!isUuid(customId)) throw badRequest('validation_failed', 'ID must conform to the uuid v4 format');
    if (customId === NIL_UUID) throw badRequest('validation_failed', 'ID cannot be a nil uuid');
  }
  const ban = parseBanDuration(str(body, 'ban_duration'));
  const userId = await svc.sql.begin(async (tx) => {
    const id = await insertUser(
      tx,
      {
        id: customId || undefined,
        email: email || undefined,
        phone: phone || undefined,
        passwordHash: hash,
        userMeta: userMeta ?? {},
        appMeta: { provider: providers[0], providers },
        role: role || undefined,
      },
      'Database error creating new user',
    );
    if (email) await insertIdentity(tx, id, 'email', emailIdentityData(id, email));
    if (phone) await insertIdentity(tx, id, 'phone', { phone, phone_verified: false, email_verified: false, sub: id });
    const user = await mustFindUser(tx, id);
    if (appMeta) await updateAppMeta(tx, user, appMeta);
    if (bool(body, 'email_confirm')) await confirmEmail(tx, user);
    if (bool(body, 'phone_confirm')) await confirmPhone(tx, id);
    if (ban !== undefined) await setBan(tx, id, ban);
    return id;
  });
  return ok(userJson(await mustFindUser(svc.sql, userId)));
}

/** PUT /admin/users/{id} */
async function updateUser(svc: AuthService, ar: AuthRequest, user: User): Promise<Reply> {
  const body = await ar.json();
  let email = str(body, 'email');
  let phone = str(body, 'phone');
  if (email !== '') email = validateEmail(email);
  if (phone !== '') phone = validatePhone(phone);
  const ban = parseBanDuration(str(body, 'ban_duration'));
  const password = optStr(body, 'password');
  let hash: string | undefined;
  if (password !== undefined) {
    checkPasswordStrength(svc.cfg, password);
    hash = await hashPassword(password);
  }
  const emailConfirm = bool(body, 'email_confirm');
  const phoneConfirm = bool(body, 'phone_confirm');
  const role = str(body, 'role');
  const appMeta = obj(body, 'app_metadata');
  const userMeta = obj(body, 'user_metadata');
  try {
    await svc.sql.begin(async (tx) => {
      const u = await mustFindUser(tx, user.id);
      if (role) await tx`update auth.users set role = ${role}, updated_at = now() where id = ${u.id}`;
      if (emailConfirm) await confirmEmail(tx, u);
      if (phoneConfirm) await confirmPhone(tx, u.id);
      if (hash !== undefined) {
        await tx`update auth.users set encrypted_password = ${hash}, confirmation_token = '', confirmation_sent_at = null,
                   recovery_token = '', recovery_sent_at = null, email_change_token_current = '',
                   email_change_token_new = '', email_change_sent_at = null, reauthentication_token = '',
                   reauthentication_sent_at = null, updated_at = now() where id = ${u.id}`;
        await tx`delete from auth.one_time_tokens where user_id = ${u.id}`;
        await tx`delete from auth.sessions where user_id = ${u.id}`;
      }
      if (email) {
        const updated = await updateIdentityData(tx, u.id, 'email', { email, email_verified: emailConfirm });
        if (!updated) await insertIdentity(tx, u.id, 'email', emailIdentityData(u.id, email, {}, emailConfirm));
        if (u.is_anonymous && emailConfirm) await tx`update auth.users set is_anonymous = false where id = ${u.id}`;
        await tx`update auth.users set email = ${email}, updated_at = now() where id = ${u.id}`;
      }
      if (phone) {
        const updated = await updateIdentityData(tx, u.id, 'phone', { phone, phone_verified: phoneConfirm });
        if (!updated) {
          await insertIdentity(tx, u.id, 'phone', {
            phone,
            phone_verified: phoneConfirm,
            email_verified: false,
            sub: u.id,
          });
        }
        if (u.is_anonymous && phoneConfirm) await tx`update auth.users set is_anonymous = false where id = ${u.id}`;
        await tx`update auth.users set phone = ${phone}, updated_at = now() where id = ${u.id}`;
      }
      if (appMeta) await updateAppMeta(tx, u, appMeta);
      if (userMeta) await updateUserMeta(tx, u, userMeta);
      if (ban !== undefined) await setBan(tx, u.id, ban);
    });
  } catch (err) {
    if (err instanceof AuthError) throw err;
    throw Object.assign(internal('Error updating user'), { cause: err });
  }
  return ok(userJson(await mustFindUser(svc.sql, user.id)));
}

/** DELETE /admin/users/{id} (body {should_soft_delete}) → {} */
async function deleteUser(svc: AuthService, ar: AuthRequest, user: User): Promise<Reply> {
  const body = await ar.optionalJson();
  const soft = bool(body, 'should_soft_delete');
  try {
    await svc.sql.begin(async (tx) => {
      if (!soft) {
        await tx`delete from auth.users where id = ${user.id}`;
        return;
      }
      if (user.deleted_at) return;
      const obfuscate = (v: string | null) => (v ? tokenHash(user.id, v) : null);
      await tx`update auth.users set email = ${obfuscate(user.email)}, phone = ${obfuscate(user.phone)},
                 encrypted_password = null, confirmation_token = '', recovery_token = '', email_change = '',
                 email_change_token_current = '', email_change_token_new = '', phone_change = '',
                 raw_user_meta_data = '{}'::jsonb, raw_app_meta_data = '{}'::jsonb, deleted_at = now(),
                 updated_at = now()
               where id = ${user.id}`;
      await tx`delete from auth.identities where user_id = ${user.id}`;
      await tx`delete from auth.mfa_factors where user_id = ${user.id}`;
      await tx`delete from auth.sessions where user_id = ${user.id}`;
    });
  } catch (err) {
    throw Object.assign(internal(soft ? 'Error soft deleting user' : 'Database error deleting user'), { cause: err });
  }
  return ok({});
}

async function deleteFactor(svc: AuthService, user: User, factorId: string): Promise<Reply> {
  if (!isUuid(factorId)) throw notFound('validation_failed', 'factor_id must be an UUID');
  const factor = user.factors.find((f) => f.id === factorId);
  if (!factor) throw notFound('mfa_factor_not_found', 'Factor not found');
  await svc.sql.begin(async (tx) => {
    await tx`delete from auth.mfa_factors where id = ${factorId}`;
    await tx`update auth.sessions set aal = 'aal1', factor_id = null where user_id = ${user.id} and factor_id = ${factorId}`;
  });
  return ok(factorJson(factor));
}

async function createInvitedOrSignupUser(tx: Db, email: string, data: Record<string, unknown>, passwordHash?: string) {
  const id = await insertUser(tx, {
    email,
    passwordHash,
    userMeta: data,
    appMeta: { provider: 'email', providers: ['email'] },
  });
  await insertIdentity(tx, id, 'email', emailIdentityData(id, email));
  return mustFindUser(tx, id);
}

/** POST /invite {email, data} → the invited user; an invite mail is sent. */
async function invite(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const body = await ar.json();
  const email = validateEmail(str(body, 'email'));
  const data = obj(body, 'data') ?? {};
  const existing = await findUserByEmail(svc.sql, email);
  const redirectTo = referrer(svc.cfg, ar);
  const userId = await svc.sql.begin(async (tx) => {
    let user: UserRow;
    if (existing) {
      if (isConfirmed(existing)) throw unprocessable('email_exists', DUPLICATE_EMAIL);
      user = existing;
    } else {
      user = await createInvitedOrSignupUser(tx, email, data);
    }
    await sendTokenMail(svc, tx, ar, user, { kind: 'invite', redirectTo, noFrequency: true });
    return user.id;
  });
  return ok(userJson(await mustFindUser(svc.sql, userId)));
}

/** POST /admin/generate_link: the action link, OTP and hashed token, without sending mail. */
async function generateLink(svc: AuthService, ar: AuthRequest): Promise<Reply> {
  const body = await ar.json();
  let type = str(body, 'type');
  const email = validateEmail(str(body, 'email'));
  let password = str(body, 'password');
  const data = obj(body, 'data') ?? {};
  const bodyRedirect = str(body, 'redirect_to');
  let redirectTo = referrer(svc.cfg, ar);
  if (isRedirectUrlValid(svc.cfg, bodyRedirect)) redirectTo = bodyRedirect;

  let user: User | undefined = await findUserByEmail(svc.sql, email);
  if (!user) {
    if (type === 'magiclink') {
      type = 'signup';
      password = randomBytes(48).toString('base64url');
    } else if (['recovery', 'email_change_current', 'email_change_new'].includes(type)) {
      throw notFound('user_not_found', 'User with this email not found');
    }
  }
  const otp = generateOtp(svc.cfg.email.otp_length);
  const hashed = tokenHash(email, otp);
  let newHash: string | undefined;
  if (type === 'signup' && !user) {
    if (password === '') throw badRequest('validation_failed', 'Signup requires a valid password');
    checkPasswordStrength(svc.cfg, password);
    newHash = await hashPassword(password);
  }

  const link = await svc.sql.begin(async (tx) => {
    switch (type) {
      case 'magiclink':
      case 'recovery': {
        const u = user as User;
        await tx`update auth.users set recovery_token = ${hashed}, recovery_sent_at = now(), updated_at = now()
                 where id = ${u.id}`;
        await saveOneTimeToken(tx, u.id, 'recovery_token', hashed, email);
        return { id: u.id, token: hashed, linkType: type };
      }
      case 'invite':
      case 'signup': {
        if (user && isConfirmed(user)) throw unprocessable('email_exists', DUPLICATE_EMAIL);
        if (user && type === 'signup') await updateUserMeta(tx, user, data);
        const u = user ?? (await createInvitedOrSignupUser(tx, email, data, newHash));
        if (type === 'invite') {
          await tx`update auth.users set confirmation_token = ${hashed}, confirmation_sent_at = now(), invited_at = now(),
                   updated_at = now() where id = ${u.id}`;
        } else {
          await tx`update auth.users set confirmation_token = ${hashed}, confirmation_sent_at = now(), updated_at = now()
                   where id = ${u.id}`;
        }
        await saveOneTimeToken(tx, u.id, 'confirmation_token', hashed, email);
        return { id: u.id, token: hashed, linkType: type };
      }
      case 'email_change_current':
      case 'email_change_new': {
        const u = user as User;
        if (!svc.cfg.email.double_confirm_changes && type === 'email_change_current') {
          throw badRequest('validation_failed', 'Enable secure email change to generate link for current email');
        }
        const newEmail = validateEmail(str(body, 'new_email'));
        if (await findDuplicateEmail(tx, newEmail, u.id)) throw unprocessable('email_exists', DUPLICATE_EMAIL);
        const current = type === 'email_change_current' ? hashed : '';
        const fresh = type === 'email_change_new' ? tokenHash(newEmail, otp) : '';
        await tx`update auth.users set email_change = ${newEmail}, email_change_sent_at = now(),
                   email_change_confirm_status = 0, email_change_token_current = ${current},
                   email_change_token_new = ${fresh}, updated_at = now() where id = ${u.id}`;
        if (current) await saveOneTimeToken(tx, u.id, 'email_change_token_current', current, email);
        if (fresh) await saveOneTimeToken(tx, u.id, 'email_change_token_new', fresh, newEmail);
        return { id: u.id, token: current || fresh, linkType: 'email_change' };
      }
      default:
        throw badRequest('validation_failed', `Invalid email action link type requested: ${type}`);
    }
  });
  user = await mustFindUser(svc.sql, link.id);
  return ok({
    ...userJson(user),
    action_link: actionLink(svc, link.token, link.linkType, redirectTo),
    email_otp: otp,
    hashed_token: hashed,
    verification_type: type,
    redirect_to: redirectTo,
  });
}
