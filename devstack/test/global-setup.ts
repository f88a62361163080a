import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Starts one devstack (as a child process, exactly as a developer runs it) serving the fixture
 * project in devstack/test/fixture on its own ports and data directory, with a freshly reset
 * database, and tells the tests where it is.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const workdir = path.join(root, 'devstack', 'test', 'fixture');
/** DEVSTACK_TEST_PORT_OFFSET lets several suites run side by side (each its own ports and data dir). */
const offset = Number(process.env.DEVSTACK_TEST_PORT_OFFSET ?? 0);
export const TEST_PORTS = { api: 25321 + offset, db: 25322 + offset, mail: 25324 + offset };

let child: ChildProcess | undefined;

async function waitHealthy(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child?.exitCode !== null && child?.exitCode !== undefined) throw new Error('devstack exited during start-up');
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`devstack did not become healthy at ${url}`);
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(root, 'devstack/bin/devstack.ts'), ...args], {
      env,
      stdio: 'inherit',
    });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`devstack ${args[0]} exited with ${code}`))));
  });
}

export default async function setup(project: TestProject) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEVSTACK_DATA_DIR: path.join(root, '.devstack', offset ? `test-${offset}` : 'test'),
    DEVSTACK_API_PORT: String(TEST_PORTS.api),
    DEVSTACK_DB_PORT: String(TEST_PORTS.db),
    DEVSTACK_MAIL_PORT: String(TEST_PORTS.mail),
    DEVSTACK_LOG: process.env.DEVSTACK_LOG ?? 'quiet',
    // A hanging Edge Function is cut off after this many seconds (150 by default, as Kong's timeout).
    DEVSTACK_FUNCTIONS_TIMEOUT: process.env.DEVSTACK_FUNCTIONS_TIMEOUT ?? '5',
  };
  await run(['reset', '--workdir', workdir], env);
  const output: string[] = [];
  child = spawn(process.execPath, [path.join(root, 'devstack/bin/devstack.ts'), 'start', '--workdir', workdir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => output.push(String(d)));
  child.stderr?.on('data', (d) => {
    output.push(String(d));
    process.stderr.write(d);
  });
  const apiUrl = `http://127.0.0.1:${TEST_PORTS.api}`;
  try {
    await waitHealthy(`${apiUrl}/health`, Date.now() + 90_000);
    // Healthy, but maybe another checkout's stack on the same port while ours died (EADDRINUSE).
    await new Promise((r) => setTimeout(r, 500));
    if (child.exitCode !== null) throw new Error(`devstack exited (${child.exitCode}): is port ${apiUrl} taken?`);
  } catch (err) {
    console.error(output.join(''));
    throw err;
  }
  project.provide('apiUrl', apiUrl);
  project.provide('mailUrl', `http://127.0.0.1:${TEST_PORTS.mail}`);
  project.provide('dbUrl', `postgresql://postgres:postgres@127.0.0.1:${TEST_PORTS.db}/postgres`);
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
    mailUrl: string;
    dbUrl: string;
  }
}
