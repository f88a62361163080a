import type { SidebarChannel } from '@/lib/data/channels';

/**
 * Pure rules behind the live sidebar and presence (hooks/use-live-sidebar.ts, hooks/use-presence.ts),
 * kept apart so they are unit-tested without a browser.
 */

export type PresenceStatus = 'online' | 'away' | 'offline';

/**
 * The status of one person from their presence metas (one per open tab): online if any tab is
 * online, away if every tab is away, offline with none.
 */
export function statusFromMetas(metas: readonly { status?: unknown }[] | undefined): PresenceStatus {
  if (!metas || metas.length === 0) return 'offline';
  return metas.some((m) => m.status !== 'away') ? 'online' : 'away';
}

export type LiveMessage = {
  id?: string;
  channel_id?: string;
  author_id?: string | null;
  parent_id?: string | null;
  also_in_channel?: boolean;
};

/** Whether a new message counts as unread for `userId`, as channel_unreads() counts: others' channel-stream messages. */
export function countsAsUnread(m: LiveMessage | undefined, userId: string): boolean {
  if (!m?.id || !m.channel_id) return false;
  return m.author_id !== userId && (!m.parent_id || m.also_in_channel === true);
}

export type Sidebar = { channels: SidebarChannel[]; dms: SidebarChannel[] };

/** One more unread message or mention in `channelId`; the open channel never gets a badge. */
export function bumpCount(
  sidebar: Sidebar,
  channelId: string,
  field: 'unreadCount' | 'mentionCount',
  activeChannelId: string | null,
): Sidebar {
  if (channelId === activeChannelId) return sidebar;
  const update = (list: SidebarChannel[]) =>
    list.map((c) => (c.id === channelId ? { ...c, [field]: c[field] + 1 } : c));
  return { channels: update(sidebar.channels), dms: update(sidebar.dms) };
}
