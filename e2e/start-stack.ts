/**
 * Playwright's webServer: a fresh devstack (reset: migrations + seed) on the e2e ports, then the
 * Next app wired to it on E2E_APP_PORT. One command, so Playwright waits on one health URL and
 * stops everything with one signal (SIGTERM to the process group; see playwright.config.ts).
 *
 * The app runs as a production build by default (`next build` + `next start`): a developer's
 * `next dev` holds a lock on `.next/dev`, and a build does not touch it. E2E_NEXT=dev runs
 * `next dev` instead (faster to iterate, only when no other `next dev` runs in this folder).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { assertLocalStack } from './assert-local-stack.ts';
import {
  E2E_API_PORT,
  E2E_APP_PORT,
  E2E_APP_URL,
  E2E_DB_PORT,
  E2E_KEYS,
  E2E_MAIL_PORT,
  E2E_MAIL_URL,
  E2E_SUPABASE_URL,
} from './stack.ts';

const root = path.resolve(import.meta.dirname, '..');
// E2E_DEVSTACK_BIN: run another devstack build (e.g. a patched checkout) against this project.
const devstackBin = process.env.E2E_DEVSTACK_BIN ?? path.join(root, 'devstack/bin/devstack.ts');
const nextBin = path.join(root, 'node_modules/next/dist/bin/next');

assertLocalStack({ E2E_APP_URL, E2E_SUPABASE_URL, E2E_MAIL_URL });

const stackEnv: NodeJS.ProcessEnv = {
  ...process.env,
  DEVSTACK_API_PORT: String(E2E_API_PORT),
  DEVSTACK_DB_PORT: String(E2E_DB_PORT),
  DEVSTACK_MAIL_PORT: String(E2E_MAIL_PORT),
  DEVSTACK_DATA_DIR: path.join(root, '.devstack/e2e'),
  DEVSTACK_AUTH_RATE_LIMITS: 'off',
  DEVSTACK_LOG: process.env.DEVSTACK_LOG ?? 'quiet',
};
// Never inherit a developer's backend: the app talks to the e2e stack only.
const appEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NEXT_PUBLIC_SUPABASE_URL: E2E_SUPABASE_URL,
  ...E2E_KEYS,
  NEXT_TELEMETRY_DISABLED: '1',
};

const children: ChildProcess[] = [];
let stopping = false;

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const force = setTimeout(() => process.exit(code), 15_000);
  force.unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
    process.exit(code),
  );
}

function start(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[e2e] ${name} exited (${code ?? signal}); stopping.`);
      stop(code || 1);
    }
  });
  return child;
}

/** Runs a command to completion (async, so SIGTERM from Playwright still stops it). */
async function runOrExit(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  children.push(child);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  children.splice(children.indexOf(child), 1);
  if (stopping) return;
  if (code !== 0) {
    console.error(`[e2e] ${name} failed (${code ?? 'signal'}).`);
    stop(code || 1);
    throw new Error(`${name} failed`);
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

async function waitFor(url: string, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(url))) {
    if (stopping) return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function main(): Promise<void> {
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  // 1. Fresh database (works whether or not an e2e devstack is already up), then the stack.
  await runOrExit('devstack reset', [devstackBin, 'reset'], stackEnv);
  if (stopping) return;
  if (await healthy(`${E2E_SUPABASE_URL}/health`)) {
    console.log(`[e2e] reusing the devstack already running on ${E2E_SUPABASE_URL}`);
  } else {
    start('devstack', [devstackBin, 'start'], stackEnv);
    await waitFor(`${E2E_SUPABASE_URL}/health`, 'devstack', 120_000);
  }

  // 2. The app.
  if (stopping) return;
  if (process.env.E2E_NEXT === 'dev') {
    start('next dev', [nextBin, 'dev', '--port', String(E2E_APP_PORT), '--hostname', '127.0.0.1'], appEnv);
  } else {
    if (process.env.E2E_SKIP_BUILD !== '1') await runOrExit('next build', [nextBin, 'build'], appEnv);
    start('next start', [nextBin, 'start', '--port', String(E2E_APP_PORT), '--hostname', '127.0.0.1'], appEnv);
  }
  await waitFor(`${E2E_APP_URL}/login`, 'Next', 180_000);
  if (process.env.E2E_NEXT === 'dev') {
    // Compile the public pages once up front, so the first tests do not wait for it.
    for (const p of ['/sign-up', '/forgot-password', '/update-password', '/auth/confirm', '/']) {
      await fetch(`${E2E_APP_URL}${p}`, { redirect: 'manual' }).catch(() => {});
    }
  }
  console.log(`[e2e] app on ${E2E_APP_URL}, API on ${E2E_SUPABASE_URL}, mail on ${E2E_MAIL_URL}`);
}

main().catch((err) => {
  console.error(err);
  stop(1);
});
