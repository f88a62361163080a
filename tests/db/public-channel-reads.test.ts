import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, connect, createUsers } from './helpers.ts';

/**
 * Reading messages of channels one has not joined: the messages policy decides "public channel of a
 * workspace where the caller is staff" from messages.in_public_channel, a copy of the channel's kind
 * made by the insert trigger. These tests pin who may read such messages (table, fetch_messages,
 * search) and that the copy cannot be forged or go stale.
 */
const sql = connect(4);
let owner: string;
let reader: string;
let guest: string;
let leaver: string;
let sleeper: string;
let outsider: string;
let ws: string;
let pub: string;
let priv: string;
let dm: string;
const word = `word${randomUUID().slice(0, 8).replace(/-/g, '')}`;
const ids: Record<'pub' | 'priv' | 'dm', string> = { pub: '', priv: '', dm: '' };

const send = (userId: string, channel: string, body: string) =>
  asUser(sql, userId, async (tx) => {
    const [m] =
      await tx`select id, in_public_channel from public.send_message(${channel}::uuid, ${body}, ${randomUUID()}::uuid)`;
    return m as { id: string; in_public_channel: boolean };
  });

const visible = (userId: string, id: string) =>
  asUser(sql, userId, async (tx) => (await tx`select id from public.messages where id = ${id}`).length === 1);

beforeAll(async () => {
  [owner, reader, guest, leaver, sleeper, outsider] = await createUsers(sql, [
    'owner',
    'reader',
    'guest',
    'leaver',
    'sleeper',
    'outsider',
  ]);
  [{ id: ws }] =
    await sql`insert into public.workspaces (slug, name) values (${`pub-${randomUUID().slice(0, 8)}`}, 'P') returning id`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values
    (${ws}, ${owner}, 'owner'), (${ws}, ${reader}, 'member'), (${ws}, ${guest}, 'guest'),
    (${ws}, ${leaver}, 'member'), (${ws}, ${sleeper}, 'member')`;
  [{ id: pub }] =
    await sql`insert into public.channels (workspace_id, kind, name) values (${ws}, 'public', 'open') returning id`;
  [{ id: priv }] =
    await sql`insert into public.channels (workspace_id, kind, name) values (${ws}, 'private', 'closed') returning id`;
  [{ id: dm }] = await sql`insert into public.channels (workspace_id, kind, dm_key)
    values (${ws}, 'dm', ${[owner, leaver].sort().join(',')}) returning id`;
  // Only the owner is in the public and private channels; the DM is owner + leaver.
  await sql`insert into public.channel_members (channel_id, user_id) values
    (${pub}, ${owner}), (${priv}, ${owner}), (${dm}, ${owner}), (${dm}, ${leaver})`;
  ids.pub = (await send(owner, pub, `public ${word}`)).id;
  ids.priv = (await send(owner, priv, `private ${word}`)).id;
  ids.dm = (await send(owner, dm, `direct ${word}`)).id;
  // The leaver leaves the workspace, the sleeper is deactivated: both keep a valid token.
  await sql`delete from public.workspace_members where workspace_id = ${ws} and user_id = ${leaver}`;
  await sql`update public.workspace_members set deactivated_at = now() where workspace_id = ${ws} and user_id = ${sleeper}`;
});
afterAll(() => sql.end());

describe('messages of channels the reader has not joined', () => {
  it('the insert trigger copies the channel kind into in_public_channel', async () => {
    const rows =
      await sql`select id, in_public_channel from public.messages where id in ${sql([ids.pub, ids.priv, ids.dm])}`;
    const flag = Object.fromEntries(rows.map((r) => [r.id, r.in_public_channel]));
    expect(flag).toEqual({ [ids.pub]: true, [ids.priv]: false, [ids.dm]: false });
  });

  it('a workspace member who never joined reads the public channel only', async () => {
    expect(await visible(reader, ids.pub)).toBe(true);
    expect(await visible(reader, ids.priv)).toBe(false);
    expect(await visible(reader, ids.dm)).toBe(false);
    const page = await asUser(sql, reader, (tx) => tx`select id from public.fetch_messages(${pub}::uuid)`);
    expect(page.map((r) => r.id)).toEqual([ids.pub]);
    const hits = await asUser(
      sql,
      reader,
      (tx) => tx`select message_id from public.search_messages(${ws}::uuid, ${word})`,
    );
    expect(hits.map((r) => r.message_id)).toEqual([ids.pub]);
  });

  it('guests, removed and deactivated members and outsiders read none of them', async () => {
    for (const who of [guest, leaver, sleeper, outsider]) {
      for (const id of Object.values(ids)) expect(await visible(who, id), `${who} ${id}`).toBe(false);
    }
  });

  it('clients can neither set nor change in_public_channel', async () => {
    // No column grant: an insert naming it, or an update of it, is refused outright.
    await expect(
      asUser(
        sql,
        owner,
        (tx) => tx`insert into public.messages (channel_id, client_id, body, in_public_channel)
          values (${priv}, ${randomUUID()}, 'leak?', true)`,
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(
      asUser(sql, owner, (tx) => tx`update public.messages set in_public_channel = true where id = ${ids.priv}`),
    ).rejects.toMatchObject({ code: '42501' });
    // Even an update with every privilege (service role, SQL) keeps the copy.
    await sql`update public.messages set in_public_channel = true where id = ${ids.priv}`;
    const [{ in_public_channel }] = await sql`select in_public_channel from public.messages where id = ${ids.priv}`;
    expect(in_public_channel).toBe(false);
    expect(await visible(reader, ids.priv)).toBe(false);
  });

  it('a channel kind never changes, so the copy cannot go stale', async () => {
    await expect(sql`update public.channels set kind = 'public' where id = ${priv}`).rejects.toMatchObject({
      code: 'PT409',
    });
    const [{ kind }] = await sql`select kind from public.channels where id = ${priv}`;
    expect(kind).toBe('private');
  });
});
