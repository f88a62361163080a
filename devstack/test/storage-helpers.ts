import { randomUUID } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { ANON_KEY, apiUrl, client, JWT_SECRET, sql, uniqueEmail } from './helpers.ts';

export interface TestUser {
  id: string;
  email: string;
  token: string;
  client: SupabaseClient;
}

/** Mints an HS256 access token as GoTrue would (legacy secret), for users created with SQL. */
export async function mintToken(
  sub: string,
  email: string,
  opts: { expiresIn?: number; role?: string; secret?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    sub,
    aud: 'authenticated',
    role: opts.role ?? 'authenticated',
    email,
    iat: now,
    exp: now + (opts.expiresIn ?? 3600),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(opts.secret ?? JWT_SECRET));
}

/** A supabase-js client sending `token` as the user's access token. */
export function clientWithToken(token: string): SupabaseClient {
  return createClient(apiUrl(), ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${token}` } },
  });
}

/**
 * A fresh user with a client carrying their session: through Auth's signUp when it works on the test
 * stack, else inserted with SQL and given a minted token (Auth is built concurrently).
 */
export async function createUser(tag = 'storage'): Promise<TestUser> {
  const email = uniqueEmail(tag);
  try {
    const c = client();
    const { data, error } = await c.auth.signUp({ email, password: 'password123' });
    if (!error && data.session && data.user) {
      return { id: data.user.id, email, token: data.session.access_token, client: c };
    }
  } catch {}
  const id = randomUUID();
  const db = sql();
  try {
    await db`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                              raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${email}, '',
              now(), '{"provider":"email","providers":["email"]}', '{}', now(), now())`;
  } finally {
    await db.end();
  }
  const token = await mintToken(id, email);
  return { id, email, token, client: clientWithToken(token) };
}

/** The devstack data dir the test stack uses (global-setup's convention). */
export function testDataDir(): string {
  const offset = Number(process.env.DEVSTACK_TEST_PORT_OFFSET ?? 0);
  return path.resolve(import.meta.dirname, '..', '..', '.devstack', offset ? `test-${offset}` : 'test');
}

/** Every file under `dir`, relative (for "nothing written outside the root" checks). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e);
      let isDir: boolean;
      try {
        // lstat: never follow links; other suites' files may vanish while we walk.
        isDir = lstatSync(p).isDirectory();
      } catch {
        continue;
      }
      if (isDir) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

export function uniqueName(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
