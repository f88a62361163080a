import path from 'node:path';
import postgres from 'postgres';
import type { DevstackConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { bootstrapDatabase } from './bootstrap.ts';
import { type Cluster, startCluster } from './cluster.ts';
import { applyMigrations, applySeeds } from './migrate.ts';

export interface PreparedDatabase {
  cluster: Cluster;
  /** True when the database was created by this call (first start or reset): seeds ran. */
  fresh: boolean;
  migrated: string[];
}

/** The database devstack serves: the one named in DATABASE_URL, else `postgres`. */
export function databaseName(config: DevstackConfig): string {
  return config.db.externalUrl ? new URL(config.db.externalUrl).pathname.slice(1) || 'postgres' : 'postgres';
}

/** Drops and recreates the project database (what `supabase db reset` does), keeping cluster roles. */
async function recreateDatabase(cluster: Cluster, dbName: string): Promise<void> {
  const sql = postgres(cluster.superUrl('template1'), { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
              where datname = ${dbName} and pid <> pg_backend_pid()`;
    await sql.unsafe(`drop database if exists "${dbName.replaceAll('"', '""')}" with (force)`);
    await sql.unsafe(`create database "${dbName.replaceAll('"', '""')}"`);
  } finally {
    await sql.end();
  }
}

async function isFresh(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ exists }] = await sql<{ exists: boolean }[]>`
      select to_regclass('supabase_migrations.schema_migrations') is not null as exists`;
    return !exists;
  } finally {
    await sql.end();
  }
}

export interface PrepareOptions {
  reset?: boolean;
  /** Start the server, bootstrap and migrate, but never seed or reset (for `devstack migrate`). */
  migrateOnly?: boolean;
  /** Reuse a cluster already running (the caller owns it). */
  cluster?: Cluster;
}

/**
 * Brings the database to the state `supabase start` leaves it in: cluster up, Supabase bootstrap,
 * pending migrations applied, and the seed on a fresh database.
 */
export async function prepareDatabase(
  config: DevstackConfig,
  log: Logger,
  opts: PrepareOptions = {},
): Promise<PreparedDatabase> {
  const cluster = opts.cluster ?? (await startCluster(config, log));
  try {
    const dbName = databaseName(config);
    if (opts.reset) {
      log.info(`resetting database ${dbName}`);
      await recreateDatabase(cluster, dbName);
    }
    const fresh = opts.reset || (await isFresh(cluster.superUrl(dbName)));
    await bootstrapDatabase({
      superUrl: cluster.superUrl(dbName),
      password: config.db.password,
      autoExposeNewTables: config.api.autoExposeNewTables,
      log,
    });
    const postgresUrl = cluster.url('postgres', dbName);
    const migrated = config.db.migrationsEnabled
      ? await applyMigrations(postgresUrl, path.join(config.supabaseDir, 'migrations'), log)
      : [];
    if (fresh && config.db.seedEnabled && !opts.migrateOnly) {
      await applySeeds(postgresUrl, config.supabaseDir, config.db.seedPaths, log);
    }
    return { cluster, fresh, migrated };
  } catch (err) {
    if (!opts.cluster) await cluster.stop();
    throw err;
  }
}
