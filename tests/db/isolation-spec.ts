import { randomBytes, randomUUID } from 'node:crypto';
import { channelTopic, channelTypingTopic, userTopic, workspaceTopic } from '../../lib/realtime-topics.ts';
import { type Fixture, IDENTITIES, type Identity } from './fixture.ts';

/**
 * The tenant-isolation matrix of docs test-matrix.md section (a), as data: one row per resource and
 * operation, one expected outcome per identity. Both runners (SQL as the API roles, and supabase-js
 * through /rest/v1) interpret the same rows, and the completeness test fails when a public table,
 * a client-callable function, a storage bucket or a realtime topic kind has no row here.
 *
 * Expectation string: one character per identity, in the order of IDENTITIES
 * (anon out gst mem pmem adm own exm deac):
 *   R rows affected/returned   0 zero rows   O succeeded (RPC; rows or not)
 *   D denied (42501)           N "not found" (PT404: same answer as for a missing object)
 *   C conflict (PT409)
 */
export type Op =
  | { kind: 'select'; table: string; match: Record<string, unknown> }
  | { kind: 'insert'; table: string; values: Record<string, unknown> }
  | { kind: 'update'; table: string; set: Record<string, unknown>; match: Record<string, unknown> }
  | { kind: 'delete'; table: string; match: Record<string, unknown> }
  | { kind: 'rpc'; fn: string; args: Record<string, unknown>; filter?: Record<string, unknown> }
  | { kind: 'realtime'; topic: string; extension: 'broadcast' | 'presence'; send: boolean }
  | { kind: 'storage'; bucket: string; action: 'select' | 'insert' | 'update' | 'delete'; path: string };

export interface Row {
  name: string;
  op: (f: Fixture, me: string | null) => Op;
  expect: string;
}

export const EXPECT_CODES = { R: 'rows', '0': 'empty', O: 'ok', D: 'deny', N: 'notfound', C: 'conflict' } as const;

export function expectation(row: Row, who: Identity): (typeof EXPECT_CODES)[keyof typeof EXPECT_CODES] {
  if (row.expect.length !== IDENTITIES.length) throw new Error(`${row.name}: expect needs ${IDENTITIES.length} codes`);
  const c = row.expect[IDENTITIES.indexOf(who)] as keyof typeof EXPECT_CODES;
  const e = EXPECT_CODES[c];
  if (!e) throw new Error(`${row.name}: unknown code ${c}`);
  return e;
}

const rnd = () => randomUUID().slice(0, 8);
const ALL_DENIED = 'DDDDDDDDD';

