import { existsSync, type FSWatcher, mkdirSync, readFileSync, watch } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RouteInfo } from '../app.ts';
import type { ServiceContext } from '../context.ts';
import { sendJson, sendRaw } from '../http.ts';
import { verifyToken } from '../jwt.ts';
import type { MountedService } from '../server.ts';
import { BootError, FunctionWorker } from './worker.ts';

/**
 * Edge Functions: `/functions/v1/<name>[/…]` runs `supabase/functions/<name>/index.ts` with real
 * Deno, one warm process per function (protocol doc §7). The gateway has already answered CORS
 * preflights; this service applies the JWT gate, forwards the request with the prefix stripped and
 * streams the response back unbuffered.
 */

const SLUG = /^[A-Za-z0-9_-]+$/;
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

interface FunctionConfig {
  verify_jwt?: boolean;
  enabled?: boolean;
  entrypoint?: string;
  import_map?: string;
}

/**
 * The Deno binary of the `deno` npm package (or DEVSTACK_DENO). The package ships the binary in a
 * per-platform optional dependency (`@deno/linux-x64-glibc`, ...); its postinstall would copy it into
 * `deno/` but is not approved (package.json allowScripts), so look in the platform package first.
 */
export function resolveDeno(): string {
  if (process.env.DEVSTACK_DENO) return process.env.DEVSTACK_DENO;
  const exe = process.platform === 'win32' ? 'deno.exe' : 'deno';
  try {
    const denoPkg = createRequire(import.meta.url).resolve('deno/package.json');
    const platformPkg = `@deno/${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`;
    const candidates = [path.join(path.dirname(denoPkg), exe)];
    try {
      candidates.unshift(path.join(path.dirname(createRequire(denoPkg).resolve(`${platformPkg}/package.json`)), exe));
    } catch {}
    for (const c of candidates) if (existsSync(c)) return c;
  } catch {}
  return 'deno';
}

function readDotEnv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    let v = m[2];
    const q = /^(['"])([\s\S]*)\1$/.exec(v);
    if (q) v = q[1] === '"' ? q[2].replace(/\\n/g, '\n') : q[2];
    else v = v.replace(/\s+#.*$/, '');
    out[m[1]] = v;
  }
  return out;
}

function workerError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusMessage = code;
  sendJson(res, status, { code, message });
}

