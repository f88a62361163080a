import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { apiKeysFor, WELL_KNOWN } from './keys.ts';

/**
 * devstack's configuration: `supabase/config.toml` (the same file the Supabase CLI reads, with its
 * `env(NAME)` substitution), overridden by DEVSTACK_* environment variables. Only the sections devstack
 * acts on are validated; unknown keys are ignored exactly as the CLI ignores keys it does not use.
 */

const durationSchema = z.union([z.number(), z.string()]);

const tomlSchema = z.object({
  project_id: z.string().optional(),
  api: z
    .object({
      port: z.number().int().default(54321),
      schemas: z.array(z.string()).default(['public', 'graphql_public']),
      extra_search_path: z.array(z.string()).default(['public', 'extensions']),
      max_rows: z.number().int().default(1000),
      auto_expose_new_tables: z.boolean().default(false),
    })
    .prefault({}),
  db: z
    .object({
      port: z.number().int().default(54322),
      major_version: z.number().int().default(17),
      migrations: z.object({ enabled: z.boolean().default(true) }).prefault({}),
      seed: z
        .object({
          enabled: z.boolean().default(true),
          sql_paths: z.array(z.string()).default(['./seed.sql']),
        })
        .prefault({}),
    })
    .prefault({}),
  inbucket: z.object({ enabled: z.boolean().default(true), port: z.number().int().default(54324) }).prefault({}),
  storage: z.object({ file_size_limit: z.union([z.string(), z.number()]).default('50MiB') }).prefault({}),
  auth: z
    .object({
      site_url: z.string().default('http://127.0.0.1:3000'),
      additional_redirect_urls: z.array(z.string()).default([]),
      jwt_expiry: z.number().int().min(1).max(604800).default(3600),
      jwt_secret: z.string().min(16).optional(),
      enable_refresh_token_rotation: z.boolean().default(true),
      refresh_token_reuse_interval: z.number().int().default(10),
      enable_signup: z.boolean().default(true),
      enable_anonymous_sign_ins: z.boolean().default(false),
      minimum_password_length: z.number().int().default(6),
      password_requirements: z.string().default(''),
      rate_limit: z
        .object({
          email_sent: z.number().int().default(2),
          token_refresh: z.number().int().default(150),
          sign_in_sign_ups: z.number().int().default(30),
          token_verifications: z.number().int().default(30),
          anonymous_users: z.number().int().default(30),
        })
        .prefault({}),
      email: z
        .object({
          enable_signup: z.boolean().default(true),
          enable_confirmations: z.boolean().default(false),
          double_confirm_changes: z.boolean().default(true),
          secure_password_change: z.boolean().default(false),
          max_frequency: durationSchema.default('1s'),
          otp_length: z.number().int().default(6),
          otp_expiry: z.number().int().default(3600),
        })
        .prefault({}),
    })
    .prefault({}),
  functions: z.record(z.string(), z.object({ verify_jwt: z.boolean().default(true) }).loose()).default({}),
});

export type DevstackConfig = ReturnType<typeof loadConfig>;

/** Replaces `env(NAME)` string values the way the Supabase CLI does (from process env or supabase/.env). */
function substituteEnv(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') {
    const m = /^env\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(value.trim());
    return m ? (env[m[1]] ?? '') : value;
  }
  if (Array.isArray(value)) return value.map((v) => substituteEnv(v, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env)]));
  }
  return value;
}

function readDotEnv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!m) continue;
    out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

function intEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name} must be a port number, got "${v}"`);
  return n;
}

/** Parses a Supabase size string ("50MiB", "5MB", 1024) into bytes. */
export function parseSize(v: string | number): number {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?\s*$/i.exec(v);
  if (!m) throw new Error(`Invalid size "${v}"`);
  const units: Record<string, number> = {
    b: 1,
    kb: 1000,
    kib: 1024,
    mb: 1000 ** 2,
    mib: 1024 ** 2,
    gb: 1000 ** 3,
    gib: 1024 ** 3,
  };
  return Math.floor(Number(m[1]) * units[(m[2] ?? 'b').toLowerCase()]);
}

/** Parses a Go-style duration ("1s", "500ms", "1m") into milliseconds. */
export function parseDurationMs(v: string | number): number {
  if (typeof v === 'number') return v * 1000;
  const m = /^\s*(\d+(?:\.\d+)?)(ms|s|m|h)\s*$/.exec(v);
  if (!m) throw new Error(`Invalid duration "${v}"`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

export interface LoadConfigOptions {
  /** The project folder holding `supabase/` (the CLI's --workdir). */
  workdir?: string;
  env?: NodeJS.ProcessEnv;
}

export function loadConfig(opts: LoadConfigOptions = {}) {
  const env = opts.env ?? process.env;
  const workdir = path.resolve(opts.workdir ?? env.DEVSTACK_WORKDIR ?? findProjectRoot(process.cwd()));
  const supabaseDir = path.join(workdir, 'supabase');
  const configPath = path.join(supabaseDir, 'config.toml');
  let raw: unknown = {};
  if (existsSync(configPath)) {
    try {
      raw = parseToml(readFileSync(configPath, 'utf8'));
    } catch (err) {
      throw new Error(`${configPath}: ${(err as Error).message}`);
    }
  }
  const mergedEnv = { ...readDotEnv(path.join(supabaseDir, '.env')), ...env };
  const parsed = tomlSchema.safeParse(substituteEnv(raw, mergedEnv));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${configPath}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const toml = parsed.data;
  const host = env.DEVSTACK_HOST ?? '127.0.0.1';
  const apiPort = intEnv(env, 'DEVSTACK_API_PORT') ?? toml.api.port;
  const dbPort = intEnv(env, 'DEVSTACK_DB_PORT') ?? toml.db.port;
  const mailPort = intEnv(env, 'DEVSTACK_MAIL_PORT') ?? toml.inbucket.port;
  const dataDir = path.resolve(env.DEVSTACK_DATA_DIR ?? path.join(workdir, '.devstack'));
  const apiUrl = `http://${host}:${apiPort}`;
  const jwtSecret = env.DEVSTACK_JWT_SECRET ?? toml.auth.jwt_secret ?? WELL_KNOWN.jwtSecret;
  const dbPassword = env.DEVSTACK_DB_PASSWORD ?? 'postgres';

  return {
    workdir,
    supabaseDir,
    projectId: toml.project_id ?? path.basename(workdir),
    host,
    dataDir,
    api: {
      port: apiPort,
      url: apiUrl,
      schemas: toml.api.schemas,
      extraSearchPath: toml.api.extra_search_path,
      maxRows: toml.api.max_rows,
      /** The CLI's `[api] auto_expose_new_tables` (false by default since 2026-10-30). */
      autoExposeNewTables: toml.api.auto_expose_new_tables,
      /** Largest request body the gateway accepts outside storage uploads. */
      maxBodyBytes: intEnvBytes(env.DEVSTACK_MAX_BODY_BYTES) ?? 10 * 1024 * 1024,
    },
    db: {
      port: dbPort,
      password: dbPassword,
      /** An external server to use instead of embedded Postgres (must allow a superuser login). */
      externalUrl: env.DATABASE_URL || undefined,
      migrationsEnabled: toml.db.migrations.enabled,
      seedEnabled: toml.db.seed.enabled,
      seedPaths: toml.db.seed.sql_paths,
    },
    mail: { enabled: toml.inbucket.enabled, port: mailPort, url: `http://${host}:${mailPort}` },
    storage: { fileSizeLimit: parseSize(toml.storage.file_size_limit) },
    jwtSecret,
    auth: {
      ...toml.auth,
      email: { ...toml.auth.email, maxFrequencyMs: parseDurationMs(toml.auth.email.max_frequency) },
      externalUrl: `${apiUrl}/auth/v1`,
      /** Rate limits can be switched off for load tests; on by default as in the CLI. */
      rateLimitsEnabled: env.DEVSTACK_AUTH_RATE_LIMITS !== 'off',
    },
    functions: toml.functions,
    keys: apiKeysFor(jwtSecret),
  };
}

function intEnvBytes(v: string | undefined): number | undefined {
  return v ? parseSize(v) : undefined;
}

/** Walks up from `dir` to the nearest folder holding `supabase/config.toml` (falls back to `dir`). */
export function findProjectRoot(dir: string): string {
  let cur = path.resolve(dir);
  for (;;) {
    if (existsSync(path.join(cur, 'supabase', 'config.toml'))) return cur;
    const up = path.dirname(cur);
    if (up === cur) return path.resolve(dir);
    cur = up;
  }
}