export const SPEC: Row[] = [
  // ---- profiles
  {
    name: 'profiles select a co-worker',
    op: (f) => ({ kind: 'select', table: 'profiles', match: { id: f.user.mem } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'profiles insert',
    op: (_f, me) => ({ kind: 'insert', table: 'profiles', values: { id: me, display_name: 'x' } }),
    expect: ALL_DENIED,
  },
  {
    name: 'profiles update own',
    op: (_f, me) => ({
      kind: 'update',
      table: 'profiles',
      set: { display_name: 'Renamed' },
      match: { id: me ?? randomUUID() },
    }),
    expect: 'DRRRRRRRR',
  },
  {
    name: 'profiles delete own',
    op: (_f, me) => ({ kind: 'delete', table: 'profiles', match: { id: me ?? randomUUID() } }),
    expect: ALL_DENIED,
  },

  // ---- workspaces
  {
    name: 'workspaces select W1',
    op: (f) => ({ kind: 'select', table: 'workspaces', match: { id: f.w1 } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'workspaces insert',
    op: () => ({ kind: 'insert', table: 'workspaces', values: { slug: `x-${rnd()}`, name: 'x' } }),
    expect: ALL_DENIED,
  },
  {
    name: 'workspaces update W1 name',
    op: (f) => ({ kind: 'update', table: 'workspaces', set: { name: 'Renamed' }, match: { id: f.w1 } }),
    expect: 'D0000RR00',
  },
  {
    name: 'workspaces delete W1',
    op: (f) => ({ kind: 'delete', table: 'workspaces', match: { id: f.w1 } }),
    expect: 'D00000R00',
  },

  // ---- workspace_members
  {
    name: 'workspace_members select a channel co-member',
    op: (f) => ({ kind: 'select', table: 'workspace_members', match: { workspace_id: f.w1, user_id: f.user.mem } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'workspace_members select a member sharing no channel with the guest',
    op: (f) => ({ kind: 'select', table: 'workspace_members', match: { workspace_id: f.w1, user_id: f.user.lone } }),
    expect: 'D00RRRR00',
  },
  {
    name: 'workspace_members insert self',
    op: (f, me) => ({
      kind: 'insert',
      table: 'workspace_members',
      values: { workspace_id: f.w1, user_id: me, role: 'member' },
    }),
    expect: ALL_DENIED,
  },
  {
    name: 'workspace_members update own role to owner',
    op: (f, me) => ({
      kind: 'update',
      table: 'workspace_members',
      set: { role: 'owner' },
      match: { workspace_id: f.w1, user_id: me ?? randomUUID() },
    }),
    expect: ALL_DENIED,
  },
  {
    name: 'workspace_members delete another member',
    op: (f) => ({ kind: 'delete', table: 'workspace_members', match: { workspace_id: f.w1, user_id: f.user.lone } }),
    expect: ALL_DENIED,
  },

  // ---- workspace_invites
  {
    name: 'workspace_invites select',
    op: (f) => ({ kind: 'select', table: 'workspace_invites', match: { id: f.inviteId } }),
    expect: 'D0000RR00',
  },
  {
    name: 'workspace_invites insert',
    op: (f, me) => ({
      kind: 'insert',
      table: 'workspace_invites',
      values: {
        workspace_id: f.w1,
        token_hash: `\\x${randomBytes(32).toString('hex')}`,
        role: 'member',
        expires_at: '2099-01-01T00:00:00Z',
        created_by: me,
      },
    }),
    expect: 'DDDDDRRDD',
  },
  {
    name: 'workspace_invites revoke',
    op: (f) => ({
      kind: 'update',
      table: 'workspace_invites',
      set: { revoked_at: '2020-01-01T00:00:00Z' },
      match: { id: f.inviteId },
    }),
    expect: 'D0000RR00',
  },
  {
    name: 'workspace_invites delete',
    op: (f) => ({ kind: 'delete', table: 'workspace_invites', match: { id: f.inviteId } }),
    expect: ALL_DENIED,
  },

  // ---- channels
  {
    name: 'channels select public C1',
    op: (f) => ({ kind: 'select', table: 'channels', match: { id: f.c1 } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'channels select private P1 (admins see metadata)',
    op: (f) => ({ kind: 'select', table: 'channels', match: { id: f.p1 } }),
    expect: 'D000RRR00',
  },
  {
    name: 'channels select DM',
    op: (f) => ({ kind: 'select', table: 'channels', match: { id: f.d1 } }),
    expect: 'D00RR0000',
  },
  {
    name: 'channels insert into W1',
    op: (f, me) => ({
      kind: 'insert',
      table: 'channels',
      values: { workspace_id: f.w1, kind: 'public', name: `n-${rnd()}`, created_by: me },
    }),
    expect: 'DDDRRRRDD',
  },
  {
    name: 'channels update C1 topic',
    op: (f) => ({ kind: 'update', table: 'channels', set: { topic: 'new topic' }, match: { id: f.c1 } }),
    expect: 'D00RRRR00',
  },
  {
    name: 'channels update P1 topic',
    op: (f) => ({ kind: 'update', table: 'channels', set: { topic: 'new topic' }, match: { id: f.p1 } }),
    expect: 'D000RRR00',
  },
  {
    name: 'channels update last_seq',
    op: (f) => ({ kind: 'update', table: 'channels', set: { last_seq: 0 }, match: { id: f.c1 } }),
    expect: ALL_DENIED,
  },
  {
    name: 'channels delete C2',
    op: (f) => ({ kind: 'delete', table: 'channels', match: { id: f.c2 } }),
    expect: 'D0000RR00',
  },

  // ---- channel_members
  {
    name: 'channel_members select in C1',
    op: (f) => ({ kind: 'select', table: 'channel_members', match: { channel_id: f.c1, user_id: f.user.mem } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'channel_members select in P1',
    op: (f) => ({ kind: 'select', table: 'channel_members', match: { channel_id: f.p1, user_id: f.user.pmem } }),
    expect: 'D000R0000',
  },
  {
    name: 'channel_members self-join public C2',
    op: (f, me) => ({ kind: 'insert', table: 'channel_members', values: { channel_id: f.c2, user_id: me } }),
    expect: 'DDDRRRRDD',
  },
  {
    name: 'channel_members add someone to private P1',
    op: (f) => ({ kind: 'insert', table: 'channel_members', values: { channel_id: f.p1, user_id: f.user.lone } }),
    expect: 'DDDDRDDDD',
  },
  {
    name: 'channel_members update own read position in C1',
    op: (f, me) => ({
      kind: 'update',
      table: 'channel_members',
      set: { last_read_seq: 1 },
      match: { channel_id: f.c1, user_id: me ?? randomUUID() },
    }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'channel_members delete MEM from C1',
    op: (f) => ({ kind: 'delete', table: 'channel_members', match: { channel_id: f.c1, user_id: f.user.mem } }),
    expect: 'D00R0RR00',
  },

  // ---- messages
  {
    name: 'messages select in C1',
    op: (f) => ({ kind: 'select', table: 'messages', match: { id: f.mC1 } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'messages select in P1',
    op: (f) => ({ kind: 'select', table: 'messages', match: { id: f.mP1 } }),
    expect: 'D000R0000',
  },
  {
    name: 'messages select in DM',
    op: (f) => ({ kind: 'select', table: 'messages', match: { id: f.mD1 } }),
    expect: 'D00RR0000',
  },
  {
    name: 'messages insert into C1',
    op: (f) => ({
      kind: 'insert',
      table: 'messages',
      values: { channel_id: f.c1, client_id: randomUUID(), body: 'hi' },
    }),
    expect: 'DNRRRRRNN',
  },
  {
    name: 'messages insert into P1',
    op: (f) => ({
      kind: 'insert',
      table: 'messages',
      values: { channel_id: f.p1, client_id: randomUUID(), body: 'hi' },
    }),
    expect: 'DNNNRNNNN',
  },
  {
    name: 'messages insert with a spoofed author_id',
    op: (f) => ({
      kind: 'insert',
      table: 'messages',
      values: { channel_id: f.c1, client_id: randomUUID(), body: 'hi', author_id: f.user.own },
    }),
    expect: ALL_DENIED,
  },
  {
    name: 'messages update body of MEM message',
    op: (f) => ({ kind: 'update', table: 'messages', set: { body: 'edited' }, match: { id: f.mC1 } }),
    expect: 'D00R00000',
  },
  {
    name: 'messages update immutable seq',
    op: (f) => ({ kind: 'update', table: 'messages', set: { seq: 999 }, match: { id: f.mC1 } }),
    expect: ALL_DENIED,
  },
  {
    name: 'messages delete (hard)',
    op: (f) => ({ kind: 'delete', table: 'messages', match: { id: f.mC1 } }),
    expect: ALL_DENIED,
  },

  // ---- message_edits
  {
    name: 'message_edits select history of C1 message',
    op: (f) => ({ kind: 'select', table: 'message_edits', match: { message_id: f.mC1 } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'message_edits insert',
    op: (f) => ({
      kind: 'insert',
      table: 'message_edits',
      values: { message_id: f.mC1, workspace_id: f.w1, channel_id: f.c1, previous_body: 'x' },
    }),
    expect: ALL_DENIED,
  },
  {
    name: 'message_edits update',
    op: (f) => ({ kind: 'update', table: 'message_edits', set: { previous_body: 'x' }, match: { message_id: f.mC1 } }),
    expect: ALL_DENIED,
  },
  {
    name: 'message_edits delete',
    op: (f) => ({ kind: 'delete', table: 'message_edits', match: { message_id: f.mC1 } }),
    expect: ALL_DENIED,
  },

  // ---- reactions
  {
    name: 'reactions select in C1',
    op: (f) => ({ kind: 'select', table: 'reactions', match: { message_id: f.mC1, user_id: f.user.mem } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'reactions insert in C1',
    op: (f) => ({ kind: 'insert', table: 'reactions', values: { message_id: f.mC1, emoji: 'tada' } }),
    expect: 'DNRRRRRNN',
  },
  {
    name: 'reactions insert in P1',
    op: (f) => ({ kind: 'insert', table: 'reactions', values: { message_id: f.mP1, emoji: 'tada' } }),
    expect: 'DNNNRNNNN',
  },
  {
    name: 'reactions update',
    op: (f) => ({ kind: 'update', table: 'reactions', set: { emoji: 'x' }, match: { message_id: f.mC1 } }),
    expect: ALL_DENIED,
  },
  {
    name: 'reactions delete MEM reaction',
    op: (f) => ({ kind: 'delete', table: 'reactions', match: { message_id: f.mC1, user_id: f.user.mem } }),
    expect: 'D00R00000',
  },

  // ---- mentions
  {
    name: 'mentions select (PMEM is mentioned)',
    op: (f) => ({ kind: 'select', table: 'mentions', match: { message_id: f.mC1, user_id: f.user.pmem } }),
    expect: 'D000R0000',
  },
  {
    name: 'mentions insert',
    op: (f, me) => ({
      kind: 'insert',
      table: 'mentions',
      values: { message_id: f.mC1, user_id: me, workspace_id: f.w1, channel_id: f.c1, seq: 1 },
    }),
    expect: ALL_DENIED,
  },
  {
    name: 'mentions update',
    op: (f) => ({ kind: 'update', table: 'mentions', set: { seq: 1 }, match: { message_id: f.mC1 } }),
    expect: ALL_DENIED,
  },
  {
    name: 'mentions delete',
    op: (f) => ({ kind: 'delete', table: 'mentions', match: { message_id: f.mC1 } }),
    expect: ALL_DENIED,
  },

  // ---- attachments
  {
    name: 'attachments select in C1',
    op: (f) => ({ kind: 'select', table: 'attachments', match: { id: f.attachmentC1 } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'attachments insert in C1',
    op: (f) => ({
      kind: 'insert',
      table: 'attachments',
      values: {
        channel_id: f.c1,
        object_path: `${f.w1}/${f.c1}/${randomUUID()}/a.txt`,
        file_name: 'a.txt',
        mime_type: 'text/plain',
        size_bytes: 1,
      },
    }),
    expect: 'DNRRRRRNN',
  },
  {
    name: 'attachments update',
    op: (f) => ({ kind: 'update', table: 'attachments', set: { file_name: 'x' }, match: { id: f.attachmentC1 } }),
    expect: ALL_DENIED,
  },
  {
    name: 'attachments delete MEM upload',
    op: (f) => ({ kind: 'delete', table: 'attachments', match: { id: f.attachmentC1 } }),
    expect: 'D00R0RR00',
  },

  // ---- pins
  {
    name: 'pins select in C1',
    op: (f) => ({ kind: 'select', table: 'pins', match: { channel_id: f.c1, message_id: f.mC1 } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'pins insert in C1',
    op: (f) => ({ kind: 'insert', table: 'pins', values: { channel_id: f.c1, message_id: f.mC1b } }),
    expect: 'DNRRRRRNN',
  },
  {
    name: 'pins update',
    op: (f) => ({ kind: 'update', table: 'pins', set: { channel_id: f.c1 }, match: { message_id: f.mC1 } }),
    expect: ALL_DENIED,
  },
  {
    name: 'pins delete in C1',
    op: (f) => ({ kind: 'delete', table: 'pins', match: { channel_id: f.c1, message_id: f.mC1 } }),
    expect: 'D0RRRRR00',
  },

  // ---- audit_log
  {
    name: 'audit_log select W1',
    op: (f) => ({ kind: 'select', table: 'audit_log', match: { workspace_id: f.w1 } }),
    expect: 'D0000RR00',
  },
  {
    name: 'audit_log insert',
    op: (f) => ({ kind: 'insert', table: 'audit_log', values: { workspace_id: f.w1, action: 'x.y' } }),
    expect: ALL_DENIED,
  },
  {
    name: 'audit_log update',
    op: (f) => ({ kind: 'update', table: 'audit_log', set: { action: 'x.y' }, match: { workspace_id: f.w1 } }),
    expect: ALL_DENIED,
  },
  {
    name: 'audit_log delete',
    op: (f) => ({ kind: 'delete', table: 'audit_log', match: { workspace_id: f.w1 } }),
    expect: ALL_DENIED,
  },

  // ---- RPCs
  {
    name: 'create_workspace',
    op: () => ({ kind: 'rpc', fn: 'create_workspace', args: { name: 'New', slug: `ws-${rnd()}` } }),
    expect: 'DOOOOOOOO',
  },
  {
    name: 'create_invite W1',
    op: (f) => ({ kind: 'rpc', fn: 'create_invite', args: { workspace_id: f.w1 } }),
    expect: 'DNDDDOONN',
  },
  {
    name: 'accept_invite W1 token',
    op: (f) => ({ kind: 'rpc', fn: 'accept_invite', args: { token: f.inviteToken } }),
    expect: 'DOOOOOOOD',
  },
  {
    // The token is the secret: whoever holds it may see where it leads (a deactivated member learns
    // that they are deactivated, which accept_invite tells them too).
    name: 'preview_invite W1 token',
    op: (f) => ({ kind: 'rpc', fn: 'preview_invite', args: { token: f.inviteToken } }),
    expect: 'DOOOOOOOO',
  },
  {
    name: 'revoke_invite W1 invite',
    op: (f) => ({ kind: 'rpc', fn: 'revoke_invite', args: { invite_id: f.inviteId } }),
    expect: 'DNNNNOONN',
  },
  {
    name: 'create_channel in W1',
    op: (f) => ({ kind: 'rpc', fn: 'create_channel', args: { workspace_id: f.w1, name: `c-${rnd()}` } }),
    expect: 'DNDOOOONN',
  },
  {
    name: 'join_channel public C2',
    op: (f) => ({ kind: 'rpc', fn: 'join_channel', args: { channel_id: f.c2 } }),
    expect: 'DNNOOOONN',
  },
  {
    name: 'join_channel private P1',
    op: (f) => ({ kind: 'rpc', fn: 'join_channel', args: { channel_id: f.p1 } }),
    expect: 'DNNNONNNN',
  },
  {
    name: 'add_channel_members to P1',
    op: (f) => ({ kind: 'rpc', fn: 'add_channel_members', args: { channel_id: f.p1, user_ids: [f.user.lone] } }),
    expect: 'DNNNONNNN',
  },
  {
    name: 'leave_channel C1',
    op: (f) => ({ kind: 'rpc', fn: 'leave_channel', args: { channel_id: f.c1 } }),
    expect: 'DNOOOOONN',
  },
  {
    name: 'open_dm with MEM',
    op: (f) => ({ kind: 'rpc', fn: 'open_dm', args: { workspace_id: f.w1, user_ids: [f.user.mem] } }),
    expect: 'DNOOOOONN',
  },
  {
    name: 'open_dm with a member the guest shares no channel with',
    op: (f) => ({ kind: 'rpc', fn: 'open_dm', args: { workspace_id: f.w1, user_ids: [f.user.lone] } }),
    expect: 'DNNOOOONN',
  },
  {
    name: 'send_message to C1',
    op: (f) => ({ kind: 'rpc', fn: 'send_message', args: { channel_id: f.c1, body: 'hi', client_id: randomUUID() } }),
    expect: 'DNOOOOONN',
  },
  {
    name: 'send_message to P1',
    op: (f) => ({ kind: 'rpc', fn: 'send_message', args: { channel_id: f.p1, body: 'hi', client_id: randomUUID() } }),
    expect: 'DNNNONNNN',
  },
  {
    name: 'send_message reply in C1 thread',
    op: (f) => ({
      kind: 'rpc',
      fn: 'send_message',
      args: { channel_id: f.c1, body: 'hi', client_id: randomUUID(), parent_id: f.mC1 },
    }),
    expect: 'DNOOOOONN',
  },
  {
    name: 'edit_message MEM message',
    op: (f) => ({ kind: 'rpc', fn: 'edit_message', args: { message_id: f.mC1, body: 'edited' } }),
    expect: 'DNDODDDNN',
  },
  {
    name: 'delete_message MEM message in C1',
    op: (f) => ({ kind: 'rpc', fn: 'delete_message', args: { message_id: f.mC1b } }),
    expect: 'DNDODOONN',
  },
  {
    name: 'delete_message in P1',
    op: (f) => ({ kind: 'rpc', fn: 'delete_message', args: { message_id: f.mP1 } }),
    expect: 'DNNNONNNN',
  },
  {
    name: 'toggle_reaction in C1',
    op: (f) => ({ kind: 'rpc', fn: 'toggle_reaction', args: { message_id: f.mC1, emoji: 'heart' } }),
    expect: 'DNOOOOONN',
  },
  {
    name: 'mark_read C1',
    op: (f) => ({ kind: 'rpc', fn: 'mark_read', args: { channel_id: f.c1, seq: 1 } }),
    expect: 'DNOOOOONN',
  },
  {
    name: 'fetch_messages C1',
    op: (f) => ({ kind: 'rpc', fn: 'fetch_messages', args: { channel_id: f.c1 } }),
    expect: 'DNRRRRRNN',
  },
  {
    name: 'fetch_messages P1',
    op: (f) => ({ kind: 'rpc', fn: 'fetch_messages', args: { channel_id: f.p1 } }),
    expect: 'DNNNRNNNN',
  },
  {
    name: 'fetch_message_changes C1',
    op: (f) => ({
      kind: 'rpc',
      fn: 'fetch_message_changes',
      args: { channel_id: f.c1, since: '2000-01-01T00:00:00Z' },
    }),
    expect: 'DNRRRRRNN',
  },
  {
    name: 'fetch_message_changes P1',
    op: (f) => ({
      kind: 'rpc',
      fn: 'fetch_message_changes',
      args: { channel_id: f.p1, since: '2000-01-01T00:00:00Z' },
    }),
    expect: 'DNNNRNNNN',
  },
  {
    name: 'list_thread in C1',
    op: (f) => ({ kind: 'rpc', fn: 'list_thread', args: { message_id: f.mC1 } }),
    expect: 'DNRRRRRNN',
  },
  {
    name: 'channel_unreads lists C1',
    op: (f) => ({ kind: 'rpc', fn: 'channel_unreads', args: {}, filter: { channel_id: f.c1 } }),
    expect: 'D0RRRRR00',
  },
  {
    name: 'search_messages finds C1 hits',
    op: (f) => ({
      kind: 'rpc',
      fn: 'search_messages',
      args: { workspace_id: f.w1, query: f.secretWord },
      filter: { channel_id: f.c1 },
    }),
    expect: 'DNRRRRRNN',
  },
  {
    name: 'search_messages finds P1 hits',
    op: (f) => ({
      kind: 'rpc',
      fn: 'search_messages',
      args: { workspace_id: f.w1, query: f.secretWord },
      filter: { channel_id: f.p1 },
    }),
    expect: 'DN00R00NN',
  },
  {
    name: 'search_messages in W1 never returns W2 hits',
    op: (f) => ({
      kind: 'rpc',
      fn: 'search_messages',
      args: { workspace_id: f.w1, query: f.secretWord },
      filter: { channel_id: f.c1w2 },
    }),
    expect: 'DN00000NN',
  },
  {
    name: 'change_member_role LONE to guest',
    op: (f) => ({
      kind: 'rpc',
      fn: 'change_member_role',
      args: { workspace_id: f.w1, user_id: f.user.lone, role: 'guest' },
    }),
    expect: 'DNNDDOONN',
  },
  {
    name: 'change_member_role demote the last owner',
    op: (f) => ({
      kind: 'rpc',
      fn: 'change_member_role',
      args: { workspace_id: f.w1, user_id: f.user.own, role: 'member' },
    }),
    expect: 'DNDDDDCNN',
  },
  {
    name: 'remove_member LONE',
    op: (f) => ({ kind: 'rpc', fn: 'remove_member', args: { workspace_id: f.w1, user_id: f.user.lone } }),
    expect: 'DNNDDOONN',
  },
  {
    name: 'deactivate_member LONE',
    op: (f) => ({ kind: 'rpc', fn: 'deactivate_member', args: { workspace_id: f.w1, user_id: f.user.lone } }),
    expect: 'DNNDDOONN',
  },
  {
    name: 'transfer_ownership to MEM',
    op: (f) => ({ kind: 'rpc', fn: 'transfer_ownership', args: { workspace_id: f.w1, new_owner_id: f.user.mem } }),
    expect: 'DNDDDDONN',
  },

  // ---- realtime private topics (policies on realtime.messages)
  {
    name: 'realtime receive channel:C1',
    op: (f) => ({ kind: 'realtime', topic: channelTopic(f.c1), extension: 'broadcast', send: false }),
    expect: '00RRRRR00',
  },
  {
    name: 'realtime receive channel:P1',
    op: (f) => ({ kind: 'realtime', topic: channelTopic(f.p1), extension: 'broadcast', send: false }),
    expect: '0000R0000',
  },
  {
    name: 'realtime receive channel:DM',
    op: (f) => ({ kind: 'realtime', topic: channelTopic(f.d1), extension: 'broadcast', send: false }),
    expect: '000RR0000',
  },
  {
    name: 'realtime send on channel:C1 (database only)',
    op: (f) => ({ kind: 'realtime', topic: channelTopic(f.c1), extension: 'broadcast', send: true }),
    expect: ALL_DENIED,
  },
  {
    name: 'realtime receive channel:C1:typing',
    op: (f) => ({ kind: 'realtime', topic: channelTypingTopic(f.c1), extension: 'broadcast', send: false }),
    expect: '00RRRRR00',
  },
  {
    name: 'realtime send channel:C1:typing',
    op: (f) => ({ kind: 'realtime', topic: channelTypingTopic(f.c1), extension: 'broadcast', send: true }),
    expect: 'DDRRRRRDD',
  },
  {
    name: 'realtime presence receive workspace:W1',
    op: (f) => ({ kind: 'realtime', topic: workspaceTopic(f.w1), extension: 'presence', send: false }),
    expect: '00RRRRR00',
  },
  {
    name: 'realtime presence send workspace:W1',
    op: (f) => ({ kind: 'realtime', topic: workspaceTopic(f.w1), extension: 'presence', send: true }),
    expect: 'DDRRRRRDD',
  },
  {
    name: 'realtime receive user:MEM',
    op: (f) => ({ kind: 'realtime', topic: userTopic(f.user.mem), extension: 'broadcast', send: false }),
    expect: '000R00000',
  },
  {
    name: 'realtime send user:MEM',
    op: (f) => ({ kind: 'realtime', topic: userTopic(f.user.mem), extension: 'broadcast', send: true }),
    expect: 'DDDRDDDDD',
  },
  {
    name: 'realtime receive a W2 channel (spoof)',
    op: (f) => ({ kind: 'realtime', topic: channelTopic(f.c1w2), extension: 'broadcast', send: false }),
    expect: '0R0000000',
  },
  {
    name: 'realtime receive a malformed topic',
    op: (f) => ({ kind: 'realtime', topic: `${channelTypingTopic(f.c1)}:x`, extension: 'broadcast', send: false }),
    expect: '000000000',
  },

  // ---- storage (policies on storage.objects)
  {
    name: 'storage attachments read in C1',
    op: (f) => ({ kind: 'storage', bucket: 'attachments', action: 'select', path: f.attachmentPath }),
    expect: '00RRRRR00',
  },
  {
    name: 'storage attachments upload to C1',
    op: (f) => ({
      kind: 'storage',
      bucket: 'attachments',
      action: 'insert',
      path: `${f.w1}/${f.c1}/${randomUUID()}/a.txt`,
    }),
    expect: 'DDRRRRRDD',
  },
  {
    name: 'storage attachments upload to P1',
    op: (f) => ({
      kind: 'storage',
      bucket: 'attachments',
      action: 'insert',
      path: `${f.w1}/${f.p1}/${randomUUID()}/a.txt`,
    }),
    expect: 'DDDDRDDDD',
  },
  {
    name: 'storage attachments upload with a W2 channel under W1 (spoof)',
    op: (f) => ({
      kind: 'storage',
      bucket: 'attachments',
      action: 'insert',
      path: `${f.w1}/${f.c1w2}/${randomUUID()}/a.txt`,
    }),
    expect: ALL_DENIED,
  },
  {
    name: 'storage attachments upload outside the path scheme',
    op: (f) => ({ kind: 'storage', bucket: 'attachments', action: 'insert', path: `${f.w1}/${f.c1}/a.txt` }),
    expect: ALL_DENIED,
  },
  {
    name: 'storage attachments overwrite (upsert)',
    op: (f) => ({ kind: 'storage', bucket: 'attachments', action: 'update', path: f.attachmentPath }),
    expect: '000000000',
  },
  {
    name: 'storage attachments delete MEM upload',
    op: (f) => ({ kind: 'storage', bucket: 'attachments', action: 'delete', path: f.attachmentPath }),
    expect: '000R0RR00',
  },
  {
    name: 'storage avatars upload own',
    op: (_f, me) => ({ kind: 'storage', bucket: 'avatars', action: 'insert', path: `${me ?? randomUUID()}/a.png` }),
    expect: 'DRRRRRRRR',
  },
  {
    name: 'storage avatars upload into MEM folder',
    op: (f) => ({ kind: 'storage', bucket: 'avatars', action: 'insert', path: `${f.user.mem}/a.png` }),
    expect: 'DDDRDDDDD',
  },
];