export async function createFunctionsService(ctx: ServiceContext): Promise<MountedService> {
  const functionsDir = path.join(ctx.config.supabaseDir, 'functions');
  const denoDir = path.join(ctx.config.dataDir, 'deno');
  mkdirSync(denoDir, { recursive: true });
  const denoBin = resolveDeno();
  const runner = path.join(import.meta.dirname, 'deno-runner.js');
  /** Kong's upstream read timeout locally is 150 s; DEVSTACK_FUNCTIONS_TIMEOUT (seconds) overrides. */
  const idleTimeoutMs = Number(process.env.DEVSTACK_FUNCTIONS_TIMEOUT || 150) * 1000;
  const bootTimeoutMs = Number(process.env.DEVSTACK_FUNCTIONS_BOOT_TIMEOUT || 30) * 1000;
  const workers = new Map<string, FunctionWorker>();
  const functionsConfig = ctx.config.functions as Record<string, FunctionConfig>;

  const jwks = JSON.stringify({
    keys: [ctx.keys.publicJwk, { kty: 'oct', k: Buffer.from(ctx.keys.secret).toString('base64url'), alg: 'HS256' }],
  });
  const dbUrl =
    ctx.config.db.externalUrl ??
    `postgresql://postgres:${ctx.config.db.password}@${ctx.config.host}:${ctx.config.db.port}/postgres`;

  function functionEnv(): Record<string, string> {
    const env: Record<string, string> = {
      DENO_DIR: denoDir,
      DENO_NO_UPDATE_CHECK: '1',
      DENO_NO_PROMPT: '1',
      NO_COLOR: '1',
    };
    if (process.env.TZ) env.TZ = process.env.TZ;
    for (const [k, v] of Object.entries(readDotEnv(path.join(functionsDir, '.env')))) {
      if (k.startsWith('SUPABASE_')) {
        ctx.log.warn(`supabase/functions/.env: ${k} ignored (names starting with SUPABASE_ are reserved)`);
        continue;
      }
      env[k] = v;
    }
    return {
      ...env,
      SUPABASE_URL: ctx.config.api.url,
      SUPABASE_ANON_KEY: ctx.config.keys.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: ctx.config.keys.serviceRoleKey,
      SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: ctx.config.keys.publishableKey }),
      SUPABASE_SECRET_KEYS: JSON.stringify({ default: ctx.config.keys.secretKey }),
      SUPABASE_DB_URL: dbUrl,
      SUPABASE_JWKS: jwks,
    };
  }

  function entryOf(name: string): string | undefined {
    const cfg = functionsConfig[name];
    if (cfg && cfg.enabled === false) return undefined;
    const entry = cfg?.entrypoint
      ? path.resolve(ctx.config.supabaseDir, cfg.entrypoint)
      : path.join(functionsDir, name, 'index.ts');
    return existsSync(entry) ? entry : undefined;
  }

  function denoArgs(name: string, entry: string): string[] {
    const args = ['--allow-all', '--no-prompt', '--no-lock', '--quiet'];
    const dir = path.dirname(entry);
    const cfg = functionsConfig[name];
    const denoJson = ['deno.json', 'deno.jsonc'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
    if (denoJson) args.push(`--config=${denoJson}`);
    else args.push('--no-config');
    if (cfg?.import_map) args.push(`--import-map=${path.resolve(ctx.config.supabaseDir, cfg.import_map)}`);
    return args;
  }

  function workerFor(name: string, entry: string): FunctionWorker {
    let w = workers.get(name);
    if (w && (w.alive || (w.exited && Date.now() - w.crashedAt < w.backoffMs()))) return w;
    const prev = w;
    w = new FunctionWorker({
      name,
      denoBin,
      runner,
      entryUrl: pathToFileURL(entry).href,
      cwd: path.dirname(entry),
      denoArgs: denoArgs(name, entry),
      env: functionEnv,
      log: ctx.log,
      bootTimeoutMs,
    });
    if (prev) w.crashes = prev.crashes;
    workers.set(name, w);
    return w;
  }

  async function checkJwt(req: IncomingMessage, res: ServerResponse, route: RouteInfo): Promise<boolean> {
    const raw = req.headers.authorization;
    if (raw && !/^Bearer /.test(raw) && !route.bearer) {
      sendJson(res, 401, { msg: "Error: Auth header is not 'Bearer {token}'" });
      return false;
    }
    if (!route.bearer) {
      sendJson(res, 401, { msg: 'Error: Missing authorization header' });
      return false;
    }
    const r = await verifyToken(ctx.keys, route.bearer);
    if (!r.ok) {
      sendJson(res, 401, { msg: 'Invalid JWT' });
      return false;
    }
    return true;
  }

  function forward(req: IncomingMessage, res: ServerResponse, route: RouteInfo, worker: FunctionWorker): Promise<void> {
    return new Promise<void>((resolve) => {
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
      }
      if (route.bearer) headers.authorization = `Bearer ${route.bearer}`;
      headers['x-forwarded-proto'] = 'http';
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        worker.release();
        resolve();
      };
      worker.inflight++;
      const upstream = http.request({
        host: '127.0.0.1',
        port: worker.port,
        method: req.method,
        path: route.path + route.url.search,
        headers,
        agent: worker.agent,
      });
      upstream.setTimeout(idleTimeoutMs, () => {
        ctx.log.warn(`function ${worker.spec.name}: no response activity for ${idleTimeoutMs / 1000}s, giving up`);
        upstream.destroy();
        workerError(
          res,
          546,
          'WORKER_LIMIT',
          `Function "${worker.spec.name}" did not respond within ${idleTimeoutMs / 1000}s (idle timeout)`,
        );
        finish();
      });
      upstream.on('response', (up) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(up.headers)) {
          if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
        }
        res.writeHead(up.statusCode ?? 502, out);
        res.flushHeaders();
        up.on('data', (chunk: Buffer) => {
          if (!res.write(chunk)) {
            up.pause();
            res.once('drain', () => up.resume());
          }
        });
        up.on('end', () => {
          res.end();
          finish();
        });
        up.on('error', () => {
          res.destroy();
          finish();
        });
        up.on('aborted', () => {
          res.destroy();
          finish();
        });
      });
      upstream.on('error', (err) => {
        if (done) return;
        if (worker.exited || (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
          workerError(res, 500, 'WORKER_ERROR', 'Function exited due to an error (please check logs)');
        } else {
          workerError(res, 503, 'BOOT_ERROR', `Worker failed to boot (please check logs): ${err.message}`);
        }
        finish();
      });
      res.on('close', () => {
        if (!res.writableFinished) {
          upstream.destroy();
          finish();
        }
      });
      req.pipe(upstream);
    });
  }

  // Reload on change (the CLI's `functions serve` watcher): a function's own folder restarts that
  // function; anything else under functions/ (_shared, .env, import maps) restarts all of them.
  let watcher: FSWatcher | undefined;
  const pending = new Set<string>();
  let debounce: NodeJS.Timeout | undefined;
  try {
    watcher = watch(ctx.config.supabaseDir, { recursive: true }, (_event, file) => {
      if (!file) return;
      const rel = file.split(path.sep);
      if (rel[0] !== 'functions') return;
      pending.add(rel.length > 2 ? rel[1] : '*');
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        const names = pending.has('*') ? [...workers.keys()] : [...pending];
        pending.clear();
        for (const n of names) {
          const w = workers.get(n);
          if (!w) continue;
          workers.delete(n);
          w.retire();
          ctx.log.info(`functions: ${n} changed, reloading`);
        }
      }, 100);
    });
    watcher.on('error', () => {});
  } catch {
    ctx.log.warn('functions: cannot watch supabase/ for changes; restart devstack after editing functions');
  }

  return {
    handler: async (req, res, route) => {
      const name = route.path.split('/')[1] ?? '';
      const entry = SLUG.test(name) ? entryOf(name) : undefined;
      if (!entry) {
        sendRaw(res, 404, 'Function not found', { 'content-type': 'text/plain' });
        return;
      }
      if ((functionsConfig[name]?.verify_jwt ?? true) && !(await checkJwt(req, res, route))) return;
      let worker = workerFor(name, entry);
      for (let attempt = 0; ; attempt++) {
        if (worker.exited && !worker.alive && !worker.retired) {
          req.resume();
          workerError(
            res,
            503,
            'BOOT_ERROR',
            `Function "${name}" crashed and is restarting (please check logs); retry shortly`,
          );
          return;
        }
        try {
          await worker.start();
          break;
        } catch (err) {
          if (workers.get(name) === worker) workers.delete(name);
          // Files changed while it was booting (the watcher retired it): boot the new version.
          if (worker.retired && attempt < 3) {
            worker = workerFor(name, entry);
            continue;
          }
          req.resume();
          const reason = err instanceof BootError ? err.message : String(err);
          ctx.log.warn(`function ${name} failed to boot: ${reason}`);
          workerError(res, 503, 'BOOT_ERROR', `Worker failed to boot (please check logs): ${reason}`);
          return;
        }
      }
      await forward(req, res, route, worker);
    },
    close: async () => {
      watcher?.close();
      clearTimeout(debounce);
      const all = [...workers.values()];
      workers.clear();
      for (const w of all) w.kill();
      await Promise.all(all.map((w) => w.exitedPromise()));
    },
  };
}
