/**
 * `npm run dev`: starts devstack (unless NEXT_PUBLIC_SUPABASE_URL points at another backend), waits
 * until it is healthy, then runs `next dev` wired to it. Ctrl-C stops both.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const LOCAL_URL = `http://127.0.0.1:${process.env.DEVSTACK_API_PORT ?? 54321}`;
// The CLI's well-known local keys: public by design, only valid against a local stack.
const LOCAL_KEYS = {
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  SUPABASE_SECRET_KEY: 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
};

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGINT');
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
    process.exit(code),
  );
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`\n${path.basename(args[0] ?? cmd)} exited (${code ?? 'signal'}); stopping.`);
      stopAll(code ?? 1);
    }
  });
  return child;
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  const external = process.env.NEXT_PUBLIC_SUPABASE_URL && process.env.NEXT_PUBLIC_SUPABASE_URL !== LOCAL_URL;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!external) {
    if (await healthy(LOCAL_URL)) {
      console.log(`Using the devstack already running on ${LOCAL_URL}.`);
    } else {
      run(process.execPath, [path.join(root, 'devstack/bin/devstack.ts'), 'start'], { ...env, DEVSTACK_LOG: 'quiet' });
      const deadline = Date.now() + 120_000;
      while (!(await healthy(LOCAL_URL))) {
        if (stopping) return;
        if (Date.now() > deadline) {
          console.error('devstack did not start within 2 minutes.');
          stopAll(1);
          return;
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    Object.assign(env, { NEXT_PUBLIC_SUPABASE_URL: LOCAL_URL, ...LOCAL_KEYS });
  }
  run(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'dev', '--port', env.PORT ?? '3000'], env);
}

main().catch((err) => {
  console.error(err);
  stopAll(1);
});
