/**
 * The db-scale dataset: a generated workspace of BENCH_MESSAGES messages that the benchmark can keep
 * between runs. A fingerprint of the migrations, this generator and the size is stored as the
 * database's comment; a later run with BENCH_REUSE=1 skips generation when it still matches.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type postgres from 'postgres';

export const CHANNELS = 2000;
export const USERS = 2500;
/** Channel memberships per user: 2,500 x 20 = 50,000. */
export const PER_USER = 20;
export const BENCH_EMAIL = 'bench@example.com';
export const BENCH_PASSWORD = 'password123';
/** Body text of the messages the send phase writes; they are removed again after the run. */
export const SENT_BODY = 'benchmark message';

export interface Dataset {
  workspaceId: string;
  /** The channel with `hot` messages that the fetch measurements page through. */
  hotId: string;
  userId: string;
}

/** What makes a stored dataset reusable: the schema, this generator and the size. */
export function fingerprint(root: string, total: number): string {
  const h = createHash('sha256');
  const dir = path.join(root, 'supabase', 'migrations');
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(path.join(dir, f)));
  h.update(readFileSync(import.meta.filename)).update(String(total));
  return `db-scale ${h.digest('hex').slice(0, 16)}`;
}

export async function storedFingerprint(sql: postgres.Sql): Promise<string | null> {
  const [row] =
    await sql`select shobj_description(oid, 'pg_database') as c from pg_database where datname = current_database()`;
  return (row?.c as string | null) ?? null;
}

export async function datasetIds(sql: postgres.Sql): Promise<Dataset> {
  const [r] = await sql`select md5('ws')::uuid as ws, md5('c0')::uuid as hot, md5('u0')::uuid as u`;
  return { workspaceId: r.ws, hotId: r.hot, userId: r.u };
}

/**
 * Generates the dataset in one transaction. Messages are bulk-loaded without row triggers (seqs are
 * assigned here, gap-free) and with the secondary indexes of messages dropped and rebuilt afterwards
 * (building a GIN index once is much faster than 1M incremental inserts); the definitions are read
 * from the catalog, so the rebuilt indexes are exactly the migrations' ones.
 */
export async function generate(sql: postgres.Sql, total: number, fp: string): Promise<void> {
  const hot = Math.min(30_000, Math.floor(total / 4));
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`set local maintenance_work_mem = '512MB'`;
    await tx`truncate public.workspaces cascade`;
    await tx`delete from auth.users where email = ${BENCH_EMAIL} or email like '%@bench.example'`;
    await tx`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      select '00000000-0000-0000-0000-000000000000', md5('u' || i)::uuid, 'authenticated', 'authenticated',
        case when i = 0 then ${BENCH_EMAIL} else 'user' || i || '@bench.example' end,
        case when i = 0 then extensions.crypt(${BENCH_PASSWORD}, extensions.gen_salt('bf', 4)) end, now(),
        '{"provider":"email","providers":["email"]}', '{}', now(), now()
      from generate_series(0, ${USERS - 1}) i`;
    await tx`insert into public.profiles (id, display_name)
             select md5('u' || i)::uuid, 'User ' || i from generate_series(0, ${USERS - 1}) i
             on conflict (id) do nothing`;
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

    const indexes = await tx<{ name: string; def: string }[]>`
      select c.relname as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = 'public.messages'::regclass
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`;
    for (const ix of indexes) await tx.unsafe(`drop index public."${ix.name}"`);
    // Bodies: words from a 5,000-word vocabulary, "meeting" in ~1 in 5 messages (common),
    // "deploy review" in ~1 in 200 (two-term), "zyzzyva" in ~1 in 100,000 (rare).
    // Times: spread evenly over the past year (about one message every 30 s in the workspace), in
    // seq order within each channel; the hot channel's messages spread over the same year.
    const rest = total - hot;
    await tx`
      insert into public.messages (workspace_id, channel_id, seq, author_id, client_id, body, created_at, in_public_channel)
      select md5('ws')::uuid, md5('c' || ch)::uuid, s, md5('u' || ((ch * 7 + s) % ${USERS}))::uuid, gen_random_uuid(),
        concat_ws(' ', 'w' || (hashint % 5000), 'w' || ((hashint / 5000) % 5000), 'w' || ((hashint / 7) % 5000),
          case when hashint % 5 = 0 then 'meeting' end,
          case when hashint % 200 = 1 then 'deploy review' end,
          case when hashint % 100000 = 3 then 'zyzzyva' end,
          'notes about the quarterly roadmap'),
        now() - interval '365 days' * age,
        true -- every channel here is public (the insert trigger, which sets it, is off)
      from (
        select ch, s, age, abs(hashtext(ch || ':' || s)) as hashint
        from (
          select 0 as ch, s, (${hot} - s)::float8 / ${hot} as age from generate_series(1, ${hot}) s
          union all
          select 1 + (n % ${CHANNELS - 1}), 1 + n / ${CHANNELS - 1}, (${rest} - n)::float8 / ${rest}
          from generate_series(0, ${rest - 1}) n
        ) x
      ) y`;
    for (const ix of indexes) await tx.unsafe(ix.def);
    await tx`update public.channels c set last_seq = m.max_seq
             from (select channel_id, max(seq) as max_seq from public.messages group by channel_id) m
             where m.channel_id = c.id`;
    await tx.unsafe(`comment on database "${(await tx`select current_database() as d`)[0].d}" is '${fp}'`);
  });
  await sql`vacuum analyze`;
}

/**
 * Removes what the send phase wrote (messages, their broadcasts) and rewinds the channels' last_seq,
 * so a reused dataset stays the generated one.
 */
export async function removeSent(sql: postgres.Sql, since: Date): Promise<number> {
  const removed = await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    const gone =
      await tx`delete from public.messages where body = ${SENT_BODY} and created_at >= ${since} returning channel_id`;
    const channels = [...new Set(gone.map((r) => r.channel_id as string))];
    await tx`update public.channels c
             set last_seq = coalesce((select max(m.seq) from public.messages m where m.channel_id = c.id), 0)
             where c.id = any (${channels}::uuid[])`;
    await tx`delete from realtime.messages where inserted_at >= ${since}`;
    // The sends' text-index entries wait in the GIN pending lists, which every later search reads
    // through until (auto)vacuum merges them: merge them now, so a reused dataset searches as generated.
    await tx`select gin_clean_pending_list(i.indexrelid)
             from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
             where i.indrelid = 'public.messages'::regclass and a.amname = 'gin'`;
    return gone.length;
  });
  // The deleted rows sit at the newest end of every index until vacuum: without it, newest-first
  // scans (search's sample, the dense path) of the next reusing run step over tens of thousands of
  // dead entries the generated dataset never had.
  await sql`vacuum public.messages, realtime.messages`;
  return removed;
}
