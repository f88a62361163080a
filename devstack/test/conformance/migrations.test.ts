import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, applySeeds, MigrationError } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/log.ts';
import { dbUrl } from '../helpers.ts';

/**
 * The CLI's migration semantics, checked against a scratch database on the test cluster: one
 * transaction per file, tracking rows as the CLI writes them, and a failure that names file and line
 * and leaves the database exactly as before the failing file.
 */
const log = createLogger('silent');
const scratch = `migtest_${process.pid}_${Date.now().toString(36)}`;
let admin: postgres.Sql;
let scratchSql: postgres.Sql;
let work: string;

function scratchUrl(user = 'postgres'): string {
  const u = new URL(dbUrl());
  u.username = user;
  u.pathname = `/${scratch}`;
  return u.toString();
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'devstack-mig-'));
  mkdirSync(path.join(dir, 'supabase', 'migrations'), { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, 'supabase', name), body);
  return dir;
}

beforeAll(async () => {
  admin = postgres(dbUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${scratch}`);
  scratchSql = postgres(scratchUrl(), { max: 1, onnotice: () => {} });
  work = project({});
});

afterAll(async () => {
  await scratchSql?.end();
  await admin?.unsafe(`drop database if exists ${scratch} with (force)`);
  await admin?.end();
  rmSync(work, { recursive: true, force: true });
});

describe('migrations', () => {
  it('applies files in version order and records version, name and statements', async () => {
    const dir = project({
      'migrations/20240102000000_second.sql': 'insert into t (v) values (2);',
      'migrations/20240101000000_create_t.sql': 'create table t (v int);\ninsert into t (v) values (1);',
      'migrations/README.md': 'not a migration',
    });
    const applied = await applyMigrations(scratchUrl(), path.join(dir, 'supabase', 'migrations'), log);
    expect(applied).toEqual(['20240101000000', '20240102000000']);
    expect(await scratchSql`select v from t order by v`).toEqual([{ v: 1 }, { v: 2 }]);
    const rows =
      await scratchSql`select version, name, statements from supabase_migrations.schema_migrations order by version`;
    expect(rows).toEqual([
      {
        version: '20240101000000',
        name: 'create_t',
        statements: ['create table t (v int)', 'insert into t (v) values (1)'],
      },
      { version: '20240102000000', name: 'second', statements: ['insert into t (v) values (2)'] },
    ]);
    // Re-running applies nothing.
    expect(await applyMigrations(scratchUrl(), path.join(dir, 'supabase', 'migrations'), log)).toEqual([]);
  });

  it('reports file, line and Postgres error of a syntax error, and rolls the whole file back', async () => {
    const dir = project({
      'migrations/20240201000000_bad_syntax.sql': 'create table u (v int);\n\ninsert into u values (1);\nselec 1;\n',
    });
    const err = await applyMigrations(scratchUrl(), path.join(dir, 'supabase', 'migrations'), log).catch((e) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(err.file).toMatch(/20240201000000_bad_syntax\.sql$/);
    expect(err.line).toBe(4);
    expect(err.sqlState).toBe('42601');
    expect(err.message).toMatch(/20240201000000_bad_syntax\.sql:4: syntax error at or near "selec"/);
    const [{ exists }] = await scratchSql`select to_regclass('public.u') is not null as exists`;
    expect(exists).toBe(false);
    expect(
      await scratchSql`select 1 from supabase_migrations.schema_migrations where version = '20240201000000'`,
    ).toHaveLength(0);
  });

  it('locates run-time errors that carry no position by replaying the statements', async () => {
    const dir = project({
      'migrations/20240301000000_runtime.sql':
        'create table w (v int check (v > 0));\ninsert into w values (1);\n\ninsert into w values (-1);\n',
    });
    const err = await applyMigrations(scratchUrl(), path.join(dir, 'supabase', 'migrations'), log).catch((e) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(err.line).toBe(4);
    expect(err.sqlState).toBe('23514');
    const [{ exists }] = await scratchSql`select to_regclass('public.w') is not null as exists`;
    expect(exists).toBe(false);
  });

  it('runs seeds once per content and records their hash', async () => {
    const dir = project({ 'seed.sql': 'create table seeded (v int); insert into seeded values (42);' });
    await applySeeds(scratchUrl(), path.join(dir, 'supabase'), ['./seed.sql'], log);
    expect(await scratchSql`select v from seeded`).toEqual([{ v: 42 }]);
    const [row] = await scratchSql`select path, length(hash) as len from supabase_migrations.seed_files`;
    expect(row).toEqual({ path: 'supabase/seed.sql', len: 64 });
  });

  it('`devstack migrate` against DATABASE_URL stops with file:line and a non-zero exit', () => {
    const dir = project({
      'config.toml': 'project_id = "mig"\n',
      'migrations/20240401000000_ok.sql': 'create table cli_ok (v int);',
      'migrations/20240402000000_broken.sql': 'create table cli_broken (v int);\nalter table nope add column x int;\n',
    });
    const res = spawnSync(
      process.execPath,
      [path.resolve(import.meta.dirname, '../../bin/devstack.ts'), 'migrate', '--workdir', dir],
      {
        env: { ...process.env, DATABASE_URL: scratchUrl('supabase_admin'), DEVSTACK_LOG: 'quiet' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/20240402000000_broken\.sql:2: relation "nope" does not exist/);
    rmSync(dir, { recursive: true, force: true });
  });
});
