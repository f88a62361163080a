import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, connect, createUsers } from './helpers.ts';

/**
 * messages.updated_at and fetch_message_changes(): the catch-up of edits, deletes, thread counters
 * and reactions for a client that missed their broadcasts.
 */
const sql = connect(4);
let a: string;
let b: string;
let ch: string;

type Row = { id: string; updated_at: Date; body: string; deleted_at: Date | null; reply_count: number };
/** A changes row with its cursor as text (sent as text too): a JS Date drops the microseconds and would repeat rows. */
type Change = Row & { cursor: string };

const send = (userId: string, body: string, parent: string | null = null) =>
  asUser(sql, userId, async (tx) => {
    const [m] = await tx`select * from public.send_message(channel_id => ${ch}::uuid, body => ${body},
      client_id => ${randomUUID()}::uuid, parent_id => ${parent}::uuid)`;
    return m as Row;
  });

const changes = (userId: string, since: string, afterId: string | null = null, limit = 100) =>
  asUser(
    sql,
    userId,
    (tx) =>
      tx`select c.*, c.updated_at::text as cursor
        from public.fetch_message_changes(${ch}::uuid, ${since}::text::timestamptz, ${afterId}::uuid, ${limit}) c` as Promise<
        Change[]
      >,
  );

const updatedAt = async (id: string) =>
  ((await sql`select updated_at from public.messages where id = ${id}`)[0] as { updated_at: Date }).updated_at;
const cursorOf = async (id: string) =>
  ((await sql`select updated_at::text as c from public.messages where id = ${id}`)[0] as { c: string }).c;

beforeAll(async () => {
  [a, b] = await createUsers(sql, ['changer', 'watcher']);
  const [{ id: ws }] =
    await sql`insert into public.workspaces (slug, name) values (${`chg-${randomUUID().slice(0, 8)}`}, 'C') returning id`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${ws}, ${a}, 'owner'), (${ws}, ${b}, 'member')`;
  [{ id: ch }] =
    await sql`insert into public.channels (workspace_id, kind, name) values (${ws}, 'public', 'room') returning id`;
  await sql`insert into public.channel_members (channel_id, user_id) values (${ch}, ${a}), (${ch}, ${b})`;
});
afterAll(() => sql.end());

describe('messages.updated_at', () => {
  it('moves on edit, delete, a thread reply and a reaction, and clients cannot set it', async () => {
    const m = await send(a, 'first');
    let last = await updatedAt(m.id);

    const moved = async (what: string, change: () => Promise<unknown>) => {
      await change();
      const now = await updatedAt(m.id);
      expect(now.getTime(), what).toBeGreaterThanOrEqual(last.getTime());
      expect(now, what).not.toEqual(last);
      last = now;
    };
    await moved('edit', () => asUser(sql, a, (tx) => tx`select public.edit_message(${m.id}::uuid, 'edited')`));
    await moved('reply', () => send(b, 'a reply', m.id));
    await moved('reaction added', () =>
      asUser(sql, b, (tx) => tx`select public.toggle_reaction(${m.id}::uuid, 'tada')`),
    );
    await moved('reaction removed', () =>
      asUser(sql, b, (tx) => tx`select public.toggle_reaction(${m.id}::uuid, 'tada')`),
    );
    await moved('delete', () => asUser(sql, a, (tx) => tx`select public.delete_message(${m.id}::uuid)`));

    // No column grant on updated_at: a direct update is refused outright.
    await expect(
      asUser(sql, a, (tx) => tx`update public.messages set updated_at = '2000-01-01' where id = ${m.id}`),
    ).rejects.toMatchObject({ code: '42501' });
  });
});

describe('broadcasts', () => {
  it('a reaction broadcasts only reaction_added / reaction_removed, not a message event', async () => {
    const m = await send(a, 'react to me');
    const events = () =>
      sql<{ event: string }[]>`select event from realtime.messages
        where topic = ${`channel:${ch}`} and payload -> 'reaction' ->> 'message_id' = ${m.id}
           or topic = ${`channel:${ch}`} and payload -> 'message' ->> 'id' = ${m.id}
        order by inserted_at`;
    const before = (await events()).map((e) => e.event);
    expect(before).toEqual(['message_created']);
    await asUser(sql, b, (tx) => tx`select public.toggle_reaction(${m.id}::uuid, 'fire')`);
    await asUser(sql, b, (tx) => tx`select public.toggle_reaction(${m.id}::uuid, 'fire')`);
    expect((await events()).map((e) => e.event)).toEqual(['message_created', 'reaction_added', 'reaction_removed']);
  });
});

describe('fetch_message_changes', () => {
  it('returns what changed after a cursor, thread replies included, oldest change first', async () => {
    const root = await send(a, 'root');
    const untouched = await send(a, 'untouched');
    const cursor = await cursorOf(untouched.id);
    await new Promise((r) => setTimeout(r, 5));
    await asUser(sql, a, (tx) => tx`select public.edit_message(${root.id}::uuid, 'root, edited')`);
    const reply = await send(b, 'reply', root.id);
    await asUser(sql, b, (tx) => tx`select public.toggle_reaction(${untouched.id}::uuid, 'eyes')`);

    const rows = await changes(b, cursor, untouched.id);
    const ids = rows.map((r) => r.id);
    // root: edit then reply count (one row, its latest state); reply: inserted; untouched: reacted.
    expect(new Set(ids)).toEqual(new Set([root.id, reply.id, untouched.id]));
    expect(ids.length).toBe(3);
    const sorted = [...rows].sort((x, y) => x.updated_at.getTime() - y.updated_at.getTime());
    expect(rows).toEqual(sorted);
    const rootRow = rows.find((r) => r.id === root.id);
    expect(rootRow).toMatchObject({ body: 'root, edited', reply_count: 1 });
    // Nothing after the last change.
    const lastRow = rows[rows.length - 1];
    expect(await changes(b, lastRow.cursor, lastRow.id)).toEqual([]);
  });

  it('pages by keyset without skipping or repeating a row', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 7; i++) await send(a, `page ${i}`);
    const all = await changes(b, start, null, 200);
    const seen: string[] = [];
    let cursor: Change | null = null;
    for (;;) {
      const page: Change[] = cursor ? await changes(b, cursor.cursor, cursor.id, 3) : await changes(b, start, null, 3);
      seen.push(...page.map((r) => r.id));
      if (page.length < 3) break;
      cursor = page[page.length - 1];
    }
    expect(seen).toEqual(all.map((r) => r.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('shows nothing to someone who cannot read the channel', async () => {
    const [outsider] = await createUsers(sql, ['outsider']);
    await expect(changes(outsider, '2000-01-01')).rejects.toMatchObject({
      code: 'PT404',
      message: 'Channel not found',
    });
  });
});
