/**
 * REST overhead benchmark: a 50-row select through devstack's /rest/v1 as an authenticated user
 * under an RLS policy, against the same SQL sent straight to Postgres with postgres.js in the same
 * run. Also token grants per second through /auth/v1 when the Auth service answers.
 *
 * Both measured paths run in a worker thread (the "client"): fetch for /rest/v1, postgres.js for
 * the direct paths. The main thread only hosts devstack, so client CPU (undici, postgres.js) is not
 * charged to the server, and both paths pay the same client-side costs.
 *
 *   node bench/rest-overhead.ts
 */
import { randomUUID } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { loadConfig } from '../devstack/src/config.ts';
import { createLogger } from '../devstack/src/log.ts';
import { Params } from '../devstack/src/rest/build-sql.ts';
import { decodeQuery, parseQuery } from '../devstack/src/rest/parse-query.ts';
import { planRead, qident } from '../devstack/src/rest/plan.ts';
import { loadSchemaCache, qualified } from '../devstack/src/rest/schema-cache.ts';
import { readStatement } from '../devstack/src/rest/statements.ts';
import { startDevstack } from '../devstack/src/server.ts';
import { pct } from './lib/stats.ts';

// BENCH_PORT_OFFSET lets two checkouts run this benchmark at once without sharing ports.
const PORT_OFFSET = Number(process.env.BENCH_PORT_OFFSET ?? 0);

const N = Number(process.env.BENCH_N ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const QUERY = 'select=id,title,n,created_at&order=id&limit=50';

const ms = (x: number) => x.toFixed(3);

async function timeLoop(n: number, fn: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

interface ClientJob {
  url: string;
  headers: Record<string, string>;
  dbUrl: string;
  mainSql: string;
  mainParams: (string | null)[];
  setupSql: string;
  setupParams: string[];
}
interface ClientTimings {
  /** devstack's thread CPU (user+system, µs) spent over the measured REST loop, worker mode only. */
  serverCpuUs?: number;
  restT: number[];
  directT: number[];
  bareT: number[];
}

/** BENCH_CLIENT=inline runs the client loops on devstack's own thread (the old behaviour). */
const WORKER_CLIENT = (process.env.BENCH_CLIENT ?? 'worker') !== 'inline';

/** Runs the measured loops in a worker thread (or inline) and returns the samples. */
function runClient(job: ClientJob): Promise<ClientTimings> {
  if (!WORKER_CLIENT) return clientMain(job);
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: job });
    let cpu0: NodeJS.CpuUsage | undefined;
    let cpuUs = 0;
    w.on('message', (m: ClientTimings | 'rest-start' | 'rest-end') => {
      if (m === 'rest-start') cpu0 = process.threadCpuUsage();
      else if (m === 'rest-end') {
        const d = process.threadCpuUsage(cpu0);
        cpuUs = d.user + d.system;
      } else resolve({ ...m, serverCpuUs: cpuUs });
    });
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`client worker exited with ${code}`)));
  });
}

async function clientMain(job: ClientJob): Promise<ClientTimings> {
  const { url, headers, dbUrl, mainSql, setupSql, setupParams } = job;
  const p = { values: job.mainParams };
  // Direct A: as `postgres`, same transaction shape as devstack (role + claims set, RLS applies),
  // pipelined on one connection: BEGIN READ ONLY, set_config, main statement, COMMIT.
  const direct = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const conn = await direct.reserve();
  const UNKNOWN = 705;
  const typed = (xs: (string | null)[]) => xs.map((v) => (v === null ? null : conn.typed(v, UNKNOWN)));
  const directTx = async () => {
    const b = conn.unsafe('BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY').execute();
    const s = conn.unsafe(setupSql, typed(setupParams) as never[], { prepare: true }).execute();
    const m = conn.unsafe(mainSql, typed(p.values) as never[], { prepare: true }).execute();
    const c = conn.unsafe('COMMIT').execute();
    const [, , rows] = await Promise.all([b, s, m, c]);
    if (!(rows[0] as unknown as { body: string }).body.startsWith('[')) throw new Error('bad body');
  };
  // Direct B: the bare main statement as `postgres` (BYPASSRLS: no policy evaluated), for reference.
  const bare = async () => {
    await conn.unsafe(mainSql, typed(p.values) as never[], { prepare: true });
  };
  const viaRest = async () => {
    const r = await fetch(url, { headers });
    const body = await r.text();
    if (r.status !== 200 || body.length < 100) throw new Error(`REST ${r.status}`);
  };

  // interleave warm-ups, then measure each path in turn
  await timeLoop(WARMUP, viaRest);
  await timeLoop(WARMUP, directTx);
  await timeLoop(WARMUP, bare);
  parentPort?.postMessage('rest-start');
  const restT = await timeLoop(N, viaRest);
  parentPort?.postMessage('rest-end');
  const directT = await timeLoop(N, directTx);
  const bareT = await timeLoop(N, bare);
  conn.release();
  await direct.end();
  return { restT, directT, bareT };
}

