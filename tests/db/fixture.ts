import { randomBytes, randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { createUsers } from './helpers.ts';

/** The identities of test-matrix.md section (a), plus `lone` (a W1 member in no channel, a target). */
export const IDENTITIES = ['anon', 'out', 'gst', 'mem', 'pmem', 'adm', 'own', 'exm', 'deac'] as const;
export type Identity = (typeof IDENTITIES)[number];

export interface Fixture {
  user: Record<Exclude<Identity, 'anon'> | 'lone', string>;
  w1: string;
  w2: string;
  /** W1 channels: #general (default), #c1 public, #c2 public (nobody in it), #p1 private (pmem), DM mem+pmem. */
  general1: string;
  c1: string;
  c2: string;
  p1: string;
  d1: string;
  /** W2 channels with the same names as W1's. */
  c1w2: string;
  p1w2: string;
  /** Messages: mC1 (mem, mentions pmem, edited once, reacted, pinned), mC1b (mem), reply (pmem, thread of mC1), mP1, mD1, mW2. */
  mC1: string;
  mC1b: string;
  reply: string;
  mP1: string;
  mD1: string;
  mW2: string;
  attachmentC1: string;
  attachmentPath: string;
  inviteToken: string;
  inviteId: string;
  /** A word only in mC1, mP1 and mW2. */
  secretWord: string;
}

/**
 * Builds two workspaces (as postgres, committed) whose objects share names, with every identity of the
 * matrix. EXM is removed and DEAC deactivated after their "tokens" exist (claims are built per query).
 */
export async function buildFixture(sql: postgres.Sql): Promise<Fixture> {
  const tag = randomUUID().slice(0, 8);
  const [out, gst, mem, pmem, adm, own, exm, deac, lone] = await createUsers(
    sql,
    ['out', 'gst', 'mem', 'pmem', 'adm', 'own', 'exm', 'deac', 'lone'],
    tag,
  );
  const user = { out, gst, mem, pmem, adm, own, exm, deac, lone };
  const [{ id: w1 }] = await sql`insert into public.workspaces (slug, name, created_by)
    values (${`w1-${tag}`}, 'Workspace', ${own}) returning id`;
  const [{ id: w2 }] = await sql`insert into public.workspaces (slug, name, created_by)
    values (${`w2-${tag}`}, 'Workspace', ${out}) returning id`;
  const members: [string, string, string][] = [
    [w1, own, 'owner'],
    [w1, adm, 'admin'],
    [w1, mem, 'member'],
    [w1, pmem, 'member'],
    [w1, gst, 'guest'],
    [w1, exm, 'member'],
    [w1, deac, 'member'],
    [w1, lone, 'member'],
    [w2, out, 'owner'],
  ];
  for (const [w, u, r] of members) {
    await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${w}, ${u}, ${r})`;
  }
  const channel = async (w: string, kind: string, name: string | null, by: string, people: string[], extra = {}) => {
    const dmKey = kind === 'dm' ? [...people].sort().join(',') : null;
    const [{ id }] = await sql`insert into public.channels ${sql({
      workspace_id: w,
      kind,
      name,
      dm_key: dmKey,
      created_by: by,
      ...extra,
    })} returning id`;
    for (const p of people) await sql`insert into public.channel_members (channel_id, user_id) values (${id}, ${p})`;
    return id as string;
  };
  const general1 = await channel(w1, 'public', 'general', own, [own, adm, mem, pmem, lone], { is_default: true });
  const c1 = await channel(w1, 'public', 'c1', own, [gst, mem, pmem, adm, own, exm, deac]);
  const c2 = await channel(w1, 'public', 'c2', own, []);
  const p1 = await channel(w1, 'private', 'p1', pmem, [pmem]);
  const d1 = await channel(w1, 'dm', null, mem, [mem, pmem]);
  await channel(w2, 'public', 'general', out, [out], { is_default: true });
  const c1w2 = await channel(w2, 'public', 'c1', out, [out]);
  const p1w2 = await channel(w2, 'private', 'p1', out, [out]);

  const secretWord = `zebra${tag.replace(/[^a-z]/g, '')}fish`;
  const msg = async (ch: string, author: string, body: string, parent: string | null = null) => {
    const [{ id }] = await sql`insert into public.messages (channel_id, author_id, client_id, body, parent_id)
      values (${ch}, ${author}, ${randomUUID()}, ${body}, ${parent}) returning id`;
    return id as string;
  };
  const mC1 = await msg(c1, mem, 'hello there');
  await sql`update public.messages set body = ${`hello ${secretWord} <@${pmem}>`} where id = ${mC1}`;
  const mC1b = await msg(c1, mem, 'second message');
  const reply = await msg(c1, pmem, 'a reply in the thread', mC1);
  const mP1 = await msg(p1, pmem, `private plan ${secretWord}`);
  const mD1 = await msg(d1, mem, 'direct hello');
  const mW2 = await msg(c1w2, out, `globex ${secretWord}`);
  await sql`insert into public.reactions (message_id, user_id, emoji) values (${mC1}, ${mem}, 'thumbsup'), (${mP1}, ${pmem}, 'eyes')`;
  await sql`insert into public.pins (channel_id, message_id, pinned_by) values (${c1}, ${mC1}, ${mem})`;
  const attachmentPath = `${w1}/${c1}/${randomUUID()}/notes.txt`;
  const [{ id: attachmentC1 }] = await sql`insert into public.attachments
    (channel_id, uploader_id, object_path, file_name, mime_type, size_bytes)
    values (${c1}, ${mem}, ${attachmentPath}, 'notes.txt', 'text/plain', 12) returning id`;
  await sql`insert into storage.objects (bucket_id, name, owner, owner_id, metadata)
    values ('attachments', ${attachmentPath}, ${mem}, ${mem}, '{"mimetype":"text/plain","size":12}')`;
  const inviteToken = randomBytes(24).toString('hex');
  const [{ id: inviteId }] = await sql`insert into public.workspace_invites
    (workspace_id, token_hash, role, expires_at, max_uses, created_by)
    values (${w1}, extensions.digest(${inviteToken}, 'sha256'), 'member', now() + interval '1 day', 1000, ${own})
    returning id`;
  await sql`insert into public.audit_log (workspace_id, actor_id, action, target_id) values (${w1}, ${own}, 'invite.created', ${inviteId})`;
  await sql`delete from public.workspace_members where workspace_id = ${w1} and user_id = ${exm}`;
  await sql`update public.workspace_members set deactivated_at = now() where workspace_id = ${w1} and user_id = ${deac}`;
  return {
    user,
    w1,
    w2,
    general1,
    c1,
    c2,
    p1,
    d1,
    c1w2,
    p1w2,
    mC1,
    mC1b,
    reply,
    mP1,
    mD1,
    mW2,
    attachmentC1,
    attachmentPath,
    inviteToken,
    inviteId,
    secretWord,
  };
}
