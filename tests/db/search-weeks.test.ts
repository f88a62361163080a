import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, connect, createUsers } from './helpers.ts';
import { allSearchPages, putMessage } from './search-helpers.ts';

/**
 * search_messages() over the week-led text indexes: the sparse plan reads matches week by week,
 * newest first, widening over passes. Whatever weeks a search spans, its pages must hold every match
 * once, in order, with edits and deletions seen and unreadable channels left out.
 */
const sql = connect(4);
afterAll(() => sql.end());

const WEEK_MS = 7 * 86_400_000;
let owner: string;
let member: string;
let guest: string;
let ws: string;
let room: string;
let hidden: string;
let guestRoom: string;

const put = (channel: string, body: string, at: Date) => putMessage(sql, channel, owner, body, at);

const allPages = (user: string, query: string, sort: string, limit: number) =>
  allSearchPages(sql, ws, user, query, sort, limit, 300);

/** Every match of `q` the reader may see (channels in `except` left out), newest first. */
const reference = async (q: string, except: string[] = []) =>
  (
    await sql`select id from public.messages
      where workspace_id = ${ws} and channel_id <> all (${except}::uuid[]) and deleted_at is null
        and (search @@ websearch_to_tsquery('english', ${q}) or body ilike ${`%${q}%`})
      order by created_at desc, id desc`
  ).map((r) => r.id as string);

/** The start of the week (as private.message_week() counts them) `n` weeks before the current one. */
const weekStart = (n: number) => new Date((Math.floor(Date.now() / WEEK_MS) - n) * WEEK_MS);

