import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';

export const ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

export const dbUrl = () => inject('dbUrl');
export const apiUrl = () => inject('apiUrl');

/** A connection pool as `postgres` (BYPASSRLS, like migrations and the SQL editor). */
export function connect(max = 4): postgres.Sql {
  return postgres(dbUrl(), { max, onnotice: () => {}, idle_timeout: 5 });
}

export type Tx = postgres.TransactionSql;

/** Outcome of one attempted operation, as the isolation matrix and bad-input tests name them. */
export type Outcome =
  | 'rows' // succeeded, affected or returned at least one row
  | 'empty' // succeeded, zero rows
  | 'deny' // 42501: missing privilege, RLS WITH CHECK, or "visible but not allowed"
  | 'notfound' // PT404: not found or not visible (same answer for both)
  | 'conflict' // PT409: conflicts with current state
  | 'invalid' // 22xxx / 23514: bad input
  | 'duplicate' // 23505
  | `error:${string}`;

export function classify(code: string | undefined): Outcome {
  if (!code) return 'error:unknown';
  if (code === '42501') return 'deny';
  if (code === 'PT404') return 'notfound';
  if (code === 'PT409') return 'conflict';
  if (code === '23505') return 'duplicate';
  if (code.startsWith('22') || code === '23514') return 'invalid';
  return `error:${code}`;
}

export function pgCode(err: unknown): string | undefined {
  return (err as { code?: string }).code;
}

/** Claims as Supabase Auth would put them in an access token (anon when userId is null). */
export function claims(userId: string | null, email?: string) {
  return userId
    ? { sub: userId, role: 'authenticated', aud: 'authenticated', email: email ?? `${userId}@example.com` }
    : { role: 'anon' };
}

/** Switches the transaction to the API role of userId (or anon), as PostgREST does per request. */
export async function becomeUser(tx: Tx, userId: string | null, email?: string) {
  await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims(userId, email))}, true)`;
  await tx.unsafe(`set local role ${userId ? 'authenticated' : 'anon'}`);
}

class Rollback extends Error {}

/**
 * Runs fn in a transaction that is always rolled back. `setup` runs first as postgres; fn runs as
 * the user. Returns fn's result, or throws its error.
 */
export async function attempt<T>(
  sql: postgres.Sql,
  userId: string | null,
  fn: (tx: Tx) => Promise<T>,
  setup?: (tx: Tx) => Promise<unknown>,
): Promise<T> {
  let result: T | undefined;
  try {
    await sql.begin(async (tx) => {
      if (setup) await setup(tx);
      await becomeUser(tx, userId);
      result = await fn(tx);
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return result as T;
}

/** Runs fn as the user and commits. */
export async function asUser<T>(sql: postgres.Sql, userId: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return (await sql.begin(async (tx) => {
    await becomeUser(tx, userId);
    return fn(tx);
  })) as T;
}

/** Creates confirmed auth users (profiles follow by trigger). Returns their ids in order. */
export async function createUsers(sql: postgres.Sql, names: string[], tag = randomUUID().slice(0, 8)) {
  const ids: string[] = [];
  for (const name of names) {
    const id = randomUUID();
    const email = `${name}-${tag}@example.com`;
    await sql`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
        confirmation_token, recovery_token, email_change_token_new, email_change)
      values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email},
        extensions.crypt('password123', extensions.gen_salt('bf', 4)), now(),
        '{"provider":"email","providers":["email"]}', ${sql.json({ display_name: name })}, now(), now(), '', '', '', '')`;
    await sql`
      insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
      values (${id}, ${id}, ${sql.json({ sub: id, email, email_verified: true })}, 'email', now(), now())`;
    ids.push(id);
  }
  return ids;
}

export const uuid = () => randomUUID();
