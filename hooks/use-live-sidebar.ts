'use client';

import { createClient as createSupabaseClient, type RealtimeChannel } from '@supabase/supabase-js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { loadSidebarAction, loadSidebarCountsAction } from '@/app/(chat)/actions';
import {
  applyCounts,
  bumpCount,
  clearCounts,
  countsAsUnread,
  keepLiveBumps,
  type LiveMessage,
  type Sidebar,
} from '@/lib/data/live-sidebar';
import { publicEnv } from '@/lib/env';
import { openPrivateChannel } from '@/lib/private-channel';
import { channelTopic, userTopic } from '@/lib/realtime-topics';
import { createClient } from '@/lib/supabase/client';

/** At most this many channel topics are watched for unread counts; beyond it, counts refresh on focus. */
const MAX_WATCHED_CHANNELS = 100;
/** Counts refresh this long after a channel switch, so quick switching never waits behind them. */
const COUNTS_AFTER_SWITCH_MS = 600;

/**
 * The sidebar's channels and DMs with unread and mention counts kept live without a reload:
 * - `user:<id>` (personal events): mentions bump the mention badge; joins and leaves refetch.
 * - `channel:<id>` of each channel the person is in: new messages by others bump the unread badge.
 *   These go through a second Realtime connection, because realtime-js shares one channel object
 *   per topic and the open channel's message hook must own its own subscription.
 * - A full refetch (channel_unreads()) on focus and back online, which also corrects anything
 *   counted twice or missed while disconnected; after a channel switch only the counts (small
 *   however many channels), a moment later so they never compete with the switch itself.
 * - A server-rendered first page (lib/data/live-sidebar.ts, firstSidebarPage) is completed right
 *   after hydration, so the boot payload stays small and the sidebar and Ctrl/Cmd+K still list
 *   every channel.
 */
