import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type DevstackConfig, loadConfig } from './config.ts';
import { databaseName, prepareDatabase } from './db/prepare.ts';
import { createLogger } from './log.ts';
import { startDevstack } from './server.ts';

const HELP = `devstack: a Docker-free, Supabase-compatible local stack

Usage: devstack <command> [--workdir <dir>]

Commands:
  start                 start Postgres, the API gateway (auth, rest) and the mail catcher; Ctrl-C stops
  status [-o env|json]  print URLs and keys of the running stack (as \`supabase status\`)
  reset                 recreate the database, apply migrations and seed (as \`supabase db reset\`)
  migrate               apply pending migrations (as \`supabase migration up\`)

Options:
  --workdir <dir>       project folder holding supabase/ (default: nearest with supabase/config.toml)
  -o, --output <fmt>    status output: pretty (default), env, json

Environment: DEVSTACK_API_PORT, DEVSTACK_DB_PORT, DEVSTACK_MAIL_PORT, DEVSTACK_DATA_DIR,
DATABASE_URL (use an external Postgres), DEVSTACK_LOG=silent|quiet|info.`;

/** The values `supabase status -o env` prints, under the same names. */
export function statusValues(config: DevstackConfig): Record<string, string> {
  const db = config.db.externalUrl
    ? config.db.externalUrl
    : `postgresql://postgres:${config.db.password}@${config.host}:${config.db.port}/postgres`;
  return {
    API_URL: config.api.url,
    REST_URL: `${config.api.url}/rest/v1`,
    GRAPHQL_URL: `${config.api.url}/graphql/v1`,
    FUNCTIONS_URL: `${config.api.url}/functions/v1`,
    STORAGE_URL: `${config.api.url}/storage/v1`,
    DB_URL: db,
    MAILPIT_URL: config.mail.url,
    INBUCKET_URL: config.mail.url,
    PUBLISHABLE_KEY: config.keys.publishableKey,
    SECRET_KEY: config.keys.secretKey,
    ANON_KEY: config.keys.anonKey,
    SERVICE_ROLE_KEY: config.keys.serviceRoleKey,
    JWT_SECRET: config.jwtSecret,
  };
}

/** Demo logins declared in seed files as `-- demo login: <email> / <password>` comments. */
export function demoLogins(config: DevstackConfig): string[] {
  const out: string[] = [];
  for (const p of config.db.seedPaths) {
    const f = path.resolve(config.supabaseDir, p);
    if (!existsSync(f)) continue;
    for (const m of readFileSync(f, 'utf8').matchAll(/^--\s*demo login:\s*(\S+)\s*\/\s*(\S+)\s*$/gim)) {
      out.push(`${m[1]} / ${m[2]}`);
    }
  }
  return out;
}

function printStatus(config: DevstackConfig, format: string): void {
  const values = statusValues(config);
  if (format === 'env') {
    for (const [k, v] of Object.entries(values)) console.log(`${k}="${v}"`);
  } else if (format === 'json') {
    console.log(JSON.stringify(values, null, 2));
  } else {
    const width = Math.max(...Object.keys(values).map((k) => k.length));
    for (const [k, v] of Object.entries(values)) console.log(`${k.padEnd(width)}  ${v}`);
  }
}

async function isRunning(config: DevstackConfig): Promise<boolean> {
  try {
    const r = await fetch(`${config.api.url}/health`, { signal: AbortSignal.timeout(1500) });
    return r.ok && ((await r.json()) as { name?: string }).name === 'devstack';
  } catch {
    return false;
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workdir: { type: 'string' },
      output: { type: 'string', short: 'o', default: 'pretty' },
      help: { type: 'boolean', short: 'h' },
      out: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (values.help || !command || command === 'help') {
    console.log(HELP);
    return command || values.help ? 0 : 1;
  }
  const config = loadConfig({ workdir: values.workdir });
  const log = createLogger();

  switch (command) {
    case 'start': {
      const stack = await startDevstack({ config, log });
      const logins = demoLogins(config);
      console.log(
        `\ndevstack is running (project ${config.projectId}${stack.fresh ? ', fresh database seeded' : ''}).\n`,
      );
      printStatus(config, 'pretty');
      if (logins.length) console.log(`\nDemo logins:\n${logins.map((l) => `  ${l}`).join('\n')}`);
      console.log('\nPress Ctrl-C to stop.\n');
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = async () => {
          if (stopping) return;
          stopping = true;
          log.info('stopping devstack');
          await stack.stop();
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      return 0;
    }
    case 'status': {
      if (!(await isRunning(config))) {
        console.error(`devstack is not running on ${config.api.url}. Start it with \`devstack start\`.`);
        return 1;
      }
      printStatus(config, values.output ?? 'pretty');
      return 0;
    }
    case 'reset':
    case 'migrate': {
      const reset = command === 'reset';
      if (await isRunning(config)) {
        // The running stack owns the server: work on it through the same cluster URLs.
        const { cluster } = await prepareDatabase(
          { ...config, db: { ...config.db, externalUrl: config.db.externalUrl ?? adoptUrl(config) } },
          log,
          { reset, migrateOnly: !reset },
        );
        await cluster.stop();
      } else {
        const { cluster } = await prepareDatabase(config, log, { reset, migrateOnly: !reset });
        await cluster.stop();
      }
      log.info(reset ? 'database reset' : 'migrations up to date');
      return 0;
    }
    case 'gen-types': {
      const { generateTypes } = await import('./typegen/index.ts');
      const { cluster } = await prepareDatabase(
        (await isRunning(config))
          ? { ...config, db: { ...config.db, externalUrl: config.db.externalUrl ?? adoptUrl(config) } }
          : config,
        log,
        { migrateOnly: true },
      );
      try {
        const types = await generateTypes(config, cluster.url('postgres', databaseName(config)));
        const out = values.out ?? path.join(config.workdir, 'lib', 'supabase', 'database.types.ts');
        writeFileSync(out, types);
        log.info(`wrote ${path.relative(process.cwd(), out)}`);
      } finally {
        await cluster.stop();
      }
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 1;
  }
}

/** Superuser URL of the embedded cluster a running devstack owns. */
function adoptUrl(config: DevstackConfig): string {
  return `postgresql://supabase_admin:${encodeURIComponent(config.db.password)}@${config.host}:${config.db.port}/postgres`;
}
