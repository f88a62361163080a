import 'server-only';

import { IDS_PER_REQUEST } from '@/lib/data/id-batches';
import type { SidebarCount } from '@/lib/data/live-sidebar';
import { listProfileNames } from '@/lib/data/profiles';
import { AppError } from '@/lib/errors';
import type { Enums, Tables } from '@/lib/supabase/database.types';
import type { TypedSupabaseClient } from '@/lib/supabase/types';

export type SidebarChannel = {
  id: string;
  kind: Enums<'channel_kind'>;
  /** `#name` for channels, the other people's names for DMs. */
  label: string;
  /** The URL segment under /<workspace>/: the name for channels, the id for DMs. */
  ref: string;
  unreadCount: number;
  mentionCount: number;
  /** DMs: the other people in it (for presence dots); empty for channels. */
  memberIds: string[];
};

export type ChannelDetails = Pick<
  Tables<'channels'>,
  'id' | 'workspace_id' | 'kind' | 'name' | 'topic' | 'last_seq' | 'archived_at' | 'is_default'
> & {
  label: string;
  /** The caller's read position, or null when they are not a member (a public channel they can preview). */
  lastReadSeq: number | null;
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function channelRef(c: Pick<Tables<'channels'>, 'id' | 'name' | 'kind'>): string {
  return c.kind === 'public' || c.kind === 'private' ? (c.name ?? c.id) : c.id;
}

/** The other members' names of DM channels, keyed by channel id. */
async function dmLabels(
  supabase: TypedSupabaseClient,
  { workspaceId, channelIds, userId }: { workspaceId: string; channelIds: string[]; userId: string },
): Promise<Record<string, string>> {
  return (await dmPeople(supabase, { workspaceId, channelIds, userId })).labels;
}

/**
 * DM channels' labels (the other people's names) and the other people's ids, keyed by channel id.
 * Reads the members of the workspace's DMs through a join rather than an id list, so the request
 * stays small however many DMs there are (RLS: only DMs the caller is in are readable).
 */
async function dmPeople(
  supabase: TypedSupabaseClient,
  { workspaceId, channelIds, userId }: { workspaceId: string; channelIds: string[]; userId: string },
): Promise<{ labels: Record<string, string>; others: Record<string, string[]> }> {
  if (channelIds.length === 0) return { labels: {}, others: {} };
  const wanted = new Set(channelIds);
  let query = supabase
    .from('channel_members')
    .select('channel_id, user_id, channels!inner(kind)')
    .eq('workspace_id', workspaceId)
    .in('channels.kind', ['dm', 'group_dm']);
  if (channelIds.length <= IDS_PER_REQUEST) query = query.in('channel_id', channelIds);
  const { data: rows, error } = await query;
  if (error) throw new AppError('internal:database', 'Could not load direct messages.', { cause: error });
  const data = (rows ?? []).filter((r) => wanted.has(r.channel_id));
  const names = await listProfileNames(supabase, { ids: (data ?? []).map((r) => r.user_id) });
  const byChannel: Record<string, string[]> = {};
  const others: Record<string, string[]> = {};
  for (const r of data ?? []) {
    if (r.user_id === userId) continue;
    byChannel[r.channel_id] = [...(byChannel[r.channel_id] ?? []), names[r.user_id] ?? 'Someone'];
    others[r.channel_id] = [...(others[r.channel_id] ?? []), r.user_id];
  }
  const labels = Object.fromEntries(
    channelIds.map((id) => [id, (byChannel[id] ?? []).sort().join(', ') || `${names[userId] ?? 'You'} (you)`]),
  );
  return { labels, others };
}

/**
 * The sidebar of a workspace: channels and DMs the caller is a member of, with unread and mention
 * counts from channel_unreads(). Two queries plus one for DM names, independent of message volume.
 */
export async function listSidebarChannels(
  supabase: TypedSupabaseClient,
  { workspaceId, userId }: { workspaceId: string; userId: string },
): Promise<{ channels: SidebarChannel[]; dms: SidebarChannel[] }> {
  const { data: unreads, error: unreadError } = await supabase.rpc('channel_unreads').eq('workspace_id', workspaceId);
  if (unreadError) throw new AppError('internal:database', 'Could not load your channels.', { cause: unreadError });
  const mine = (unreads ?? []).filter((u) => u.workspace_id === workspaceId);
  if (mine.length === 0) return { channels: [], dms: [] };

  // The caller's channels through a join on their membership, not an id list: with hundreds of
  // channels an `in (...)` list would outgrow the URL limit.
  const { data, error } = await supabase
    .from('channels')
    .select('id, name, kind, channel_members!inner(user_id)')
    .eq('workspace_id', workspaceId)
    .is('archived_at', null)
    .eq('channel_members.user_id', userId);
  if (error) throw new AppError('internal:database', 'Could not load your channels.', { cause: error });

  const counts = new Map(mine.map((u) => [u.channel_id, u]));
  const rows = (data ?? []).filter((c) => counts.has(c.id));
  const { labels, others } = await dmPeople(supabase, {
    workspaceId,
    channelIds: rows.filter((c) => c.kind === 'dm' || c.kind === 'group_dm').map((c) => c.id),
    userId,
  });
  const toItem = (c: (typeof rows)[number]): SidebarChannel => ({
    id: c.id,
    kind: c.kind,
    label: c.kind === 'public' || c.kind === 'private' ? (c.name ?? '') : (labels[c.id] ?? 'Direct message'),
    ref: channelRef(c),
    unreadCount: Number(counts.get(c.id)?.unread_count ?? 0),
    mentionCount: Number(counts.get(c.id)?.mention_count ?? 0),
    memberIds: others[c.id] ?? [],
  });
  const items = rows.map(toItem).sort((a, b) => a.label.localeCompare(b.label));
  return {
    channels: items.filter((c) => c.kind === 'public' || c.kind === 'private'),
    dms: items.filter((c) => c.kind === 'dm' || c.kind === 'group_dm'),
  };
}

/**
 * The caller's unread and mention counts in a workspace, only for channels with something unread:
 * what the sidebar needs after a channel switch, small however many channels the caller is in.
 */
export async function listSidebarCounts(
  supabase: TypedSupabaseClient,
  { workspaceId }: { workspaceId: string },
): Promise<SidebarCount[]> {
  const { data, error } = await supabase
    .rpc('channel_unreads')
    .eq('workspace_id', workspaceId)
    .or('unread_count.gt.0,mention_count.gt.0');
  if (error) throw new AppError('internal:database', 'Could not load your unread counts.', { cause: error });
  return (data ?? [])
    .filter((u) => u.workspace_id === workspaceId)
    .map((u) => ({
      channelId: u.channel_id,
      unreadCount: Number(u.unread_count),
      mentionCount: Number(u.mention_count),
    }));
}

/**
 * One channel by its workspace's slug and its URL segment (a name, or an id for DMs), with the
 * caller's read position, in ONE request: the channel page's critical path. Null when it does not
 * exist OR the caller cannot see the channel or the workspace: RLS hides all alike (the workspace
 * through the inner join), so the page answers "not found". The label is `channelLabel()`'s job,
 * so a DM's names can load in parallel with the messages.
 */
export async function getChannel(
  supabase: TypedSupabaseClient,
  { workspaceSlug, ref, userId }: { workspaceSlug: string; ref: string; userId: string },
): Promise<Omit<ChannelDetails, 'label'> | null> {
  let query = supabase
    .from('channels')
    .select(
      'id, workspace_id, kind, name, topic, last_seq, archived_at, is_default, workspaces!inner(slug), channel_members(last_read_seq)',
    )
    .eq('workspaces.slug', decodeURIComponent(workspaceSlug))
    .eq('channel_members.user_id', userId);
  const decoded = decodeURIComponent(ref);
  query = UUID_RE.test(decoded) ? query.eq('id', decoded.toLowerCase()) : query.eq('name', decoded);
  const { data, error } = await query.maybeSingle();
  if (error) throw new AppError('internal:database', 'Could not load the channel.', { cause: error });
  if (!data) return null;
  const { workspaces: _workspace, channel_members: membership, ...channel } = data;
  return { ...channel, lastReadSeq: membership[0]?.last_read_seq ?? null };
}

/** What the header calls a channel: its name, or for a DM the other people's names. */
export async function channelLabel(
  supabase: TypedSupabaseClient,
  { channel, userId }: { channel: Pick<Tables<'channels'>, 'id' | 'workspace_id' | 'kind' | 'name'>; userId: string },
): Promise<string> {
  if (channel.kind !== 'dm' && channel.kind !== 'group_dm') return channel.name ?? '';
  const labels = await dmLabels(supabase, { workspaceId: channel.workspace_id, channelIds: [channel.id], userId });
  return labels[channel.id] ?? 'Direct message';
}

/** Where /<workspace> lands: the default channel among the caller's, else their first one. */
export function pickLandingChannel(channels: SidebarChannel[], defaultIds: Set<string>): SidebarChannel | null {
  return channels.find((c) => defaultIds.has(c.id)) ?? channels[0] ?? null;
}

/** The URL segment of the caller's landing channel in a workspace (see pickLandingChannel), or null. */
export async function getLandingChannelRef(
  supabase: TypedSupabaseClient,
  { workspaceId, userId }: { workspaceId: string; userId: string },
): Promise<string | null> {
  const [{ channels, dms }, defaults] = await Promise.all([
    listSidebarChannels(supabase, { workspaceId, userId }),
    listDefaultChannelIds(supabase, { workspaceId }),
  ]);
  return pickLandingChannel([...channels, ...dms], defaults)?.ref ?? null;
}

/** Ids of the workspace's default channels (#general). */
export async function listDefaultChannelIds(
  supabase: TypedSupabaseClient,
  { workspaceId }: { workspaceId: string },
): Promise<Set<string>> {
  const { data, error } = await supabase
    .from('channels')
    .select('id')
    .eq('workspace_id', workspaceId)
    .eq('is_default', true);
  if (error) throw new AppError('internal:database', 'Could not load the channels.', { cause: error });
  return new Set((data ?? []).map((c) => c.id));
}

type PostgrestLikeError = { code?: string; message?: string };

/**
 * Maps the channel RPCs' documented errors (see their SQL comments) to AppErrors. A taken name is
 * a field error on `name`, so the create dialog shows it under the field.
 */
export function channelRpcError(error: PostgrestLikeError, fallback: string): AppError {
  const cause = error;
  switch (error.code) {
    case '23505':
      return new AppError('conflict:channel', error.message ?? 'That name is taken.', {
        cause,
        fieldErrors: { name: 'A channel with this name already exists. Choose another name.' },
      });
    case '22023':
    case '22001':
      return new AppError('bad_request:channel', error.message ?? fallback, { cause });
    case '42501':
      return new AppError('forbidden:channel', error.message ?? "You don't have permission to do that.", { cause });
    case 'PT404':
      return new AppError('not_found:channel', error.message ?? 'Channel not found.', { cause });
    case 'PT409':
      return new AppError('conflict:channel', error.message ?? fallback, { cause });
  }
  if (!error.code) return new AppError('offline:channel', undefined, { cause });
  return new AppError('internal:channel', fallback, { cause });
}

/** Creates a public or private channel (the caller joins it); returns its URL segment. */
export async function createChannel(
  supabase: TypedSupabaseClient,
  input: { workspaceId: string; name: string; kind: 'public' | 'private'; topic?: string },
): Promise<{ id: string; ref: string }> {
  const { data, error } = await supabase.rpc('create_channel', {
    workspace_id: input.workspaceId,
    name: input.name,
    kind: input.kind,
    ...(input.topic ? { topic: input.topic } : {}),
  });
  if (error) throw channelRpcError(error, 'Could not create the channel.');
  return { id: data.id, ref: channelRef(data) };
}

/** Joins a public channel (idempotent). */
export async function joinChannel(supabase: TypedSupabaseClient, { channelId }: { channelId: string }): Promise<void> {
  const { error } = await supabase.rpc('join_channel', { channel_id: channelId });
  if (error) throw channelRpcError(error, 'Could not join the channel.');
}

/** Leaves a channel or group DM. */
export async function leaveChannel(supabase: TypedSupabaseClient, { channelId }: { channelId: string }): Promise<void> {
  const { error } = await supabase.rpc('leave_channel', { channel_id: channelId });
  if (error) throw channelRpcError(error, 'Could not leave the channel.');
}

/** Adds workspace members to a channel the caller is in; returns how many were new. */
export async function addChannelMembers(
  supabase: TypedSupabaseClient,
  { channelId, userIds }: { channelId: string; userIds: string[] },
): Promise<number> {
  const { data, error } = await supabase.rpc('add_channel_members', { channel_id: channelId, user_ids: userIds });
  if (error) throw channelRpcError(error, 'Could not add people to the channel.');
  return data;
}

/** The DM or group DM between the caller and `userIds` (created on first use); returns its channel id. */
export async function openDm(
  supabase: TypedSupabaseClient,
  { workspaceId, userIds }: { workspaceId: string; userIds: string[] },
): Promise<string> {
  const { data, error } = await supabase.rpc('open_dm', { workspace_id: workspaceId, user_ids: userIds });
  if (error) throw channelRpcError(error, 'Could not open the conversation.');
  return data;
}

export type BrowsableChannel = {
  id: string;
  name: string;
  topic: string | null;
  memberCount: number;
  isMember: boolean;
};

/**
 * Public channels of a workspace for the channel browser, with topic and member count (one query
 * with an embedded count), and whether the caller is in each (one more).
 */
export async function listBrowsableChannels(
  supabase: TypedSupabaseClient,
  { workspaceId, userId }: { workspaceId: string; userId: string },
): Promise<BrowsableChannel[]> {
  const [channels, mine] = await Promise.all([
    supabase
      .from('channels')
      .select('id, name, topic, channel_members(count)')
      .eq('workspace_id', workspaceId)
      .eq('kind', 'public')
      .is('archived_at', null)
      .order('name')
      .limit(1000),
    supabase.from('channel_members').select('channel_id').eq('workspace_id', workspaceId).eq('user_id', userId),
  ]);
  if (channels.error)
    throw new AppError('internal:database', 'Could not load the channels.', { cause: channels.error });
  if (mine.error) throw new AppError('internal:database', 'Could not load the channels.', { cause: mine.error });
  const joined = new Set((mine.data ?? []).map((r) => r.channel_id));
  return (channels.data ?? []).map((c) => ({
    id: c.id,
    name: c.name ?? '',
    topic: c.topic,
    memberCount: Number((c.channel_members as unknown as { count: number }[])[0]?.count ?? 0),
    isMember: joined.has(c.id),
  }));
}