if (!isMainThread) {
  parentPort?.postMessage(await clientMain(workerData as ClientJob));
} else {
  const config = loadConfig({
    workdir: 'devstack/test/fixture',
    env: {
      ...process.env,
      DEVSTACK_API_PORT: String(27321 + PORT_OFFSET),
      DEVSTACK_DB_PORT: String(27322 + PORT_OFFSET),
      DEVSTACK_MAIL_PORT: String(27324 + PORT_OFFSET),
      DEVSTACK_DATA_DIR: '.devstack/bench',
      DEVSTACK_LOG: 'silent',
      DEVSTACK_AUTH_RATE_LIMITS: 'off',
    },
  });
  const running = await startDevstack({ config, log: createLogger('silent'), prepare: { reset: true } });
  const api = config.api.url;
  const dbUrl = running.ctx.cluster.url('postgres', running.ctx.dbName);
  const db = postgres(dbUrl, { max: 2, onnotice: () => {} });

  try {
    // --- seed: 10k rows over 10 owners (1k for the benchmark user), behind an owner-only RLS policy
    const userId = randomUUID();
    await db`insert into auth.users (id, email, aud, role, created_at, updated_at)
           values (${userId}, 'bench@example.com', 'authenticated', 'authenticated', now(), now())`;
    await db.unsafe(`
    create table public.bench_items (
      id bigint generated by default as identity primary key,
      owner uuid not null,
      title text not null,
      body text,
      n int not null,
      created_at timestamptz not null default now()
    );
    alter table public.bench_items enable row level security;
    create policy "owner reads" on public.bench_items for select to authenticated using ((select auth.uid()) = owner);
    grant select on public.bench_items to authenticated;`);
    const others = Array.from({ length: 9 }, () => randomUUID());
    await db`insert into public.bench_items (owner, title, body, n)
           select case when g % 10 = 0 then ${userId}::uuid else (${others}::uuid[])[1 + g % 9] end,
                  'item ' || g, repeat('lorem ipsum ', 5), g
           from generate_series(1, 10000) g`;
    await db`analyze public.bench_items`;

    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: 'authenticated',
      exp: now + 3600,
      iat: now,
      sub: userId,
      email: 'bench@example.com',
      role: 'authenticated',
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(config.jwtSecret));
    const headers = {
      apikey: config.keys.anonKey,
      authorization: `Bearer ${token}`,
      'accept-profile': 'public',
      'x-client-info': 'bench',
    };
    const url = `${api}/rest/v1/bench_items?${QUERY}`;

    // wait for the schema cache to pick the new table up (NOTIFY pgrst from the DDL trigger)
    for (let i = 0; ; i++) {
      const r = await fetch(url, { headers });
      const text = await r.text();
      if (r.status === 200) {
        if ((JSON.parse(text) as unknown[]).length !== 50) throw new Error('unexpected row count');
        break;
      }
      if (i > 100) throw new Error(`REST never served bench_items: ${r.status} ${text}`);
      await new Promise((res) => setTimeout(res, 50));
    }

    // --- the exact statements devstack sends for this request, built with its own modules
    const cache = await loadSchemaCache(running.ctx.pool('supabase_admin'), config.api.schemas);
    const table = cache.tables.get(qualified('public', 'bench_items'));
    if (!table) throw new Error('bench_items not in cache');
    const q = parseQuery(decodeQuery(QUERY), false);
    const root = qident('public', 'bench_items');
    const node = planRead(
      { cache, schema: 'public', aliases: new Set() },
      { table, relName: table.name, from: root, qualifier: root, msgQualifier: table.name },
      q,
      { applyRanges: true },
    );
    const p = new Params();
    const mainSql = readStatement(p, node, { maxRows: config.api.maxRows, mode: 'json' });
    const setupSql =
      "select set_config('search_path', $1, true), set_config('role', $2, true), set_config('request.jwt.claims', $3, true)";
    const setupParams = ['"public", "public", "extensions"', 'authenticated', JSON.stringify(claims)];

    const timings = await runClient({ url, headers, dbUrl, mainSql, mainParams: p.values, setupSql, setupParams });
    const { restT, directT, bareT } = timings;

    // --- token grants per second (password grant), if the Auth service answers
    let grants = 'skipped';
    const email = `bench-${Date.now()}@example.com`;
    const password = 'bench-password-123';
    const authHeaders = { apikey: config.keys.anonKey, 'content-type': 'application/json' };
    const signup = await fetch(`${api}/auth/v1/signup`, {
      method: 'POST',
      headers: authHeaders,
      body: JSON.stringify({ email, password }),
    });
    if (process.env.BENCH_GRANTS === '0') {
      grants = 'skipped: BENCH_GRANTS=0';
    } else if (signup.status === 501 || signup.status === 404) {
      grants = `skipped: /auth/v1 answered ${signup.status}`;
    } else if (!signup.ok) {
      grants = `skipped: signup failed with ${signup.status}`;
    } else {
      const grant = async () => {
        const r = await fetch(`${api}/auth/v1/token?grant_type=password`, {
          method: 'POST',
          headers: authHeaders,
          body: JSON.stringify({ email, password }),
        });
        await r.text();
        if (r.status !== 200) throw new Error(`token grant ${r.status}`);
      };
      await timeLoop(5, grant);
      const seqN = 100;
      const t0 = performance.now();
      await timeLoop(seqN, grant);
      const seqRate = seqN / ((performance.now() - t0) / 1000);
      const workers = 8;
      const perWorker = 25;
      const t1 = performance.now();
      await Promise.all(Array.from({ length: workers }, () => timeLoop(perWorker, grant)));
      const parRate = (workers * perWorker) / ((performance.now() - t1) / 1000);
      grants = `${seqRate.toFixed(1)}/s sequential, ${parRate.toFixed(1)}/s with ${workers} concurrent clients`;
    }

    const rows = [
      ['through /rest/v1 (fetch, JWT, authenticated + RLS)', restT],
      ['direct: same tx + SQL as authenticated (postgres.js, pipelined)', directT],
      ['direct: bare main statement as postgres (no RLS)', bareT],
    ] as const;
    console.log(`\nREST overhead, 50-row select, N=${N} sequential after ${WARMUP} warm-up (ms)`);
    console.log(
      WORKER_CLIENT
        ? 'clients (fetch and postgres.js) run in a worker thread; devstack alone on the main thread\n'
        : "clients (fetch and postgres.js) run inline on devstack's thread (BENCH_CLIENT=inline)\n",
    );
    console.log('| path | p50 | p99 |');
    console.log('|---|---|---|');
    for (const [name, t] of rows) console.log(`| ${name} | ${ms(pct(t, 50))} | ${ms(pct(t, 99))} |`);
    console.log(
      `| **ratio REST / direct (same tx)** | **${(pct(restT, 50) / pct(directT, 50)).toFixed(2)}×** | ${(pct(restT, 99) / pct(directT, 99)).toFixed(2)}× |`,
    );
    console.log(
      `| ratio REST / bare statement | ${(pct(restT, 50) / pct(bareT, 50)).toFixed(2)}× | ${(pct(restT, 99) / pct(bareT, 99)).toFixed(2)}× |`,
    );
    if (timings.serverCpuUs !== undefined) {
      console.log(
        `\ndevstack thread CPU per REST request (process.threadCpuUsage over the measured loop): ${(timings.serverCpuUs / N).toFixed(0)} µs`,
      );
    }
    console.log(`\nToken grants (POST /auth/v1/token?grant_type=password): ${grants}`);
  } finally {
    await db.end();
    await running.stop();
  }
}
