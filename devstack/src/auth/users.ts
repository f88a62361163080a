import { internal } from './errors.ts';
import type { Db } from './request.ts';

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';
export const AUDIENCE = 'authenticated';
export const DEFAULT_ROLE = 'authenticated';

type Json = Record<string, unknown>;

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change_token_new: string | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  email_change_token_current: string | null;
  email_change_confirm_status: number | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Json | null;
  raw_user_meta_data: Json | null;
  created_at: Date | null;
  updated_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  confirmed_at: Date | null;
  banned_until: Date | null;
  reauthentication_token: string | null;
  reauthentication_sent_at: Date | null;
  is_sso_user: boolean;
  deleted_at: Date | null;
  is_anonymous: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Json | null;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
}

export interface FactorRow {
  id: string;
  friendly_name: string | null;
  factor_type: string;
  status: string;
  created_at: Date;
  updated_at: Date;
  phone: string | null;
  last_challenged_at: Date | null;
}

export interface User extends UserRow {
  identities: IdentityRow[];
  factors: FactorRow[];
}

/** Go's RFC3339Nano rendering of a timestamp (UTC, trailing fractional zeros dropped). */
export function goTime(d: Date | null | undefined): string | undefined {
  if (!d) return undefined;
  return d
    .toISOString()
    .replace(/\.?0+Z$/, 'Z')
    .replace(/\.Z$/, 'Z');
}

async function withRelations(db: Db, row: UserRow | undefined): Promise<User | undefined> {
  if (!row) return undefined;
  const identities = await db<IdentityRow[]>`
    select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
    from auth.identities where user_id = ${row.id} order by created_at asc`;
  const factors = await db<FactorRow[]>`
    select id, friendly_name, factor_type::text, status::text, created_at, updated_at, phone, last_challenged_at
    from auth.mfa_factors where user_id = ${row.id} order by created_at asc`;
  return { ...row, identities: [...identities], factors: [...factors] };
}

export async function findUserById(db: Db, id: string, forUpdate = false): Promise<User | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = forUpdate
    ? await db<UserRow[]>`select * from auth.users where id = ${id} for update`
    : await db<UserRow[]>`select * from auth.users where id = ${id}`;
  return withRelations(db, row);
}

/** GoTrue's FindUserByEmailAndAudience (non-SSO users, case-insensitive). */
export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [row] = await db<UserRow[]>`
    select * from auth.users
    where instance_id = ${NIL_UUID} and lower(email) = ${email.toLowerCase()} and aud = ${AUDIENCE}
      and is_sso_user = false
    limit 1`;
  return withRelations(db, row);
}

