import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Db } from './request.ts';

/** A uniformly random numeric code of `digits` digits (GoTrue's GenerateOtp). */
export function generateOtp(digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i++) out += String(randomInt(10));
  return out;
}

/** GoTrue's token hash: lower-hex SHA-224 of email (or phone) + otp. */
export function tokenHash(emailOrPhone: string, otp: string): string {
  return createHash('sha224')
    .update(emailOrPhone + otp)
    .digest('hex');
}

/** A legacy (v1) refresh token: 12 lower-case base32 characters. */
export function newRefreshToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(12)].map((b) => alphabet[b & 31]).join('');
}

export type OneTimeTokenType =
  | 'confirmation_token'
  | 'reauthentication_token'
  | 'recovery_token'
  | 'email_change_token_new'
  | 'email_change_token_current'
  | 'phone_change_token';

/** Mirrors a token into auth.one_time_tokens (one per user and type), as GoTrue's CreateOneTimeToken. */
export async function saveOneTimeToken(
  db: Db,
  userId: string,
  type: OneTimeTokenType,
  hash: string,
  relatesTo: string,
): Promise<void> {
  await db`delete from auth.one_time_tokens where user_id = ${userId} and token_type = ${type}`;
  await db`insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to, created_at, updated_at)
           values (gen_random_uuid(), ${userId}, ${type}, ${hash}, ${relatesTo.toLowerCase()},
                   timezone('utc', now()), timezone('utc', now()))`;
}

export async function clearOneTimeTokens(db: Db, userId: string, type?: OneTimeTokenType): Promise<void> {
  if (type) await db`delete from auth.one_time_tokens where user_id = ${userId} and token_type = ${type}`;
  else await db`delete from auth.one_time_tokens where user_id = ${userId}`;
}
