/**
 * Realtime fan-out benchmark: N subscribers (10, 100, 1,000) on one private topic; messages sent
 * (a) as client broadcasts and (b) as database inserts whose trigger calls realtime.broadcast_changes.
 * Send-to-receive latency p50/p99 over every delivery, the highest delivery rate with p99 < 100 ms,
 * and server heap per idle connection; the same load against a bare `ws` broadcast server (the floor).
 *
 *   node --expose-gc bench/realtime-fanout.ts
 *
 * The servers run in this process; the 1,000+ clients run in a child process (raw `ws` clients
 * speaking Phoenix vsn 2.0.0 exactly as realtime-js does: kind-3 pushes in, kind-4 frames out), so the
 * memory figures are the server's alone and all latencies are measured on one clock.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { WebSocket, WebSocketServer } from 'ws';
import { pct } from './lib/stats.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 4);
const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number);
const PER_SENDER = 80; // stay under the 100 events/s per-connection limit
const BARE_PORT = 57425;

type Stats = { p50: number; p99: number; delivered: number; expected: number };
type Cmd =
  | { cmd: 'connect'; mode: 'devstack' | 'bare'; url: string; n: number; topic: string; token: string; senders: number }
  | {
      cmd: 'run';
      kind: 'broadcast' | 'db' | 'bare';
      rate: number;
      seconds: number;
      dbUrl?: string;
      room?: number;
      user?: string;
    }
  | { cmd: 'disconnect' };

// ---------------------------------------------------------------- client side (child process)
async function clientMain(): Promise<void> {
  let subs: WebSocket[] = [];
  let senders: { ws: WebSocket; joinRef: string; topic: string }[] = [];
  let latencies: number[] = [];
  let measuring = false;
  let hb: NodeJS.Timeout | undefined;
  let ref = 0;

  const onData = (data: Buffer, isBinary: boolean) => {
    if (!measuring) return;
    let t: number | undefined;
    if (isBinary && data[0] === 4) {
      const o = 5 + data[1] + data[2] + data[3];
      const p = JSON.parse(data.toString('utf8', o));
      t = typeof p.t === 'number' ? p.t : p.record ? JSON.parse(p.record.body).t : undefined;
    } else if (!isBinary) {
      const s = data.toString('utf8');
      if (s.startsWith('{"t"')) t = JSON.parse(s).t;
    }
    if (t !== undefined) latencies.push(performance.now() - t);
  };

  const open = (url: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.on('open', () => resolve(ws));
      ws.on('error', reject);
    });

  const join = (ws: WebSocket, topic: string, token: string) =>
    new Promise<string>((resolve, reject) => {
      const joinRef = String(++ref);
      const onMsg = (d: Buffer, bin: boolean) => {
        if (bin) return;
        const m = JSON.parse(d.toString());
        if (m[3] === 'phx_reply' && m[1] === joinRef) {
          ws.off('message', onMsg);
          if (m[4].status === 'ok') resolve(joinRef);
          else reject(new Error(JSON.stringify(m[4])));
        }
      };
      ws.on('message', onMsg);
      ws.send(
        JSON.stringify([joinRef, joinRef, topic, 'phx_join', { config: { private: true }, access_token: token }]),
      );
    });

  const kind3 = (topic: string, joinRef: string, event: string, payload: string) => {
    const enc = (s: string) => Buffer.from(s);
    const [j, r, t, e] = [enc(joinRef), enc(String(++ref)), enc(topic), enc(event)];
    return Buffer.concat([Buffer.from([3, j.length, r.length, t.length, e.length, 0, 1]), j, r, t, e, enc(payload)]);
  };

  async function handle(m: Cmd): Promise<unknown> {
    if (m.cmd === 'connect') {
      const topic = `realtime:${m.topic}`;
      for (let i = 0; i < m.n; i += 50) {
        const batch = await Promise.all(Array.from({ length: Math.min(50, m.n - i) }, () => open(m.url)));
        if (m.mode === 'devstack') await Promise.all(batch.map((ws) => join(ws, topic, m.token)));
        for (const ws of batch) ws.on('message', onData);
        subs.push(...batch);
      }
      for (let i = 0; i < m.senders; i++) {
        const ws = await open(m.url);
        const joinRef = m.mode === 'devstack' ? await join(ws, topic, m.token) : '';
        senders.push({ ws, joinRef, topic });
      }
      if (m.mode === 'devstack') {
        hb = setInterval(() => {
          for (const ws of [...subs, ...senders.map((s) => s.ws)])
            ws.send(JSON.stringify([null, String(++ref), 'phoenix', 'heartbeat', {}]));
        }, 20_000);
      }
      return { connected: subs.length };
    }
    if (m.cmd === 'run') {
      latencies = [];
      measuring = true;
      const total = Math.round(m.rate * m.seconds);
      const sql = m.dbUrl ? postgres(m.dbUrl, { max: 8, onnotice: () => {} }) : undefined;
      const start = performance.now();
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / m.rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const s = senders[i % senders.length];
        const t = performance.now();
        if (m.kind === 'broadcast') s.ws.send(kind3(s.topic, s.joinRef, 'tick', JSON.stringify({ t, i })));
        else if (m.kind === 'bare') s.ws.send(JSON.stringify({ t, i }));
        else if (sql) {
          // postgres.js queries are lazy: execute() sends it now, not when awaited.
          pending.push(
            sql`insert into public.rt_room_messages (room_id, user_id, body) values (${m.room ?? 0}, ${m.user ?? null}, ${JSON.stringify({ t })})`.execute(),
          );
        }
      }
      await Promise.all(pending);
      await new Promise((r) => setTimeout(r, 1500));
      measuring = false;
      await sql?.end();
      const stats: Stats = {
        p50: pct(latencies, 50),
        p99: pct(latencies, 99),
        delivered: latencies.length,
        expected: total * subs.length,
      };
      return stats;
    }
    clearInterval(hb);
    for (const ws of [...subs, ...senders.map((s) => s.ws)]) ws.terminate();
    subs = [];
    senders = [];
    return { ok: true };
  }

  process.on('message', (m: Cmd & { id: number }) => {
    handle(m).then(
      (result) => process.send?.({ id: m.id, result }),
      (e) => process.send?.({ id: m.id, error: String(e) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------- server side (this process)
async function parentMain(): Promise<void> {
  const { loadConfig } = await import('../devstack/src/config.ts');
  const { startDevstack } = await import('../devstack/src/server.ts');
  const config = loadConfig({
    workdir: 'devstack/test/fixture',
    env: {
      ...process.env,
      DEVSTACK_API_PORT: '57421',
      DEVSTACK_DB_PORT: '57422',
      DEVSTACK_MAIL_PORT: '57424',
      DEVSTACK_DATA_DIR: '.devstack/bench-rt',
      DEVSTACK_LOG: 'silent',
    },
  });
  process.env.DEVSTACK_LOG = 'silent';
  const stack = await startDevstack({ config, prepare: { reset: true } });
  const dbUrl = stack.ctx.cluster.url('postgres', stack.ctx.dbName);
  const db = postgres(dbUrl, { max: 2, onnotice: () => {} });
  const [user] = await db<{ id: string }[]>`
    insert into auth.users (instance_id, id, aud, role, email, created_at, updated_at)
    values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
      'bench@example.com', now(), now()) returning id`;
  const [room] = await db<{ id: string }[]>`insert into public.rt_rooms (name) values ('bench') returning id`;
  await db`insert into public.rt_room_members (room_id, user_id) values (${room.id}, ${user.id})`;
  await db.end();
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ role: 'authenticated', aud: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(config.jwtSecret));
  const topic = `room:${room.id}`;
  const rtUrl = `ws://127.0.0.1:${config.api.port}/realtime/v1/websocket?apikey=${config.keys.anonKey}&vsn=2.0.0`;

  // The floor: a bare ws server relaying every message to every other client.
  const bare = new WebSocketServer({ port: BARE_PORT, host: '127.0.0.1', perMessageDeflate: false });
  bare.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      for (const c of bare.clients) if (c !== ws) c.send(data, { binary: isBinary });
    });
  });

  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, RT_BENCH_ROLE: 'client' },
    execArgv: process.execArgv.filter((a) => a !== '--expose-gc'),
  });
  let nextId = 0;
  const waiting = new Map<number, (v: { result?: unknown; error?: string }) => void>();
  child.on('message', (m: { id: number; result?: unknown; error?: string }) => waiting.get(m.id)?.(m));
  const rpc = <T>(m: Cmd): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, (r) => (r.error ? reject(new Error(r.error)) : resolve(r.result as T)));
      child.send({ ...m, id });
    });

  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = async () => {
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((r) => setTimeout(r, 100));
    }
    return process.memoryUsage().heapUsed;
  };
  const senders = (rate: number) => Math.max(1, Math.ceil(rate / PER_SENDER));
  const row = (s: Stats) =>
    `${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${((100 * s.delivered) / s.expected).toFixed(1)}%`;

  const lines: string[] = [
    '| subscribers | path | p50 ms | p99 ms | delivered | server heap / idle conn |',
    '| ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const n of SIZES) {
    const before = await heap();
    await rpc({ cmd: 'connect', mode: 'devstack', url: rtUrl, n, topic, token, senders: 1 });
    const perConn = ((await heap()) - before) / (n + 1) / 1024;
    const bc = await rpc<Stats>({ cmd: 'run', kind: 'broadcast', rate: 50, seconds: DURATION_S });
    const dbs = await rpc<Stats>({
      cmd: 'run',
      kind: 'db',
      rate: 50,
      seconds: DURATION_S,
      dbUrl,
      room: Number(room.id),
      user: user.id,
    });
    await rpc({ cmd: 'disconnect' });
    const beforeBare = await heap();
    await rpc({ cmd: 'connect', mode: 'bare', url: `ws://127.0.0.1:${BARE_PORT}`, n, topic, token, senders: 1 });
    const perBare = ((await heap()) - beforeBare) / (n + 1) / 1024;
    const floor = await rpc<Stats>({ cmd: 'run', kind: 'bare', rate: 50, seconds: DURATION_S });
    await rpc({ cmd: 'disconnect' });
    lines.push(`| ${n} | devstack client broadcast @50/s | ${row(bc)} | ${perConn.toFixed(1)} KB |`);
    lines.push(`| ${n} | devstack DB broadcast_changes @50/s | ${row(dbs)} | |`);
    lines.push(`| ${n} | bare ws floor @50/s | ${row(floor)} | ${perBare.toFixed(1)} KB |`);
    console.error(lines.slice(-3).join('\n'));
  }

  // Highest delivery rate (deliveries/s) with p99 < 100 ms and >= 99.9 % delivered, at the largest size.
  const n = SIZES[SIZES.length - 1];
  const rates = [50, 100, 200, 400, 800, 1600];
  const search = async (mode: 'devstack' | 'bare') => {
    let best = 0;
    const url = mode === 'devstack' ? rtUrl : `ws://127.0.0.1:${BARE_PORT}`;
    for (const rate of rates) {
      await rpc({ cmd: 'connect', mode, url, n, topic, token, senders: senders(rate) });
      const s = await rpc<Stats>({ cmd: 'run', kind: mode === 'devstack' ? 'broadcast' : 'bare', rate, seconds: 3 });
      await rpc({ cmd: 'disconnect' });
      console.error(`${mode} ${rate} msg/s x ${n}: p99 ${s.p99.toFixed(1)} ms, ${s.delivered}/${s.expected}`);
      if (s.p99 < 100 && s.delivered >= 0.999 * s.expected) best = rate * n;
      else break;
    }
    return best;
  };
  const maxDev = await search('devstack');
  const maxBare = await search('bare');
  lines.push('');
  lines.push(`| highest delivery rate with p99 < 100 ms (${n} subscribers) | deliveries/s |`);
  lines.push('| --- | ---: |');
  lines.push(`| devstack client broadcast | ${maxDev.toLocaleString('en')} |`);
  lines.push(`| bare ws floor | ${maxBare.toLocaleString('en')} |`);
  lines.push(`| ratio | ${maxBare ? ((100 * maxDev) / maxBare).toFixed(0) : '-'} % |`);
  console.log(lines.join('\n'));

  child.disconnect();
  bare.close();
  await stack.stop();
}

if (process.env.RT_BENCH_ROLE === 'client') await clientMain();
else await parentMain();
