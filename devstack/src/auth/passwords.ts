import bcrypt from 'bcrypt';
import { badRequest, weakPassword } from './errors.ts';
import type { AuthConfig } from './request.ts';

export const MAX_PASSWORD_LENGTH = 72;
const BCRYPT_COST = 10;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const SYMBOLS = '!@#$%^&*()_+-=[]{};\'\\:"|<>?,./`~';

/** The CLI's `password_requirements` values mapped to GoTrue's required character sets. */
export function requiredCharacterSets(requirement: string): string[] {
  switch (requirement) {
    case 'letters_digits':
      return [LOWER + UPPER, DIGITS];
    case 'lower_upper_letters_digits':
      return [LOWER, UPPER, DIGITS];
    case 'lower_upper_letters_digits_symbols':
      return [LOWER, UPPER, DIGITS, SYMBOLS];
    default:
      return [];
  }
}

/** GoTrue's checkPasswordStrength: 400 above 72 bytes, 422 weak_password with reasons below policy. */
export function checkPasswordStrength(cfg: AuthConfig, password: string): void {
  const failure = passwordWeakness(cfg, password);
  if (failure) throw failure;
}

export function passwordWeakness(cfg: AuthConfig, password: string) {
  if (Buffer.byteLength(password) > MAX_PASSWORD_LENGTH) {
    return badRequest('validation_failed', `Password cannot be longer than ${MAX_PASSWORD_LENGTH} characters`);
  }
  const reasons: string[] = [];
  const messages: string[] = [];
  if ([...password].length < cfg.minimum_password_length) {
    reasons.push('length');
    messages.push(`Password should be at least ${cfg.minimum_password_length} characters.`);
  }
  const sets = requiredCharacterSets(cfg.password_requirements);
  for (const set of sets) {
    if (![...password].some((c) => set.includes(c))) {
      reasons.push('characters');
      messages.push(`Password should contain at least one character of each: ${sets.join(', ')}.`);
      break;
    }
  }
  return reasons.length ? weakPassword(messages.join(' '), reasons) : undefined;
}

/** bcrypt (cost 10) in the `$2a$` flavour Go's bcrypt and pgcrypto's crypt() write. */
export async function hashPassword(password: string): Promise<string> {
  const h = await bcrypt.hash(password, BCRYPT_COST);
  return h.replace(/^\$2b\$/, '$2a$');
}

/** Verifies bcrypt hashes of any flavour ($2a$ from pgcrypto seeds, $2b$, $2y$). */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (!hash || !/^\$2[abxy]\$\d\d\$/.test(hash)) return false;
  if (Buffer.byteLength(password) > MAX_PASSWORD_LENGTH) return false;
  try {
    return await bcrypt.compare(password, hash.replace(/^\$2[xy]\$/, '$2b$'));
  } catch {
    return false;
  }
}