export function useLiveSidebar({
  workspaceId,
  workspaceSlug,
  userId,
  initial,
  pathname,
}: {
  workspaceId: string;
  workspaceSlug: string;
  userId: string;
  initial: Sidebar;
  /** The current path: which channel is open (no badges for it) and when a switch happened. */
  pathname: string;
}) {
  const [sidebar, setSidebar] = useState<Sidebar>(initial);
  // New server props (router.refresh(), another workspace) replace the live state.
  useEffect(() => setSidebar(initial), [initial]);
  const sidebarRef = useRef(sidebar);
  sidebarRef.current = sidebar;
  const activeChannelId = useMemo(
    () =>
      [...sidebar.channels, ...sidebar.dms].find((c) => pathname === `/${workspaceSlug}/${encodeURIComponent(c.ref)}`)
        ?.id ?? null,
    [sidebar, pathname, workspaceSlug],
  );
  const activeRef = useRef(activeChannelId);
  activeRef.current = activeChannelId;
  const seen = useRef(new Set<string>());

  const supabase = useMemo(() => createClient(), []);
  // When each channel last got a live bump: a refresh that left before it must not erase it.
  const bumpedAt = useRef(new Map<string, number>());
  const bumpedSince = useCallback(
    (startedAt: number) => new Set([...bumpedAt.current].filter(([, at]) => at >= startedAt).map(([id]) => id)),
    [],
  );

  const refresh = useCallback(async () => {
    try {
      const startedAt = performance.now();
      const result = await loadSidebarAction({ workspaceId });
      if (result.ok) setSidebar((s) => keepLiveBumps(result.data, s, bumpedSince(startedAt)));
    } catch (error) {
      console.warn('[sidebar] refresh failed', error);
    }
  }, [workspaceId, bumpedSince]);

  const bump = useCallback((channelId: string, field: 'unreadCount' | 'mentionCount') => {
    if (channelId !== activeRef.current) bumpedAt.current.set(channelId, performance.now());
    setSidebar((s) => bumpCount(s, channelId, field, activeRef.current));
  }, []);

  const refreshCounts = useCallback(async () => {
    try {
      const startedAt = performance.now();
      const result = await loadSidebarCountsAction({ workspaceId });
      if (!result.ok) return;
      const next = applyCounts(sidebarRef.current, result.data);
      if (next) setSidebar((s) => keepLiveBumps(next, s, bumpedSince(startedAt)));
      else await refresh();
    } catch (error) {
      console.warn('[sidebar] counts refresh failed', error);
    }
  }, [workspaceId, refresh, bumpedSince]);

  // The rest of a first-page sidebar, as soon as the page is interactive.
  useEffect(() => {
    if (!sidebar.complete) void refresh();
  }, [sidebar.complete, refresh]);

  // Counts after each navigation (the channel left was marked read), not on mount: the server
  // rendered them a moment ago.
  const lastPath = useRef(pathname);
  const lastActive = useRef(activeChannelId);
  useEffect(() => {
    if (lastPath.current === pathname) return;
    lastPath.current = pathname;
    const left = lastActive.current;
    lastActive.current = activeRef.current;
    setSidebar((s) => clearCounts(s, left));
    const timer = setTimeout(() => void refreshCounts(), COUNTS_AFTER_SWITCH_MS);
    return () => clearTimeout(timer);
  }, [pathname, refreshCounts]);

  useEffect(() => {
    const onFocus = () => void refresh();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    window.addEventListener('focus', onFocus);
    window.addEventListener('online', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('online', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  // Personal events.
  useEffect(
    () =>
      openPrivateChannel(
        supabase,
        userTopic(userId),
        {},
        (channel) => {
          channel.on('broadcast', { event: 'mention' }, ({ payload }) => {
            const p = payload as { message_id?: string; channel_id?: string; workspace_id?: string };
            if (!p.channel_id || !p.message_id || p.workspace_id !== workspaceId) return;
            const key = `mention:${p.message_id}`;
            if (seen.current.has(key)) return;
            seen.current.add(key);
            bump(p.channel_id, 'mentionCount');
          });
          for (const event of ['channel_joined', 'channel_left'] as const) {
            channel.on('broadcast', { event }, ({ payload }) => {
              if ((payload as { workspace_id?: string }).workspace_id === workspaceId) void refresh();
            });
          }
          channel.subscribe();
        },
        'sidebar',
      ),
    [supabase, userId, workspaceId, bump, refresh],
  );

  // Message activity of the person's channels, on a connection of its own (see above).
  const watchedKey = [...sidebar.channels, ...sidebar.dms]
    .slice(0, MAX_WATCHED_CHANNELS)
    .map((c) => c.id)
    .sort()
    .join(',');
  const activity = useMemo(
    () =>
      createSupabaseClient(publicEnv.NEXT_PUBLIC_SUPABASE_URL, publicEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
        accessToken: async () => (await supabase.auth.getSession()).data.session?.access_token ?? null,
      }),
    [supabase],
  );
  useEffect(() => {
    if (!watchedKey) return;
    let cancelled = false;
    const channels: RealtimeChannel[] = [];
    (async () => {
      try {
        await activity.realtime.setAuth();
      } catch (error) {
        console.warn('[sidebar] activity setAuth failed', error);
      }
      if (cancelled) return;
      for (const id of watchedKey.split(',')) {
        const channel = activity.channel(channelTopic(id), { config: { private: true } });
        channel.on('broadcast', { event: 'message_created' }, ({ payload }) => {
          const m = (payload as { message?: LiveMessage }).message;
          if (!countsAsUnread(m, userId) || m?.channel_id !== id) return;
          const key = `message:${m.id}`;
          if (seen.current.has(key)) return;
          seen.current.add(key);
          bump(id, 'unreadCount');
        });
        channel.subscribe();
        channels.push(channel);
      }
    })();
    return () => {
      cancelled = true;
      for (const channel of channels) void activity.removeChannel(channel);
    };
  }, [activity, watchedKey, userId, bump]);

  useEffect(() => () => void activity.removeAllChannels(), [activity]);

  return { ...sidebar, refresh };
}
