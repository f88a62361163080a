import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { Logger } from '../log.ts';

const BOOTSTRAP_DIR = path.join(import.meta.dirname, 'bootstrap');

/** Login roles whose password devstack sets (Supabase local: all use the database password). */
const LOGIN_ROLES = [
  'postgres',
  'authenticator',
  'supabase_auth_admin',
  'supabase_storage_admin',
  'supabase_replication_admin',
  'supabase_read_only_user',
  'pgbouncer',
];

function bootstrapFiles(): { name: string; sql: string }[] {
  return readdirSync(BOOTSTRAP_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(BOOTSTRAP_DIR, name), 'utf8') }));
}

export interface BootstrapOptions {
  superUrl: string;
  password: string;
  /** The CLI's `[api] auto_expose_new_tables`: grant API roles on tables `postgres` creates in public. */
  autoExposeNewTables: boolean;
  log: Logger;
}

/**
 * Creates what Supabase's images create before user migrations (roles, schemas, auth/storage/realtime
 * objects, grants). Idempotent; skipped when the same bootstrap version was already applied.
 */
export async function bootstrapDatabase(opts: BootstrapOptions): Promise<boolean> {
  const files = bootstrapFiles();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.sql);
  hash.update(`expose=${opts.autoExposeNewTables}`);
  const version = `devstack-${hash.digest('hex').slice(0, 16)}`;

  const sql = postgres(opts.superUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ table }] = await sql<
      { table: string | null }[]
    >`select to_regclass('auth.schema_migrations')::text as table`;
    if (table) {
      const rows = await sql`select 1 from auth.schema_migrations where version = ${version}`;
      if (rows.length) return false;
    }
    opts.log.info('bootstrapping Supabase roles and schemas');
    for (const f of files) {
      try {
        await sql.begin((tx) => tx.unsafe(f.sql));
      } catch (err) {
        throw new Error(`bootstrap ${f.name}: ${(err as Error).message}`);
      }
    }
    await sql.begin(async (tx) => {
      for (const role of LOGIN_ROLES) {
        await tx.unsafe(`alter role ${role} with password ${literal(opts.password)}`);
      }
      const grantOrRevoke = opts.autoExposeNewTables
        ? 'grant all on %s to anon, authenticated, service_role'
        : 'revoke all on %s from anon, authenticated, service_role';
      for (const kind of ['tables', 'sequences', 'functions']) {
        await tx.unsafe(
          `alter default privileges for role postgres in schema public ${grantOrRevoke.replace('%s', kind)}`,
        );
      }
      await tx.unsafe('alter default privileges for role postgres in schema public grant all on tables to postgres');
      await tx`insert into auth.schema_migrations (version) values (${version}) on conflict do nothing`;
    });
    return true;
  } finally {
    await sql.end();
  }
}

function literal(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
