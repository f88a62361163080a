import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { Logger } from '../log.ts';
import { lineOf, splitSql } from './sql-split.ts';

/** The CLI's migration file pattern: `<version>_<name>.sql`, version = leading digits. */
const MIGRATION_RE = /^([0-9]+)_(.*)\.sql$/;

export class MigrationError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly pgMessage: string;
  readonly sqlState: string | undefined;
  constructor(file: string, line: number | undefined, pgMessage: string, sqlState: string | undefined) {
    super(`${file}${line ? `:${line}` : ''}: ${pgMessage}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}`);
    this.name = 'MigrationError';
    this.file = file;
    this.line = line;
    this.pgMessage = pgMessage;
    this.sqlState = sqlState;
  }
}

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
}

export function listMigrations(migrationsDir: string, log?: Logger): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  const out: MigrationFile[] = [];
  for (const f of readdirSync(migrationsDir).sort()) {
    if (!f.endsWith('.sql')) continue;
    const m = MIGRATION_RE.exec(f);
    if (!m) {
      log?.warn(`skipping ${f}: migration files must be named <timestamp>_<name>.sql`);
      continue;
    }
    out.push({ version: m[1], name: m[2], file: path.join(migrationsDir, f) });
  }
  return out.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

type PgError = Error & { code?: string; position?: string; detail?: string; hint?: string; where?: string };

/**
 * Finds where a failed script went wrong. Postgres reports a character position for syntax and most
 * planning errors; for run-time errors it does not, so replay the statements one by one in a
 * transaction that is always rolled back until the failing one is found.
 */
async function locateError(sql: postgres.Sql, script: string, err: PgError): Promise<number | undefined> {
  if (err.position) return lineOf(script, Number(err.position) - 1).line;
  const statements = splitSql(script);
  if (statements.length <= 1) return statements[0] ? lineOf(script, statements[0].offset).line : undefined;
  let failedAt: number | undefined;
  await sql
    .begin(async (tx) => {
      for (const st of statements) {
        try {
          await tx.unsafe(st.text);
        } catch (inner) {
          const pos = (inner as PgError).position;
          failedAt = lineOf(script, st.offset + (pos ? Number(pos) - 1 : 0)).line;
          throw inner;
        }
      }
      throw new Error('rollback');
    })
    .catch(() => {});
  return failedAt;
}

function describe(err: PgError): string {
  return [err.message, err.detail && `DETAIL: ${err.detail}`, err.hint && `HINT: ${err.hint}`]
    .filter(Boolean)
    .join('\n');
}

/**
 * Applies pending migrations as the CLI does: as `postgres`, each file plus its
 * `supabase_migrations.schema_migrations` row in one transaction, so a failure leaves the database
 * exactly as it was before that file. Returns the versions applied.
 */
export async function applyMigrations(dbUrl: string, migrationsDir: string, log: Logger): Promise<string[]> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const applied: string[] = [];
  try {
    await sql.unsafe(`
      set lock_timeout = '4s';
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
      alter table supabase_migrations.schema_migrations add column if not exists statements text[];
      alter table supabase_migrations.schema_migrations add column if not exists name text;
      reset lock_timeout;`);
    const done = new Set(
      (await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`).map(
        (r) => r.version,
      ),
    );
    for (const m of listMigrations(migrationsDir, log)) {
      if (done.has(m.version)) continue;
      const script = readFileSync(m.file, 'utf8');
      const statements = splitSql(script).map((s) => s.text);
      try {
        await sql.unsafe('reset all');
        await sql.begin(async (tx) => {
          await tx.unsafe(script);
          await tx`insert into supabase_migrations.schema_migrations (version, name, statements)
                   values (${m.version}, ${m.name}, ${statements})`;
        });
      } catch (err) {
        const e = err as PgError;
        const line = await locateError(sql, script, e);
        throw new MigrationError(path.relative(process.cwd(), m.file), line, describe(e), e.code);
      }
      log.info(`applied migration ${path.basename(m.file)}`);
      applied.push(m.version);
    }
    if (applied.length) await sql`notify pgrst, 'reload schema'`;
    return applied;
  } finally {
    await sql.end();
  }
}

/**
 * Runs the seed files (`[db.seed] sql_paths`, relative to supabase/, globs allowed) as `postgres`,
 * each as one transaction, recording their hashes in `supabase_migrations.seed_files` as the CLI does.
 */
export async function applySeeds(dbUrl: string, supabaseDir: string, seedPaths: string[], log: Logger) {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`create table if not exists supabase_migrations.seed_files (path text primary key, hash text not null)`;
    for (const file of expandSeedPaths(supabaseDir, seedPaths)) {
      const script = readFileSync(file, 'utf8');
      const hash = createHash('sha256').update(script).digest('hex');
      const rel = path.relative(path.dirname(supabaseDir), file);
      try {
        await sql.begin(async (tx) => {
          if (script.trim()) await tx.unsafe(script);
          await tx`insert into supabase_migrations.seed_files (path, hash) values (${rel}, ${hash})
                   on conflict (path) do update set hash = excluded.hash`;
        });
      } catch (err) {
        const e = err as PgError;
        const line = await locateError(sql, script, e);
        throw new MigrationError(rel, line, describe(e), e.code);
      }
      log.info(`seeded ${rel}`);
    }
  } finally {
    await sql.end();
  }
}

function expandSeedPaths(supabaseDir: string, patterns: string[]): string[] {
  const files: string[] = [];
  for (const p of patterns) {
    const abs = path.resolve(supabaseDir, p);
    if (!/[*?[]/.test(p)) {
      if (existsSync(abs)) files.push(abs);
      continue;
    }
    const dir = path.dirname(abs);
    if (!existsSync(dir)) continue;
    const re = new RegExp(
      `^${path
        .basename(abs)
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    for (const f of readdirSync(dir).sort()) if (re.test(f)) files.push(path.join(dir, f));
  }
  return [...new Set(files)];
}