/** GoTrue's IsDuplicatedEmail: an email identity or a user row already holding this address. */
export async function findDuplicateEmail(db: Db, email: string, exceptUserId?: string): Promise<User | undefined> {
  const lower = email.toLowerCase();
  const except = exceptUserId ?? NIL_UUID;
  const [byIdentity] = await db<{ user_id: string }[]>`
    select i.user_id from auth.identities i join auth.users u on u.id = i.user_id
    where i.email = ${lower} and i.user_id <> ${except} and u.aud = ${AUDIENCE} limit 1`;
  if (byIdentity) return findUserById(db, byIdentity.user_id);
  const user = await findUserByEmail(db, lower);
  return user && user.id !== except ? user : undefined;
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

export const isConfirmed = (u: UserRow) => u.email_confirmed_at !== null;
export const isBanned = (u: UserRow) => u.banned_until !== null && u.banned_until.getTime() > Date.now();
export const hasPassword = (u: UserRow) => !!u.encrypted_password;

export interface NewUser {
  id?: string;
  email?: string;
  phone?: string;
  passwordHash?: string;
  userMeta: Json;
  appMeta: Json;
  isAnonymous?: boolean;
  role?: string;
}

/**
 * Inserts into auth.users as GoTrue does (empty-string tokens, instance_id nil, aud/role
 * authenticated). A failing app trigger surfaces as `errorMessage` (500 unexpected_failure).
 */
export async function insertUser(db: Db, u: NewUser, errorMessage = 'Database error saving new user'): Promise<string> {
  const id = u.id ?? crypto.randomUUID();
  try {
    await db`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, confirmation_token,
        recovery_token, email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data,
        is_super_admin, created_at, updated_at, phone, is_anonymous, is_sso_user)
      values (${NIL_UUID}, ${id}, ${AUDIENCE}, ${u.role ?? DEFAULT_ROLE}, ${u.email?.toLowerCase() ?? null},
        ${u.passwordHash ?? ''}, '', '', '', '', ${JSON.stringify(u.appMeta)}::text::jsonb,
        ${JSON.stringify(u.userMeta)}::text::jsonb, null, now(), now(), ${u.phone ?? null}, ${u.isAnonymous ?? false}, false)`;
  } catch (err) {
    throw Object.assign(internal(errorMessage), { cause: err });
  }
  return id;
}

/** The identity_data GoTrue builds from provider.Claims{Subject, Email} (+ extra keys not already set). */
export function emailIdentityData(userId: string, email: string, extra: Json = {}, emailVerified = false): Json {
  const data: Json = { email: email.toLowerCase(), email_verified: emailVerified, phone_verified: false, sub: userId };
  for (const [k, v] of Object.entries(extra)) if (!(k in data)) data[k] = v;
  return data;
}

export async function insertIdentity(db: Db, userId: string, provider: string, data: Json): Promise<void> {
  await db`
    insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
    values (gen_random_uuid(), ${String(data.sub)}, ${userId}, ${JSON.stringify(data)}::text::jsonb, ${provider},
      now(), now(), now())`;
}

/** Shallow merge where `null` deletes a key (GoTrue's UpdateUserMetaData / UpdateAppMetaData). */
export function mergeMeta(current: Json | null, patch: Json): Json {
  const out: Json = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

export async function updateUserMeta(db: Db, user: UserRow, patch: Json): Promise<void> {
  const next = mergeMeta(user.raw_user_meta_data, patch);
  user.raw_user_meta_data = next;
  await db`update auth.users set raw_user_meta_data = ${JSON.stringify(next)}::text::jsonb, updated_at = now()
           where id = ${user.id}`;
}

export async function updateAppMeta(db: Db, user: UserRow, patch: Json): Promise<void> {
  const next = mergeMeta(user.raw_app_meta_data, patch);
  user.raw_app_meta_data = next;
  await db`update auth.users set raw_app_meta_data = ${JSON.stringify(next)}::text::jsonb, updated_at = now()
           where id = ${user.id}`;
}

/** GoTrue's UpdateAppMetaDataProviders: providers = distinct identity providers, oldest first. */
export async function syncProviders(db: Db, user: UserRow): Promise<void> {
  const rows = await db<{ provider: string }[]>`
    select provider from auth.identities where user_id = ${user.id} order by created_at asc`;
  const providers = [...new Set(rows.map((r) => r.provider))];
  const patch: Json = { providers };
  if (providers.length) patch.provider = providers[0];
  await updateAppMeta(db, user, patch);
}

/** GoTrue's Confirm: email_confirmed_at, user_metadata.email_verified, one-time tokens cleared. */
export async function confirmEmail(db: Db, user: UserRow): Promise<void> {
  await db`update auth.users set confirmation_token = '', email_confirmed_at = now(), updated_at = now()
           where id = ${user.id}`;
  user.email_confirmed_at = new Date();
  await updateUserMeta(db, user, { email_verified: true });
  await db`delete from auth.one_time_tokens where user_id = ${user.id}`;
}

/** Sets identity_data keys on the user's identity of `provider` (if any). */
export async function updateIdentityData(db: Db, userId: string, provider: string, patch: Json): Promise<boolean> {
  const [identity] = await db<{ id: string; identity_data: Json }[]>`
    select id, identity_data from auth.identities where user_id = ${userId} and provider = ${provider} limit 1`;
  if (!identity) return false;
  const next = mergeMeta(identity.identity_data, patch);
  await db`update auth.identities set identity_data = ${JSON.stringify(next)}::text::jsonb, updated_at = now()
           where id = ${identity.id}`;
  return true;
}

function identityJson(i: IdentityRow) {
  const data = i.identity_data && Object.keys(i.identity_data).length ? i.identity_data : undefined;
  return {
    identity_id: i.id,
    id: i.provider_id,
    user_id: i.user_id,
    identity_data: data,
    provider: i.provider,
    last_sign_in_at: goTime(i.last_sign_in_at),
    created_at: goTime(i.created_at),
    updated_at: goTime(i.updated_at),
    email: i.email || undefined,
  };
}

export function factorJson(f: FactorRow) {
  return {
    id: f.id,
    friendly_name: f.friendly_name ?? undefined,
    factor_type: f.factor_type,
    status: f.status,
    created_at: goTime(f.created_at),
    updated_at: goTime(f.updated_at),
    phone: f.phone || undefined,
    last_challenged_at: goTime(f.last_challenged_at),
  };
}

/** The User JSON in GoTrue's field order; omitempty timestamps are left out (undefined). */
export function userJson(u: User) {
  return {
    id: u.id,
    aud: u.aud ?? '',
    role: u.role ?? '',
    email: u.email ?? '',
    email_confirmed_at: goTime(u.email_confirmed_at),
    invited_at: goTime(u.invited_at),
    phone: u.phone ?? '',
    phone_confirmed_at: goTime(u.phone_confirmed_at),
    confirmation_sent_at: goTime(u.confirmation_sent_at),
    confirmed_at: goTime(u.confirmed_at),
    recovery_sent_at: goTime(u.recovery_sent_at),
    new_email: u.email_change || undefined,
    email_change_sent_at: goTime(u.email_change_sent_at),
    new_phone: u.phone_change || undefined,
    phone_change_sent_at: goTime(u.phone_change_sent_at),
    reauthentication_sent_at: goTime(u.reauthentication_sent_at),
    last_sign_in_at: goTime(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    factors: u.factors.length ? u.factors.map(factorJson) : undefined,
    identities: u.identities.map(identityJson),
    created_at: goTime(u.created_at),
    updated_at: goTime(u.updated_at),
    banned_until: goTime(u.banned_until),
    deleted_at: goTime(u.deleted_at),
    is_anonymous: u.is_anonymous,
  };
}

export async function mustFindUser(db: Db, id: string): Promise<User> {
  const u = await findUserById(db, id);
  if (!u) throw internal('Database error loading user');
  return u;
}
