import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture } from './fixture.ts';
import { attempt, classify, connect, type Outcome, pgCode, type Tx } from './helpers.ts';

/**
 * Bad input to every client RPC (test-matrix.md section (b)): each case must fail with a clear,
 * stable SQLSTATE and message, and change nothing. Ids that exist but are invisible get exactly the
 * same answer as random ids (no existence oracle).
 */
const sql = connect(4);
let f: Fixture;
let archived: string;
let expiredToken: string;
let revokedToken: string;
let usedToken: string;
let emailToken: string;

const hex = () =>
  Buffer.from(randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', '').slice(0, 16))
    .toString('hex')
    .slice(0, 48);

beforeAll(async () => {
  f = await buildFixture(sql);
  [{ id: archived }] = await sql`insert into public.channels (workspace_id, kind, name, archived_at, created_by)
    values (${f.w1}, 'public', 'old-stuff', now(), ${f.user.own}) returning id`;
  await sql`insert into public.channel_members (channel_id, user_id) values (${archived}, ${f.user.mem})`;
  const invite = async (extra: string) => {
    const token = hex();
    await sql.unsafe(
      `insert into public.workspace_invites (workspace_id, token_hash, role, expires_at, max_uses, use_count, revoked_at, email, created_by)
       select $1, extensions.digest($2, 'sha256'), 'member', ${extra}, $3`,
      [f.w1, token, f.user.own],
    );
    return token;
  };
  expiredToken = await invite(`now() - interval '1 hour', 1, 0, null, null`);
  revokedToken = await invite(`now() + interval '1 day', 1, 0, now(), null`);
  usedToken = await invite(`now() + interval '1 day', 1, 1, null, null`);
  emailToken = await invite(`now() + interval '1 day', 1, 0, null, 'someone-else@example.com'`);
});
afterAll(() => sql.end());

interface Case {
  name: string;
  as: keyof Fixture['user'];
  call: (tx: Tx) => Promise<unknown>;
  expect: Outcome;
  message?: RegExp;
}

async function outcome(c: Case): Promise<{ outcome: Outcome; message: string }> {
  try {
    await attempt(sql, f.user[c.as], c.call);
    return { outcome: 'rows', message: '' };
  } catch (err) {
    return { outcome: classify(pgCode(err)), message: (err as Error).message };
  }
}

const cases = (): Case[] => [
  // send_message
  {
    name: 'send: empty body',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${f.c1}::uuid, '', ${randomUUID()}::uuid)`,
    expect: 'invalid',
    message: /^Message body cannot be empty$/,
  },
  {
    name: 'send: whitespace-only body',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${f.c1}::uuid, ${' \n\t '}, ${randomUUID()}::uuid)`,
    expect: 'invalid',
    message: /cannot be empty/,
  },
  {
    name: 'send: 40,001 characters',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${f.c1}::uuid, ${'x'.repeat(40_001)}, ${randomUUID()}::uuid)`,
    expect: 'invalid',
    message: /^Message is too long \(max 40000 characters\)$/,
  },
  {
    name: 'send: NUL byte',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${f.c1}::uuid, ${'a\u0000b'}, ${randomUUID()}::uuid)`,
    expect: 'invalid',
  },
  {
    name: 'send: no client_id',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${f.c1}::uuid, 'hi', null)`,
    expect: 'invalid',
    message: /client_id is required/,
  },
  {
    name: 'send: malformed channel id',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${'1 OR 1=1'}::uuid, 'hi', ${randomUUID()}::uuid)`,
    expect: 'invalid',
  },
  {
    name: 'send: channel of another workspace',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${f.c1w2}::uuid, 'hi', ${randomUUID()}::uuid)`,
    expect: 'notfound',
    message: /^Channel not found$/,
  },
  {
    name: 'send: random channel id',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${randomUUID()}::uuid, 'hi', ${randomUUID()}::uuid)`,
    expect: 'notfound',
    message: /^Channel not found$/,
  },
  {
    name: 'send: private channel the sender is not in',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${f.p1}::uuid, 'hi', ${randomUUID()}::uuid)`,
    expect: 'notfound',
    message: /^Channel not found$/,
  },
  {
    name: 'send: parent from another channel',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${f.c1}::uuid, 'hi', ${randomUUID()}::uuid, ${f.mD1}::uuid)`,
    expect: 'notfound',
    message: /^Thread not found$/,
  },
  {
    name: 'send: parent from another workspace',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${f.c1}::uuid, 'hi', ${randomUUID()}::uuid, ${f.mW2}::uuid)`,
    expect: 'notfound',
    message: /^Thread not found$/,
  },
  {
    name: 'send: reply to a reply',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${f.c1}::uuid, 'hi', ${randomUUID()}::uuid, ${f.reply}::uuid)`,
    expect: 'invalid',
  },
  {
    name: 'send: archived channel',
    as: 'mem',
    call: (tx) => tx`select public.send_message(${archived}::uuid, 'hi', ${randomUUID()}::uuid)`,
    expect: 'conflict',
    message: /archived/,
  },
  {
    name: 'send: a foreign attachment id',
    as: 'pmem',
    call: (tx) =>
      tx`select public.send_message(${f.c1}::uuid, 'hi', ${randomUUID()}::uuid, null, false, ${`{${f.attachmentC1}}`}::uuid[])`,
    expect: 'notfound',
    message: /^Attachment not found$/,
  },
  // edit_message
  {
    name: 'edit: empty body',
    as: 'mem',
    call: (tx) => tx`select public.edit_message(${f.mC1}::uuid, '')`,
    expect: 'invalid',
  },
  {
    name: 'edit: 40,001 characters',
    as: 'mem',
    call: (tx) => tx`select public.edit_message(${f.mC1}::uuid, ${'y'.repeat(40_001)})`,
    expect: 'invalid',
    message: /too long/,
  },
  {
    name: "edit: someone else's message",
    as: 'pmem',
    call: (tx) => tx`select public.edit_message(${f.mC1}::uuid, 'mine now')`,
    expect: 'deny',
    message: /own messages/,
  },
  {
    name: 'edit: invisible message',
    as: 'mem',
    call: (tx) => tx`select public.edit_message(${f.mP1}::uuid, 'x')`,
    expect: 'notfound',
    message: /^Message not found$/,
  },
  {
    name: 'edit: random id',
    as: 'mem',
    call: (tx) => tx`select public.edit_message(${randomUUID()}::uuid, 'x')`,
    expect: 'notfound',
    message: /^Message not found$/,
  },
  // delete_message
  {
    name: 'delete: message of another workspace',
    as: 'own',
    call: (tx) => tx`select public.delete_message(${f.mW2}::uuid)`,
    expect: 'notfound',
    message: /^Message not found$/,
  },
  {
    name: 'delete: random id',
    as: 'own',
    call: (tx) => tx`select public.delete_message(${randomUUID()}::uuid)`,
    expect: 'notfound',
    message: /^Message not found$/,
  },
  // toggle_reaction
  {
    name: 'react: HTML emoji',
    as: 'mem',
    call: (tx) => tx`select public.toggle_reaction(${f.mC1}::uuid, '<img src=x onerror=alert(1)>')`,
    expect: 'invalid',
  },
  {
    name: 'react: 10 KB emoji',
    as: 'mem',
    call: (tx) => tx`select public.toggle_reaction(${f.mC1}::uuid, ${'a'.repeat(10_240)})`,
    expect: 'invalid',
  },
  {
    name: 'react: invisible message',
    as: 'mem',
    call: (tx) => tx`select public.toggle_reaction(${f.mP1}::uuid, 'eyes')`,
    expect: 'notfound',
    message: /^Message not found$/,
  },
  {
    name: 'react: random id',
    as: 'mem',
    call: (tx) => tx`select public.toggle_reaction(${randomUUID()}::uuid, 'eyes')`,
    expect: 'notfound',
    message: /^Message not found$/,
  },
  // mark_read / fetch / thread
  {
    name: 'mark_read: negative seq',
    as: 'mem',
    call: (tx) => tx`select public.mark_read(${f.c1}::uuid, -1)`,
    expect: 'invalid',
  },
  {
    name: 'mark_read: foreign channel',
    as: 'mem',
    call: (tx) => tx`select public.mark_read(${f.c1w2}::uuid, 1)`,
    expect: 'notfound',
    message: /^Channel not found$/,
  },
  {
    name: 'fetch: limit -1',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_messages(${f.c1}::uuid, "limit" => -1)`,
    expect: 'invalid',
  },
  {
    name: 'fetch: limit 1e9',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_messages(${f.c1}::uuid, "limit" => 1000000000)`,
    expect: 'invalid',
  },
  {
    name: 'fetch: both cursors',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_messages(${f.c1}::uuid, 5, 1)`,
    expect: 'invalid',
  },
  {
    name: 'fetch: foreign channel',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_messages(${f.c1w2}::uuid)`,
    expect: 'notfound',
    message: /^Channel not found$/,
  },
  {
    name: 'fetch: random channel',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_messages(${randomUUID()}::uuid)`,
    expect: 'notfound',
    message: /^Channel not found$/,
  },
  {
    name: 'thread: a reply id',
    as: 'mem',
    call: (tx) => tx`select * from public.list_thread(${f.reply}::uuid)`,
    expect: 'invalid',
  },
  {
    name: 'thread: invisible root',
    as: 'mem',
    call: (tx) => tx`select * from public.list_thread(${f.mP1}::uuid)`,
    expect: 'notfound',
    message: /^Thread not found$/,
  },
  // fetch_message_changes
  {
    name: 'changes: no cursor',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_message_changes(${f.c1}::uuid, null)`,
    expect: 'invalid',
    message: /^since is required/,
  },
  {
    name: 'changes: infinite cursor',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_message_changes(${f.c1}::uuid, '-infinity')`,
    expect: 'invalid',
  },
  {
    name: 'changes: limit 0',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_message_changes(${f.c1}::uuid, now(), "limit" => 0)`,
    expect: 'invalid',
    message: /^limit must be between 1 and 200$/,
  },
  {
    name: 'changes: limit 201',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_message_changes(${f.c1}::uuid, now(), "limit" => 201)`,
    expect: 'invalid',
  },
  {
    name: 'changes: foreign channel',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_message_changes(${f.c1w2}::uuid, now())`,
    expect: 'notfound',
    message: /^Channel not found$/,
  },
  {
    name: 'changes: private channel of others',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_message_changes(${f.p1}::uuid, '2000-01-01')`,
    expect: 'notfound',
    message: /^Channel not found$/,
  },
  {
    name: 'changes: random channel',
    as: 'mem',
    call: (tx) => tx`select * from public.fetch_message_changes(${randomUUID()}::uuid, now())`,
    expect: 'notfound',
    message: /^Channel not found$/,
  },
  // search
  {
    name: 'search: empty query',
    as: 'mem',
    call: (tx) => tx`select * from public.search_messages(${f.w1}::uuid, '   ')`,
    expect: 'invalid',
  },
  {
    name: 'search: 501 characters',
    as: 'mem',
    call: (tx) => tx`select * from public.search_messages(${f.w1}::uuid, ${'q'.repeat(501)})`,
    expect: 'invalid',
  },
  {
    name: 'search: garbage cursor',
    as: 'mem',
    call: (tx) => tx`select * from public.search_messages(${f.w1}::uuid, 'hello', 'relevance', 'garbage')`,
    expect: 'invalid',
    message: /Invalid search cursor/,
  },
  {
    name: 'search: bad date',
    as: 'mem',
    call: (tx) => tx`select * from public.search_messages(${f.w1}::uuid, 'before:2024-13-45')`,
    expect: 'invalid',
  },
  {
    name: 'search: unknown has:',
    as: 'mem',
    call: (tx) => tx`select * from public.search_messages(${f.w1}::uuid, 'has:virus')`,
    expect: 'invalid',
  },
  {
    name: 'search: bad sort',
    as: 'mem',
    call: (tx) => tx`select * from public.search_messages(${f.w1}::uuid, 'x', 'random')`,
    expect: 'invalid',
  },
  {
    name: 'search: foreign workspace',
    as: 'mem',
    call: (tx) => tx`select * from public.search_messages(${f.w2}::uuid, 'x')`,
    expect: 'notfound',
    message: /^Workspace not found$/,
  },
  {
    name: 'search: tsquery metacharacters are just text',
    as: 'mem',
    call: (tx) => tx`select * from public.search_messages(${f.w1}::uuid, ${'\'&|!():*<-> "unclosed'})`,
    expect: 'rows',
  },
  {
    name: 'search: 250 terms',
    as: 'mem',
    call: (tx) =>
      tx`select * from public.search_messages(${f.w1}::uuid, ${Array.from({ length: 250 }, (_, i) => `t${i}`)
        .join(' ')
        .slice(0, 500)})`,
    expect: 'rows',
  },
  // workspaces, channels, invites
  {
    name: 'create_workspace: bad slug',
    as: 'mem',
    call: (tx) => tx`select public.create_workspace('Name', 'Not A Slug')`,
    expect: 'invalid',
  },
  {
    name: 'create_workspace: empty name',
    as: 'mem',
    call: (tx) => tx`select public.create_workspace('  ', ${`ok-${randomUUID().slice(0, 6)}`})`,
    expect: 'invalid',
  },
  {
    name: 'create_channel: spaces',
    as: 'mem',
    call: (tx) => tx`select public.create_channel(${f.w1}::uuid, 'two words')`,
    expect: 'invalid',
  },
  {
    name: 'create_channel: bidi override',
    as: 'mem',
    call: (tx) => tx`select public.create_channel(${f.w1}::uuid, ${'\u202Eevil'})`,
    expect: 'invalid',
  },
  {
    name: 'create_channel: homoglyph (Cyrillic a)',
    as: 'mem',
    call: (tx) => tx`select public.create_channel(${f.w1}::uuid, ${'\u0430dmin'})`,
    expect: 'invalid',
  },
  {
    name: 'create_channel: existing name',
    as: 'mem',
    call: (tx) => tx`select public.create_channel(${f.w1}::uuid, 'C1')`,
    expect: 'duplicate',
    message: /already exists/,
  },
  {
    name: 'create_channel: kind dm',
    as: 'mem',
    call: (tx) => tx`select public.create_channel(${f.w1}::uuid, 'x', 'dm')`,
    expect: 'invalid',
  },
  {
    name: 'create_channel: foreign workspace',
    as: 'mem',
    call: (tx) => tx`select public.create_channel(${f.w2}::uuid, 'x')`,
    expect: 'notfound',
    message: /^Workspace not found$/,
  },
  {
    name: 'create_invite: owner role',
    as: 'own',
    call: (tx) => tx`select public.create_invite(${f.w1}::uuid, 'owner')`,
    expect: 'invalid',
  },
  {
    name: 'create_invite: zero uses',
    as: 'own',
    call: (tx) => tx`select public.create_invite(${f.w1}::uuid, 'member', '1 day', 0)`,
    expect: 'invalid',
  },
  {
    name: 'create_invite: already expired',
    as: 'own',
    call: (tx) => tx`select public.create_invite(${f.w1}::uuid, 'member', '-1 day')`,
    expect: 'invalid',
  },
  {
    name: 'accept_invite: garbage token',
    as: 'out',
    call: (tx) => tx`select public.accept_invite('../../etc/passwd')`,
    expect: 'notfound',
  },
  {
    name: 'preview_invite: garbage token',
    as: 'out',
    call: (tx) => tx`select * from public.preview_invite('<script>alert(1)</script>')`,
    expect: 'notfound',
    message: /^Invite not found$/,
  },
  {
    name: 'preview_invite: null token',
    as: 'out',
    call: (tx) => tx`select * from public.preview_invite(null)`,
    expect: 'notfound',
  },
  {
    name: 'revoke_invite: unknown id',
    as: 'own',
    call: (tx) => tx`select public.revoke_invite(${randomUUID()}::uuid)`,
    expect: 'notfound',
    message: /^Invite not found$/,
  },
  {
    name: 'revoke_invite: null id',
    as: 'adm',
    call: (tx) => tx`select public.revoke_invite(null)`,
    expect: 'notfound',
  },
  {
    name: 'accept_invite: expired',
    as: 'out',
    call: (tx) => tx`select public.accept_invite(${expiredToken})`,
    expect: 'conflict',
    message: /expired/,
  },
  {
    name: 'accept_invite: revoked',
    as: 'out',
    call: (tx) => tx`select public.accept_invite(${revokedToken})`,
    expect: 'conflict',
    message: /revoked/,
  },
  {
    name: 'accept_invite: used up',
    as: 'out',
    call: (tx) => tx`select public.accept_invite(${usedToken})`,
    expect: 'conflict',
    message: /already been used/,
  },
  {
    name: 'accept_invite: bound to another email',
    as: 'out',
    call: (tx) => tx`select public.accept_invite(${emailToken})`,
    expect: 'notfound',
  },
  {
    name: 'join_channel: archived',
    as: 'pmem',
    call: (tx) => tx`select public.join_channel(${archived}::uuid)`,
    expect: 'conflict',
  },
  {
    name: 'add_channel_members: empty list',
    as: 'pmem',
    call: (tx) => tx`select public.add_channel_members(${f.p1}::uuid, '{}')`,
    expect: 'invalid',
  },
  {
    name: 'add_channel_members: user of another workspace',
    as: 'pmem',
    call: (tx) => tx`select public.add_channel_members(${f.p1}::uuid, ${`{${f.user.out}}`}::uuid[])`,
    expect: 'notfound',
  },
  {
    name: 'leave_channel: a DM',
    as: 'mem',
    call: (tx) => tx`select public.leave_channel(${f.d1}::uuid)`,
    expect: 'invalid',
  },
  {
    name: 'open_dm: 10 people',
    as: 'mem',
    call: (tx) =>
      tx`select public.open_dm(${f.w1}::uuid, ${`{${Array.from({ length: 9 }, () => randomUUID()).join(',')}}`}::uuid[])`,
    expect: 'invalid',
  },
  {
    name: 'open_dm: user of another workspace',
    as: 'mem',
    call: (tx) => tx`select public.open_dm(${f.w1}::uuid, ${`{${f.user.out}}`}::uuid[])`,
    expect: 'notfound',
    message: /^User not found in this workspace$/,
  },
  // member administration
  {
    name: 'change_member_role: last owner demotes themselves',
    as: 'own',
    call: (tx) => tx`select public.change_member_role(${f.w1}::uuid, ${f.user.own}::uuid, 'admin')`,
    expect: 'conflict',
    message: /at least one owner/,
  },
  {
    name: 'change_member_role: admin promotes to owner',
    as: 'adm',
    call: (tx) => tx`select public.change_member_role(${f.w1}::uuid, ${f.user.mem}::uuid, 'owner')`,
    expect: 'deny',
  },
  {
    name: 'change_member_role: member self-promotes',
    as: 'mem',
    call: (tx) => tx`select public.change_member_role(${f.w1}::uuid, ${f.user.mem}::uuid, 'admin')`,
    expect: 'deny',
  },
  {
    name: 'change_member_role: bad role',
    as: 'own',
    call: (tx) => tx`select public.change_member_role(${f.w1}::uuid, ${f.user.mem}::uuid, 'superuser')`,
    expect: 'invalid',
  },
  {
    name: 'remove_member: the last owner leaves',
    as: 'own',
    call: (tx) => tx`select public.remove_member(${f.w1}::uuid, ${f.user.own}::uuid)`,
    expect: 'conflict',
    message: /at least one owner/,
  },
  {
    name: 'remove_member: admin removes the owner',
    as: 'adm',
    call: (tx) => tx`select public.remove_member(${f.w1}::uuid, ${f.user.own}::uuid)`,
    expect: 'deny',
  },
  {
    name: 'deactivate_member: oneself',
    as: 'own',
    call: (tx) => tx`select public.deactivate_member(${f.w1}::uuid, ${f.user.own}::uuid)`,
    expect: 'invalid',
  },
  {
    name: 'transfer_ownership: to a guest',
    as: 'own',
    call: (tx) => tx`select public.transfer_ownership(${f.w1}::uuid, ${f.user.gst}::uuid)`,
    expect: 'invalid',
  },
  {
    name: 'transfer_ownership: to a user of another workspace',
    as: 'own',
    call: (tx) => tx`select public.transfer_ownership(${f.w1}::uuid, ${f.user.out}::uuid)`,
    expect: 'notfound',
    message: /^Member not found$/,
  },
];

describe('bad input to every RPC', () => {
  it('covers every client RPC', async () => {
    const fns = await sql<{ fn: string }[]>`select distinct proname as fn from pg_proc
      where pronamespace = 'public'::regnamespace and has_function_privilege('authenticated', oid, 'execute')`;
    const text = cases()
      .map((c) => c.call.toString())
      .join('\n');
    expect(fns.map((r) => r.fn).filter((fn) => !text.includes(`public.${fn}(`))).toEqual(['channel_unreads']);
  });

  it('answers each case with the expected error', async () => {
    const snapshot = () =>
      sql`select (select count(*) from public.messages) m, (select count(*) from public.channels) c,
        (select count(*) from public.workspace_members) wm, (select count(*) from public.reactions) r,
        (select sum(use_count) from public.workspace_invites) iu`;
    const before = await snapshot();
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const c of cases()) {
      const r = await outcome(c);
      got[c.name] =
        c.message && r.outcome === c.expect && !c.message.test(r.message) ? `message: ${r.message}` : r.outcome;
      want[c.name] = c.expect;
    }
    expect(got).toEqual(want);
    expect(await snapshot()).toEqual(before);
  });

  it('an edit that fails leaves the original body intact', async () => {
    const [{ body }] = await sql`select body from public.messages where id = ${f.mC1}`;
    await outcome({
      name: '',
      as: 'mem',
      call: (tx) => tx`select public.edit_message(${f.mC1}::uuid, ${'z'.repeat(40_001)})`,
      expect: 'invalid',
    });
    const [{ body: after }] = await sql`select body from public.messages where id = ${f.mC1}`;
    expect(after).toBe(body);
  });
});
