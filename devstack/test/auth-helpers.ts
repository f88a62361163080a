import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { type RunningDevstack, startDevstack } from '../src/server.ts';
import { ANON_KEY, apiUrl, mailUrl, SERVICE_ROLE_KEY } from './helpers.ts';

/** A devstack-like target: where its API and mail catcher listen. */
export interface Target {
  apiUrl: string;
  mailUrl: string;
}

export const mainTarget = (): Target => ({ apiUrl: apiUrl(), mailUrl: mailUrl() });

export function clientFor(t: Target, key = ANON_KEY, flowType: 'implicit' | 'pkce' = 'implicit'): SupabaseClient {
  return createClient(t.apiUrl, key, { auth: { persistSession: false, autoRefreshToken: false, flowType } });
}

/** A raw request to /auth/v1 as auth-js sends it (apikey, API version header, JSON). */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in tests.
type AnyJson = any;

export async function authFetch(
  pathAndQuery: string,
  init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; target?: Target } = {},
): Promise<{ status: number; headers: Headers; body: AnyJson; text: string }> {
  const t = init.target ?? mainTarget();
  const headers: Record<string, string> = {
    apikey: ANON_KEY,
    'X-Supabase-Api-Version': '2024-01-01',
    ...(init.body !== undefined || init.rawBody !== undefined
      ? { 'content-type': 'application/json;charset=UTF-8' }
      : {}),
    ...init.headers,
  };
  const r = await fetch(`${t.apiUrl}/auth/v1${pathAndQuery}`, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.rawBody ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    redirect: 'manual',
  });
  const text = await r.text();
  let body: AnyJson;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: r.status, headers: r.headers, body, text };
}

export const adminHeaders = { apikey: SERVICE_ROLE_KEY, authorization: `Bearer ${SERVICE_ROLE_KEY}` };

export interface CaughtMail {
  ID: string;
  Subject: string;
  Text: string;
  HTML: string;
  To: { Address: string }[];
}

/** Every mail the catcher holds for `to`, newest first (full bodies). */
export async function mailsTo(to: string, t: Target = mainTarget()): Promise<CaughtMail[]> {
  const r = await fetch(`${t.mailUrl}/api/v1/search?query=${encodeURIComponent(`to:${to}`)}`);
  const list = (await r.json()) as { messages: { ID: string }[] };
  return Promise.all(
    list.messages.map(async (m) => (await (await fetch(`${t.mailUrl}/api/v1/message/${m.ID}`)).json()) as CaughtMail),
  );
}

export async function latestMail(to: string, t: Target = mainTarget()): Promise<CaughtMail> {
  const [m] = await mailsTo(to, t);
  if (!m) throw new Error(`no mail for ${to}`);
  return m;
}

export function linkIn(mail: CaughtMail): URL {
  const m = /(https?:\/\/\S+\/auth\/v1\/verify\?\S+)/.exec(mail.Text);
  if (!m) throw new Error(`no verify link in: ${mail.Text}`);
  return new URL(m[1]);
}

export function codeIn(mail: CaughtMail): string {
  const m = /code: (\d{6})/.exec(mail.Text);
  if (!m) throw new Error(`no code in: ${mail.Text}`);
  return m[1];
}

/** Decodes a JWT's parts without verifying. */
export function decodeJwt(token: string): { header: AnyJson; payload: AnyJson } {
  const [h, p] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
  };
}

const offset = Number(process.env.DEVSTACK_TEST_PORT_OFFSET ?? 0);

export interface ExtraStack extends Target {
  dbUrl: string;
  sql: postgres.Sql;
  running: RunningDevstack;
  stop(): Promise<void>;
}

/**
 * A second devstack in this process with its own config.toml `[auth]` section (confirmations on,
 * tight rate limits…), on ports 27000 + offset + 10·slot (+1 API, +2 DB, +4 mail) and its own data dir.
 */
export async function startExtraStack(slot: number, authToml: string): Promise<ExtraStack> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const workdir = mkdtempSync(path.join(tmpdir(), 'devstack-auth-'));
  mkdirSync(path.join(workdir, 'supabase'), { recursive: true });
  writeFileSync(path.join(workdir, 'supabase', 'config.toml'), `project_id = "auth-extra-${slot}"\n${authToml}\n`);
  // 27000 + offset + 10·slot keeps clear of every suite's main ports (25321 + offset …).
  const base = 27000 + offset + slot * 10;
  const dataDir = path.join(root, '.devstack', `auth-extra-${slot}-${offset}`);
  const env = {
    ...process.env,
    DEVSTACK_DATA_DIR: dataDir,
    DEVSTACK_API_PORT: String(base + 1),
    DEVSTACK_DB_PORT: String(base + 2),
    DEVSTACK_MAIL_PORT: String(base + 4),
  };
  const config = loadConfig({ workdir, env });
  const running = await startDevstack({ config, log: createLogger('silent'), prepare: { reset: true } });
  const dbUrl = `postgresql://postgres:postgres@127.0.0.1:${base + 2}/postgres`;
  const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  return {
    apiUrl: `http://127.0.0.1:${base + 1}`,
    mailUrl: `http://127.0.0.1:${base + 4}`,
    dbUrl,
    sql,
    running,
    async stop() {
      await sql.end({ timeout: 2 });
      await running.stop();
      rmSync(workdir, { recursive: true, force: true });
    },
  };
}