beforeAll(async () => {
  [owner, member, guest] = await createUsers(sql, ['weeks-owner', 'weeks-member', 'weeks-guest']);
  [{ id: ws }] = await sql`insert into public.workspaces (slug, name)
    values (${`w-${owner.slice(0, 8)}`}, 'W') returning id`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role)
    values (${ws}, ${owner}, 'owner'), (${ws}, ${member}, 'member'), (${ws}, ${guest}, 'guest')`;
  [{ id: room }] = await sql`insert into public.channels (workspace_id, kind, name)
    values (${ws}, 'public', 'room') returning id`;
  [{ id: hidden }] = await sql`insert into public.channels (workspace_id, kind, name)
    values (${ws}, 'private', 'hidden') returning id`;
  [{ id: guestRoom }] = await sql`insert into public.channels (workspace_id, kind, name)
    values (${ws}, 'public', 'guest-room') returning id`;
  await sql`insert into public.channel_members (channel_id, user_id)
    values (${room}, ${owner}), (${hidden}, ${owner}), (${guestRoom}, ${owner}), (${guestRoom}, ${guest})`;
  // One message every 100 minutes for 4,000 messages (about 40 weeks): "cobalt" in 1 of 150 (in the
  // newest 500 too, so search_newest() samples a few and reads week by week), "cobalt glaze" in 1 of
  // 600, "umber" in 1 of 45 but none of the newest 600 (the first weeks read hold nothing). Copies in
  // the private channel and the guest's channel interleave with them in other weeks.
  await sql`insert into public.messages (channel_id, client_id, author_id, body, created_at)
    select case when i % 450 = 13 then ${hidden}::uuid when i % 450 = 163 then ${guestRoom}::uuid
             else ${room}::uuid end,
      gen_random_uuid(), ${owner},
      concat_ws(' ', 'row', i::text,
        case when i % 150 = 13 then 'cobalt' end,
        case when i % 600 = 163 then 'cobalt glaze' end,
        case when i >= 600 and i % 45 = 7 then 'umber' end),
      now() - make_interval(mins => 100 * i)
    from generate_series(0, 3999) i`;
  await sql`analyze public.messages`;
});

describe('private.message_week', () => {
  it('numbers weeks from the epoch in UTC, changing exactly at the boundary, whatever the session time zone', async () => {
    const boundary = weekStart(3);
    const expected = Math.floor(boundary.getTime() / WEEK_MS);
    const [r] = await sql.begin(async (tx) => {
      await tx`set local timezone = 'Pacific/Chatham'`;
      return tx`select private.message_week(${boundary}::timestamptz) as at,
          private.message_week(${boundary}::timestamptz - interval '1 microsecond') as before`;
    });
    expect(r.at).toBe(expected);
    expect(r.before).toBe(expected - 1);
  });
});

describe('search_messages across weeks', () => {
  it('newest first pages through every match in order, whatever page size cuts the weeks', async () => {
    for (const q of ['cobalt', 'umber', 'cobalt glaze']) {
      const expected = await reference(q);
      expect(expected.length).toBeGreaterThan(4);
      for (const limit of [1, 7, 100]) {
        expect((await allPages(owner, q, 'newest', limit)).map((h) => h.message_id)).toEqual(expected);
      }
    }
  });

  it('relevance returns every match once, ranked, the exact phrase above the lone word', async () => {
    const expected = await reference('cobalt glaze');
    const ranked = await allPages(owner, 'cobalt glaze', 'relevance', 3);
    expect(ranked.map((h) => h.message_id).sort()).toEqual([...expected].sort());
    const ranks = ranked.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // Within one rank, newest first, across week boundaries.
    const umber = await allPages(owner, 'umber', 'relevance', 9);
    expect(umber.map((h) => h.message_id)).toEqual(await reference('umber'));
  });

  it('orders matches on both sides of a week boundary, and equal times by id, across pages', async () => {
    const edge = weekStart(2).getTime();
    const at = (ms: number) => new Date(edge + ms);
    const ids = [
      await put(room, 'vermilion after', at(1)),
      await put(room, 'vermilion exactly', at(0)),
      await put(room, 'vermilion twin', at(-1)),
      await put(room, 'vermilion twin', at(-1)),
      await put(room, 'vermilion long before', at(-WEEK_MS - 1)),
    ];
    const expected = (
      await sql`select id from public.messages where id = any (${ids}::uuid[]) order by created_at desc, id desc`
    ).map((r) => r.id as string);
    expect((await allPages(owner, 'vermilion', 'newest', 1)).map((h) => h.message_id)).toEqual(expected);
    expect((await allPages(owner, 'vermilion', 'relevance', 2)).map((h) => h.message_id).sort()).toEqual(
      [...expected].sort(),
    );
  });

  it('leaves out the private channel for a non-member and everything outside a guest’s channels', async () => {
    const readable = await reference('cobalt', [hidden]);
    const inHidden = (await reference('cobalt')).filter((id) => !readable.includes(id));
    expect(inHidden.length).toBeGreaterThan(0);
    expect((await allPages(member, 'cobalt', 'newest', 4)).map((h) => h.message_id)).toEqual(readable);
    const memberRanked = (await allPages(member, 'cobalt', 'relevance', 50)).map((h) => h.message_id);
    expect(memberRanked.sort()).toEqual([...readable].sort());
    const guestSees = await reference('cobalt', [hidden, room]);
    expect(guestSees.length).toBeGreaterThan(0);
    expect((await allPages(guest, 'cobalt', 'newest', 3)).map((h) => h.message_id)).toEqual(guestSees);
  });

  it('finds an old message by the words of its edit, never by its old words, and no deleted message', async () => {
    const [{ id: old }] = await sql`select id from public.messages
      where channel_id = ${room} and body like '% umber%' order by created_at limit 1`;
    const [{ id: gone }] = await sql`select id from public.messages
      where channel_id = ${room} and body like '% umber%' order by created_at desc limit 1`;
    await asUser(sql, owner, (tx) => tx`select public.edit_message(${old}::uuid, 'turquoise notes, weeks ago')`);
    await asUser(sql, owner, (tx) => tx`select public.delete_message(${gone}::uuid)`);
    const umber = (await allPages(owner, 'umber', 'newest', 20)).map((h) => h.message_id);
    expect(umber).not.toContain(old);
    expect(umber).not.toContain(gone);
    expect(umber).toEqual(await reference('umber'));
    expect((await allPages(owner, 'turquoise', 'relevance', 20)).map((h) => h.message_id)).toEqual([old]);
  });
});

describe('private.search_newest week by week', () => {
  /** The function's answer for `q` in the room with k rows and a given statistics estimate. */
  const run = (q: string, k: number, estimate: number | null) =>
    sql`select id from private.search_newest(
          'x.workspace_id = $1 and x.deleted_at is null and x.channel_id = any ($5)', 'x.search @@ $2',
          'ts_rank_cd(x.search, $2)', ${k}, ${estimate}::real, ${ws}::uuid,
          websearch_to_tsquery('english', ${q}), null, null, ${[room]}::uuid[],
          null, null, null, null, '{}'::uuid[])`.then((rows) => rows.map((r) => r.id as string));

  it('returns the newest k matches in order for any k and estimate (passes that end mid-week or find none)', async () => {
    for (const q of ['cobalt', 'umber']) {
      const all = (
        await sql`select id from public.messages
          where channel_id = ${room} and deleted_at is null and search @@ websearch_to_tsquery('english', ${q})
          order by created_at desc, id desc`
      ).map((r) => r.id as string);
      for (const k of [1, 3, 10, 25, 200]) {
        for (const estimate of [null, 2, 1e9]) {
          expect({ q, k, estimate, ids: await run(q, k, estimate) }).toEqual({
            q,
            k,
            estimate,
            ids: all.slice(0, k),
          });
        }
      }
    }
  });

  it('answers the same from its cached-plan statements (searches without filters) as from dynamic SQL', async () => {
    // search_message_hits() builds `base` as below for a non-guest without filters (with or without
    // hidden channels); search_newest() then runs static statements with kept plans. Appending
    // ' and true' keeps the meaning and takes the dynamic statements instead.
    const WORD_RANK = 'greatest(ts_rank_cd(x.search, $2, 32), 1e-6)';
    const BONUS = ' + case when x.body ilike $3 then 0.05 else 0 end';
    const HIDE = ' and (x.channel_id in (select unnest($12::uuid[]))) is not true';
    const call = (base: string, rank: string, q: string, k: number, estimate: number | null, hide: string[]) =>
      sql`select id, created_at, rank from private.search_newest(
            ${base}, 'x.search @@ $2', ${rank}, ${k}, ${estimate}::real, ${ws}::uuid,
            websearch_to_tsquery('english', ${q}), ${rank.includes('ilike') ? `%${q}%` : null},
            null, null, null, null, null, null, ${hide}::uuid[])`.then((rows) => rows.map((r) => `${r.id} ${r.rank}`));
    const plain = 'x.workspace_id = $1 and x.deleted_at is null';
    let compared = 0;
    // cobalt: sampled, then the newest weeks or a walk; umber: no match in the newest weeks; row: in
    // every message (a walk); cobalt glaze: rare (the capped probe).
    for (const q of ['cobalt', 'umber', 'row', 'cobalt glaze']) {
      for (const [base, hide] of [
        [plain, []],
        [plain + HIDE, [hidden]],
      ] as const) {
        for (const rank of [WORD_RANK, WORD_RANK + BONUS]) {
          for (const k of [1, 3, 25, 200]) {
            for (const estimate of [null, 2, 1e9]) {
              const cached = await call(base, rank, q, k, estimate, [...hide]);
              const dynamic = await call(`${base} and true`, rank, q, k, estimate, [...hide]);
              expect({ q, hide, rank, k, estimate, rows: cached }).toEqual({
                q,
                hide,
                rank,
                k,
                estimate,
                rows: dynamic,
              });
              compared += cached.length;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
