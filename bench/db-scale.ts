/**
 * Database at scale (issue "Database"): 1M messages in 2,000 channels with 50k memberships, then,
 * as an authenticated user through /rest/v1 with supabase-js: fetch_messages newest page and a page
 * 10,000 messages back, search_messages over a mix of rare, two-term, common and substring queries,
 * the RLS overhead (the same table read as the user and as service role), and send_message
 * throughput with 8 concurrent clients. Run: `node bench/db-scale.ts` (BENCH_MESSAGES to scale down).
 */
import path from 'node:path';
import { createClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { loadConfig } from '../devstack/src/config.ts';
import { createLogger } from '../devstack/src/log.ts';
import { startDevstack } from '../devstack/src/server.ts';
import { fmt, pct, timeCalls } from './lib/stats.ts';

const root = path.resolve(import.meta.dirname, '..');
const TOTAL = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const CHANNELS = 2000;
const USERS = 2500;
const PER_USER = 20; // channel memberships per user: 2,500 x 20 = 50,000
const HOT = Math.min(30_000, Math.floor(TOTAL / 4)); // messages in the channel we page through
const N = Number(process.env.BENCH_N ?? 300);
const SERVICE_KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz';
const PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH';

const env = {
  ...process.env,
  DEVSTACK_API_PORT: '57621',
  DEVSTACK_DB_PORT: '57622',
  DEVSTACK_MAIL_PORT: '57624',
  DEVSTACK_DATA_DIR: path.join(root, '.devstack', 'bench-db'),
  DEVSTACK_LOG: 'silent',
  DEVSTACK_AUTH_RATE_LIMITS: 'off',
};

async function seed(sql: postgres.Sql): Promise<{ workspaceId: string; hotId: string; userEmail: string }> {
  const started = performance.now();
  const userEmail = 'bench@example.com';
  await sql.begin(async (tx) => {
    // Bulk load without per-row triggers (seq, broadcasts): seqs are assigned here, gap-free.
    await tx`set local session_replication_role = replica`;
    await tx`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      select '00000000-0000-0000-0000-000000000000', md5('u' || i)::uuid, 'authenticated', 'authenticated',
        case when i = 0 then ${userEmail} else 'user' || i || '@bench.example' end,
        case when i = 0 then extensions.crypt('password123', extensions.gen_salt('bf', 4)) end, now(),
        '{"provider":"email","providers":["email"]}', '{}', now(), now()
      from generate_series(0, ${USERS - 1}) i`;
    await tx`insert into public.profiles (id, display_name)
             select md5('u' || i)::uuid, 'User ' || i from generate_series(0, ${USERS - 1}) i`;
    await tx`insert into public.workspaces (id, slug, name, created_by)
             values (md5('ws')::uuid, 'bench', 'Bench', md5('u0')::uuid)`;
    await tx`insert into public.workspace_members (workspace_id, user_id, role)
             select md5('ws')::uuid, md5('u' || i)::uuid, case when i = 0 then 'owner' else 'member' end::public.workspace_role
             from generate_series(0, ${USERS - 1}) i`;
    await tx`insert into public.channels (id, workspace_id, kind, name, created_by)
             select md5('c' || c)::uuid, md5('ws')::uuid, 'public', 'channel-' || c, md5('u0')::uuid
             from generate_series(0, ${CHANNELS - 1}) c`;
    await tx`insert into public.channel_members (channel_id, user_id, workspace_id)
             select distinct md5('c' || ((i * 7 + k * 101) % ${CHANNELS}))::uuid, md5('u' || i)::uuid, md5('ws')::uuid
             from generate_series(0, ${USERS - 1}) i, generate_series(0, ${PER_USER - 1}) k
             on conflict do nothing`;
    await tx`insert into public.channel_members (channel_id, user_id, workspace_id)
             values (md5('c0')::uuid, md5('u0')::uuid, md5('ws')::uuid) on conflict do nothing`;
    // Bodies: words from a 5,000-word vocabulary, "meeting" in ~1 in 5 messages (common),
    // "deploy review" in ~1 in 200 (two-term), "zyzzyva" in ~1 in 100,000 (rare).
    const rest = TOTAL - HOT;
    await tx`
      insert into public.messages (workspace_id, channel_id, seq, author_id, client_id, body, created_at)
      select md5('ws')::uuid, md5('c' || ch)::uuid, s, md5('u' || ((ch * 7 + s) % ${USERS}))::uuid, gen_random_uuid(),
        concat_ws(' ', 'w' || (hashint % 5000), 'w' || ((hashint / 5000) % 5000), 'w' || ((hashint / 7) % 5000),
          case when hashint % 5 = 0 then 'meeting' end,
          case when hashint % 200 = 1 then 'deploy review' end,
          case when hashint % 100000 = 3 then 'zyzzyva' end,
          'notes about the quarterly roadmap'),
        now() - make_interval(secs => (${TOTAL} - s))
      from (
        select ch, s, abs(hashtext(ch || ':' || s)) as hashint
        from (
          select 0 as ch, s from generate_series(1, ${HOT}) s
          union all
          select 1 + (n % ${CHANNELS - 1}), 1 + n / ${CHANNELS - 1} from generate_series(0, ${rest - 1}) n
        ) x
      ) y`;
    await tx`update public.channels c set last_seq = m.max_seq
             from (select channel_id, max(seq) as max_seq from public.messages group by channel_id) m
             where m.channel_id = c.id`;
  });
  await sql`analyze`;
  const [{ count }] = await sql`select count(*)::int as count from public.messages`;
  const [{ members }] = await sql`select count(*)::int as members from public.channel_members`;
  console.log(
    `seeded ${count} messages, ${members} channel memberships in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return {
    workspaceId: (await sql`select md5('ws')::uuid as id`)[0].id,
    hotId: (await sql`select md5('c0')::uuid as id`)[0].id,
    userEmail,
  };
}

async function main(): Promise<void> {
  const config = loadConfig({ workdir: root, env });
  const stack = await startDevstack({ config, log: createLogger('silent'), prepare: { reset: true } });
  const admin = postgres(stack.ctx.cluster.superUrl('postgres'), { max: 2, onnotice: () => {} });
  try {
    await admin`truncate public.workspaces cascade`;
    const { workspaceId, hotId, userEmail } = await seed(admin);
    const user = createClient(config.api.url, PUBLISHABLE_KEY, { auth: { persistSession: false } });
    const { error: signInError } = await user.auth.signInWithPassword({ email: userEmail, password: 'password123' });
    if (signInError) throw signInError;
    const service = createClient(config.api.url, SERVICE_KEY, { auth: { persistSession: false } });
    const [{ last_seq: lastSeq }] = await admin`select last_seq from public.channels where id = ${hotId}`;

    const must = async <T>(p: PromiseLike<{ data: T; error: unknown }>) => {
      const { data, error } = await p;
      if (error) throw new Error(JSON.stringify(error));
      return data;
    };
    const newest = await timeCalls(N, () => must(user.rpc('fetch_messages', { channel_id: hotId, limit: 50 })));
    const deep = await timeCalls(N, () =>
      must(user.rpc('fetch_messages', { channel_id: hotId, before_seq: Number(lastSeq) - 10_000, limit: 50 })),
    );

    const queries = ['zyzzyva', 'deploy review', 'meeting', 'roadm', 'w123', 'quarterly meeting'];
    const search: number[] = [];
    const perQuery: string[] = [];
    for (const q of queries) {
      try {
        const xs = await timeCalls(
          Math.ceil(N / 6),
          () => must(user.rpc('search_messages', { workspace_id: workspaceId, query: q })),
          5,
        );
        search.push(...xs);
        perQuery.push(`| \`${q}\` | ${fmt(pct(xs, 50))} | ${fmt(pct(xs, 95))} | ${fmt(Math.max(...xs))} |`);
      } catch (err) {
        // A failing query (typically 57014, the statement timeout) is reported instead of aborting the run.
        search.push(Number.POSITIVE_INFINITY);
        perQuery.push(`| \`${q}\` | failed: ${String((err as Error).message).slice(0, 80)} | | |`);
      }
    }

    // RLS overhead: the same newest-page read of the table as the user (RLS) and as service role.
    const read = (c: typeof user) => () =>
      must(
        c
          .from('messages')
          .select('id,seq,body,author_id,created_at')
          .eq('channel_id', hotId)
          .order('seq', { ascending: false })
          .limit(50),
      );
    const asUser = await timeCalls(N, read(user));
    const asService = await timeCalls(N, read(service));

    // send_message: 8 concurrent clients for 10 s, each sending sequentially to its own channel.
    const channels = (
      await admin`select channel_id from public.channel_members where user_id = md5('u0')::uuid limit 8`
    ).map((r) => r.channel_id as string);
    const deadline = performance.now() + 10_000;
    let sent = 0;
    const t0 = performance.now();
    await Promise.all(
      channels.map(async (channelId) => {
        while (performance.now() < deadline) {
          await must(
            user.rpc('send_message', {
              channel_id: channelId,
              body: 'benchmark message',
              client_id: crypto.randomUUID(),
            }),
          );
          sent++;
        }
      }),
    );
    const rate = sent / ((performance.now() - t0) / 1000);

    console.log(`\n## db-scale (${TOTAL.toLocaleString()} messages, ${CHANNELS} channels, N=${N})\n`);
    console.log('| measurement | p50 | p99 | target |');
    console.log('| --- | --- | --- | --- |');
    console.log(`| fetch_messages newest page | ${fmt(pct(newest, 50))} | ${fmt(pct(newest, 99))} | p99 <= 10 ms |`);
    console.log(
      `| fetch_messages 10,000 back | ${fmt(pct(deep, 50))} | ${fmt(pct(deep, 99))} | <= 2x newest (ratio ${(pct(deep, 50) / pct(newest, 50)).toFixed(2)}) |`,
    );
    console.log(`| table read as user (RLS) | ${fmt(pct(asUser, 50))} | ${fmt(pct(asUser, 99))} | |`);
    console.log(
      `| same read as service role | ${fmt(pct(asService, 50))} | ${fmt(pct(asService, 99))} | RLS ratio ${(pct(asUser, 50) / pct(asService, 50)).toFixed(2)} (<= 1.3) |`,
    );
    console.log(
      `\nsearch_messages: p95 ${fmt(pct(search, 95))} (target <= 10 ms), max ${fmt(Math.max(...search))} (target <= 100 ms)\n`,
    );
    console.log('| query | p50 | p95 | max |');
    console.log('| --- | --- | --- | --- |');
    for (const l of perQuery) console.log(l);
    console.log(`\nsend_message, 8 concurrent clients: ${rate.toFixed(0)} messages/s (target >= 2,000)`);
  } finally {
    await admin.end();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
