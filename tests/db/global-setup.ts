import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Starts devstack for this project (the repo root, with supabase/config.toml) exactly as a
 * developer does: `devstack reset`, then `devstack start`, on the db suite's own ports and data
 * directory, and tells the tests where it is.
 *
 * DB_TEST_URL (optional): run the suite against an already migrated and seeded database instead
 * (REST tests then skip unless DB_TEST_API_URL is also given). Meant for iterating on migrations.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const devstackBin = path.join(root, 'devstack', 'bin', 'devstack.ts');
/** DB_TEST_PORT_OFFSET lets several checkouts run this suite side by side (each its own ports). */
const offset = Number(process.env.DB_TEST_PORT_OFFSET ?? 0);
export const DB_TEST_PORTS = { api: 26321 + offset, db: 26322 + offset, mail: 26324 + offset };

let child: ChildProcess | undefined;

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [devstackBin, ...args], { cwd: root, env, stdio: 'inherit' });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`devstack ${args[0]} exited with ${code}`))));
  });
}

async function waitHealthy(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error('devstack exited during start-up');
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250).unref());
  }
  throw new Error(`devstack did not become healthy at ${url}`);
}

export default async function setup(project: TestProject) {
  if (process.env.DB_TEST_URL) {
    project.provide('dbUrl', process.env.DB_TEST_URL);
    project.provide('apiUrl', process.env.DB_TEST_API_URL ?? '');
    return;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEVSTACK_API_PORT: String(DB_TEST_PORTS.api),
    DEVSTACK_DB_PORT: String(DB_TEST_PORTS.db),
    DEVSTACK_MAIL_PORT: String(DB_TEST_PORTS.mail),
    DEVSTACK_DATA_DIR: path.join(root, '.devstack', 'test-db'),
    DEVSTACK_LOG: 'quiet',
    DEVSTACK_AUTH_RATE_LIMITS: 'off',
  };
  await run(['reset'], env);
  const output: string[] = [];
  child = spawn(process.execPath, [devstackBin, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => output.push(String(d)));
  child.stderr?.on('data', (d) => {
    output.push(String(d));
    process.stderr.write(d);
  });
  const apiUrl = `http://127.0.0.1:${DB_TEST_PORTS.api}`;
  try {
    await waitHealthy(`${apiUrl}/health`, Date.now() + 120_000);
    // Healthy, but maybe another checkout's stack on the same port while ours died (EADDRINUSE).
    await new Promise((r) => setTimeout(r, 500));
    if (child.exitCode !== null) throw new Error(`devstack exited (${child.exitCode}): is port ${apiUrl} taken?`);
  } catch (err) {
    console.error(output.join(''));
    throw err;
  }
  project.provide('apiUrl', apiUrl);
  project.provide('dbUrl', `postgresql://postgres:postgres@127.0.0.1:${DB_TEST_PORTS.db}/postgres`);
  return async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000).unref())]);
    if (child.exitCode === null) child.kill('SIGKILL');
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    dbUrl: string;
  }
}
