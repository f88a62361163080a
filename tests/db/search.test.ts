import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createUsers } from './helpers.ts';
import { allSearchPages, putMessage } from './search-helpers.ts';

/**
 * search_messages() result order and paging: word matches (ranked) before substring-only matches,
 * newest-first keyset pages that return every match once, matches found however old they are (the
 * recency-first time slices must widen until they hold them), and nothing from unreadable channels.
 */
const sql = connect(4);
afterAll(() => sql.end());

let reader: string;
let outsider: string;
let guest: string;
let ws: string;
let room: string;
let secret: string;
const days = (n: number) => new Date(Date.now() - n * 86_400_000);

const put = (channel: string, body: string, at: Date) => putMessage(sql, channel, reader, body, at);

const allPages = (user: string, query: string, sort: string, limit: number) =>
  allSearchPages(sql, ws, user, query, sort, limit, 50);

beforeAll(async () => {
  [reader, outsider, guest] = await createUsers(sql, ['search-reader', 'search-outsider', 'search-guest']);
  [{ id: ws }] = await sql`insert into public.workspaces (slug, name)
    values (${`s-${reader.slice(0, 8)}`}, 'S') returning id`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role)
    values (${ws}, ${reader}, 'owner'), (${ws}, ${outsider}, 'member'), (${ws}, ${guest}, 'guest')`;
  [{ id: room }] = await sql`insert into public.channels (workspace_id, kind, name)
    values (${ws}, 'public', 'room') returning id`;
  [{ id: secret }] = await sql`insert into public.channels (workspace_id, kind, name)
    values (${ws}, 'private', 'secret') returning id`;
  await sql`insert into public.channel_members (channel_id, user_id) values (${room}, ${reader}), (${secret}, ${reader})`;
});

describe('search_messages order and paging', () => {
  it('lists word matches by rank first, then substring-only matches newest first, each once across pages', async () => {
    const words = [
      await put(room, 'deploy tonight', days(3)),
      await put(room, 'we deploy and deploy again', days(2)),
      await put(room, 'the deploy went fine', days(400)),
    ];
    const substringOnly = [await put(room, 'redeployment planned', days(1)), await put(room, 'redeployments', days(5))];
    const hits = await allPages(reader, 'deploy', 'relevance', 2);
    expect(hits).toHaveLength(5);
    expect(new Set(hits.map((h) => h.message_id)).size).toBe(5);
    expect(new Set(hits.slice(0, 3).map((h) => h.message_id))).toEqual(new Set(words));
    expect(hits.slice(0, 3).every((h) => h.rank > 0)).toBe(true);
    // Substring-only matches come last, rank 0, newest first.
    expect(hits.slice(3).map((h) => h.message_id)).toEqual(substringOnly);
    expect(hits.slice(3).every((h) => h.rank === 0)).toBe(true);
    // The repeated word ranks highest.
    expect(hits[0].message_id).toBe(words[1]);
  });

  it('newest first pages through every match in created_at order, from minutes to years old', async () => {
    const ages = [0.01, 0.02, 0.2, 0.9, 1.5, 3, 8, 20, 45, 90, 200, 380, 800, 1500, 4000];
    const ids: string[] = [];
    for (const [i, age] of ages.entries()) ids.push(await put(room, `quasar sighting number ${i}`, days(age)));
    await put(room, 'unrelated chatter', days(0.5));
    const hits = await allPages(reader, 'quasar', 'newest', 4);
    expect(hits.map((h) => h.message_id)).toEqual(ids);
    const ranked = await allPages(reader, 'quasar', 'relevance', 4);
    expect(new Set(ranked.map((h) => h.message_id))).toEqual(new Set(ids));
  });

  it('finds a lone match years old, and substring matches of a fragment, in newest order', async () => {
    const old = await put(room, 'the zeppelin manifest', days(3000));
    expect((await allPages(reader, 'zeppelin', 'relevance', 20)).map((h) => h.message_id)).toEqual([old]);
    const frag = [await put(room, 'xylograph-42 build', days(0.3)), await put(room, 'see xylograph-41', days(30))];
    expect((await allPages(reader, 'xylograph', 'newest', 1)).map((h) => h.message_id)).toEqual(frag);
  });

  it('never returns matches from channels the caller cannot read', async () => {
    const hidden = await put(secret, 'nebula secret plans', days(0.1));
    const open = await put(room, 'nebula open plans', days(0.2));
    expect((await allPages(reader, 'nebula', 'newest', 20)).map((h) => h.message_id)).toEqual([hidden, open]);
    expect((await allPages(outsider, 'nebula', 'newest', 20)).map((h) => h.message_id)).toEqual([open]);
    expect((await allPages(outsider, 'nebula', 'relevance', 20)).map((h) => h.message_id)).toEqual([open]);
    // A guest reads only the channels they were added to, public or not.
    expect(await allPages(guest, 'nebula', 'newest', 20)).toEqual([]);
    await sql`insert into public.channel_members (channel_id, user_id) values (${secret}, ${guest})`;
    expect((await allPages(guest, 'nebula', 'newest', 20)).map((h) => h.message_id)).toEqual([hidden]);
  });
});

describe('search_messages with two terms', () => {
  let pairs: string;
  const hidden: string[] = [];
  beforeAll(async () => {
    [{ id: pairs }] = await sql`insert into public.channels (workspace_id, kind, name)
      values (${ws}, 'public', 'pairs') returning id`;
    // One message every 2 hours for 1,600 messages; in all but the newest 500: "ochre tundra" together
    // in 1 of 40, each word alone in 1 of 7 and 1 of 11 (both only where those meet), the two words
    // far apart in 1 of 97. The newest 500 holding none makes search_newest() size its time slice
    // without a match in its sample.
    await sql`insert into public.messages (channel_id, client_id, author_id, body, created_at)
      select ${pairs}, gen_random_uuid(), ${reader},
        concat_ws(' ', 'pair', i::text,
          case when i >= 500 and i % 40 = 3 then 'ochre tundra' end,
          case when i >= 500 and i % 7 = 1 then 'ochre' end,
          case when i >= 500 and i % 11 = 2 then 'tundra' end,
          case when i >= 500 and i % 97 = 5 then 'tundra is far from the ochre' end),
        now() - make_interval(hours => 2 * i)
      from generate_series(0, 1599) i`;
    // Both words in the private channel too, newer than all of the above: only its members see them.
    for (const age of [0.001, 0.002, 0.003])
      hidden.push(await put(secret, `ochre tundra in private ${age}`, days(age)));
    await sql`analyze public.messages`;
  });

  /** Every match in the workspace, newest first, leaving out the channels in `except`. */
  const reference = async (q: string, except: string[] = []) =>
    (
      await sql`select id from public.messages
        where workspace_id = ${ws} and channel_id <> all (${except}::uuid[]) and deleted_at is null
          and (search @@ websearch_to_tsquery('english', ${q}) or body ilike ${`%${q}%`})
        order by created_at desc, id desc`
    ).map((r) => r.id as string);

  it('newest first returns exactly the messages holding both words, in order, across pages', async () => {
    const both = await reference('ochre tundra');
    expect(both.length).toBeGreaterThan(40);
    expect((await allPages(reader, 'ochre tundra', 'newest', 7)).map((h) => h.message_id)).toEqual(both);
  });

  it('relevance ranks every two-word match once, the adjacent pair above the words far apart', async () => {
    const ranked = await allPages(reader, 'ochre tundra in:#pairs', 'relevance', 9);
    const expected = await reference('ochre tundra', [secret]);
    expect(ranked.map((h) => h.message_id).sort()).toEqual([...expected].sort());
    expect(ranked.every((h) => h.rank > 0)).toBe(true);
    const ranks = ranked.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    // "ochre tundra" as typed (and adjacent) ranks above "tundra is far from the ochre".
    const [{ id: far }] = await sql`select id from public.messages
      where channel_id = ${pairs} and body like '%tundra is far from the ochre%' order by created_at desc limit 1`;
    const [{ id: near }] = await sql`select id from public.messages
      where channel_id = ${pairs} and body like '%ochre tundra%' order by created_at desc limit 1`;
    const rankOf = (id: string) => ranked.find((h) => h.message_id === id)?.rank ?? Number.NaN;
    expect(rankOf(near)).toBeGreaterThan(rankOf(far));
  });

  it('leaves out two-word matches in channels the caller cannot read', async () => {
    const readerHits = (await allPages(reader, 'ochre tundra', 'relevance', 50)).map((h) => h.message_id);
    for (const id of hidden) expect(readerHits).toContain(id);
    const outsiderHits = (await allPages(outsider, 'ochre tundra', 'relevance', 50)).map((h) => h.message_id);
    expect(outsiderHits.length).toBeGreaterThan(0);
    for (const id of hidden) expect(outsiderHits).not.toContain(id);
    const outsiderNewest = (await allPages(outsider, 'ochre tundra', 'newest', 13)).map((h) => h.message_id);
    expect(outsiderNewest).toEqual(await reference('ochre tundra', [secret]));
  });

  it('finds the same newest matches when the statistics say the query is common (no probe) or rare', async () => {
    // search_newest() skips its probe when `estimate` is far above k; the answer must not change.
    const run = (estimate: number | null) =>
      sql`select id from private.search_newest(
            'x.workspace_id = $1 and x.deleted_at is null and x.channel_id = any ($5)', 'x.search @@ $2',
            'ts_rank_cd(x.search, $2)', 30, ${estimate}::real, ${ws}::uuid,
            websearch_to_tsquery('english', 'ochre tundra'), null, null, ${[pairs]}::uuid[],
            null, null, null, null, '{}'::uuid[])`.then((rows) => rows.map((r) => r.id as string));
    const expected = (await reference('ochre tundra', [secret])).slice(0, 30);
    expect(await run(null)).toEqual(expected);
    expect(await run(1e9)).toEqual(expected);
    expect(await run(5)).toEqual(expected);
  });
});

describe('search_messages at a few thousand messages (the recency-first plan paths)', () => {
  let big: string;
  beforeAll(async () => {
    [{ id: big }] = await sql`insert into public.channels (workspace_id, kind, name)
      values (${ws}, 'public', 'big') returning id`;
    // One message an hour for 3,000 hours: "densely" in 1 of 5 (walked in time order), "sparsely"
    // in 1 of 250 (a time slice that must widen), "hermit" once, 2,990 hours ago (the rare probe).
    await sql`insert into public.messages (channel_id, client_id, author_id, body, created_at)
      select ${big}, gen_random_uuid(), ${reader},
        concat_ws(' ', 'filler', i::text,
          case when i % 5 = 0 then 'densely' end,
          case when i % 250 = 7 then 'sparsely' end,
          case when i = 2990 then 'hermit' end),
        now() - make_interval(hours => i)
      from generate_series(0, 2999) i`;
  });

  const reference = async (q: string) =>
    (
      await sql`select id from public.messages
        where channel_id = ${big} and deleted_at is null
          and (search @@ websearch_to_tsquery('english', ${q}) or body ilike ${`%${q}%`})
        order by created_at desc, id desc`
    ).map((r) => r.id as string);

  for (const q of ['densely', 'sparsely', 'hermit']) {
    it(`newest first returns exactly the matches of "${q}" in order, across pages`, async () => {
      const expected = await reference(q);
      expect(expected.length).toBeGreaterThan(0);
      expect((await allPages(reader, `${q} in:#big`, 'newest', 20)).map((h) => h.message_id)).toEqual(expected);
    });
  }

  it('relevance walks the newest 200 word matches of a common word, and all of a sparse one', async () => {
    const dense = await reference('densely');
    const ranked = await allPages(reader, 'densely in:#big', 'relevance', 50);
    expect(ranked).toHaveLength(200);
    expect(new Set(ranked.map((h) => h.message_id))).toEqual(new Set(dense.slice(0, 200)));
    const sparse = await allPages(reader, 'sparsely in:#big', 'relevance', 5);
    expect(new Set(sparse.map((h) => h.message_id))).toEqual(new Set(await reference('sparsely')));
  });
});
