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

export type Sidebar = {
  channels: SidebarChannel[];
  dms: SidebarChannel[];
  /** False while only the first page is here (see firstSidebarPage); the browser loads the rest. */
  complete: boolean;
};

/** Items per sidebar section in the server-rendered page, so the boot payload does not grow with them. */
export const SIDEBAR_FIRST_PAGE = 30;

const needsAttention = (c: SidebarChannel) => (c.mentionCount > 0 ? 0 : c.unreadCount > 0 ? 1 : 2);

/**
 * The first page of a sidebar: at most `limit` items per section, those with mentions, then
 * unread ones, then the rest in display order, shown in display order. The whole sidebar when it fits.
 */
export function firstSidebarPage(
  sidebar: { channels: SidebarChannel[]; dms: SidebarChannel[] },
  limit = SIDEBAR_FIRST_PAGE,
): Sidebar {
  const page = (list: SidebarChannel[]) => {
    if (list.length <= limit) return list;
    const keep = new Set(
      list
        .map((c, index) => ({ c, index }))
        .sort((a, b) => needsAttention(a.c) - needsAttention(b.c) || a.index - b.index)
        .slice(0, limit)
        .map(({ c }) => c.id),
    );
    return list.filter((c) => keep.has(c.id));
  };
  const channels = page(sidebar.channels);
  const dms = page(sidebar.dms);
  return { channels, dms, complete: channels.length === sidebar.channels.length && dms.length === sidebar.dms.length };
}

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
  return { ...sidebar, channels: update(sidebar.channels), dms: update(sidebar.dms) };
}

/** No badge on `channelId` any more: it was open, so it was read (the next counts refresh confirms). */
export function clearCounts(sidebar: Sidebar, channelId: string | null): Sidebar {
  const hit = (c: SidebarChannel) => c.id === channelId && (c.unreadCount > 0 || c.mentionCount > 0);
  if (![...sidebar.channels, ...sidebar.dms].some(hit)) return sidebar;
  const update = (list: SidebarChannel[]) => list.map((c) => (hit(c) ? { ...c, unreadCount: 0, mentionCount: 0 } : c));
  return { ...sidebar, channels: update(sidebar.channels), dms: update(sidebar.dms) };
}

export type SidebarCount = { channelId: string; unreadCount: number; mentionCount: number };

/**
 * Fresh counts applied to a sidebar: `counts` lists every channel with something unread (the rest
 * are read). Null when a count names a channel the sidebar does not list (the caller joined one
 * meanwhile), so the caller reloads the whole sidebar instead.
 */
export function applyCounts(sidebar: Sidebar, counts: readonly SidebarCount[]): Sidebar | null {
  const byId = new Map(counts.map((c) => [c.channelId, c]));
  const known = new Set([...sidebar.channels, ...sidebar.dms].map((c) => c.id));
  if (sidebar.complete && counts.some((c) => !known.has(c.channelId))) return null;
  const update = (list: SidebarChannel[]) =>
    list.map((c) => {
      const fresh = byId.get(c.id);
      const unreadCount = fresh?.unreadCount ?? 0;
      const mentionCount = fresh?.mentionCount ?? 0;
      return c.unreadCount === unreadCount && c.mentionCount === mentionCount ? c : { ...c, unreadCount, mentionCount };
    });
  return { ...sidebar, channels: update(sidebar.channels), dms: update(sidebar.dms) };
}

/**
 * A refreshed sidebar (`next`, from a snapshot the server took) merged with the live one (`current`):
 * for channels bumped by a live message after the request left (`bumpedSince`), the snapshot may
 * predate that message, so their counts never drop below what the live sidebar already shows.
 */
export function keepLiveBumps(next: Sidebar, current: Sidebar, bumpedSince: ReadonlySet<string>): Sidebar {
  if (bumpedSince.size === 0) return next;
  const live = new Map([...current.channels, ...current.dms].map((c) => [c.id, c]));
  const merge = (list: SidebarChannel[]) =>
    list.map((c) => {
      const now = bumpedSince.has(c.id) ? live.get(c.id) : undefined;
      if (!now || (now.unreadCount <= c.unreadCount && now.mentionCount <= c.mentionCount)) return c;
      return {
        ...c,
        unreadCount: Math.max(c.unreadCount, now.unreadCount),
        mentionCount: Math.max(c.mentionCount, now.mentionCount),
      };
    });
  return { ...next, channels: merge(next.channels), dms: merge(next.dms) };
}
