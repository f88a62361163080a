'use client';

import type { RealtimeChannel } from '@supabase/supabase-js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type PresenceStatus, statusFromMetas } from '@/lib/data/live-sidebar';
import { openPrivateChannel } from '@/lib/private-channel';
import { workspaceTopic } from '@/lib/realtime-topics';
import { createClient } from '@/lib/supabase/client';

export type { PresenceStatus };

type Meta = { status?: unknown };

/**
 * Presence of a workspace's members on the private topic `workspace:<id>` (RLS: active members
 * only), keyed by user id. The caller tracks their own status, which `setMyStatus` changes; a
 * closed tab leaves, so its person turns offline for everyone else.
 */
export function usePresence(workspaceId: string, userId: string) {
  const supabase = useMemo(() => createClient(), []);
  const [statuses, setStatuses] = useState<Record<string, PresenceStatus>>({});
  const [myStatus, setMyStatusState] = useState<'online' | 'away'>('online');
  const myStatusRef = useRef(myStatus);
  myStatusRef.current = myStatus;
  const channelRef = useRef<RealtimeChannel | null>(null);

  useEffect(() => {
    const close = openPrivateChannel(
      supabase,
      workspaceTopic(workspaceId),
      { presence: { key: userId } },
      (channel) => {
        channelRef.current = channel;
        const sync = () => {
          const state = channel.presenceState<Meta>();
          const next: Record<string, PresenceStatus> = {};
          for (const [key, metas] of Object.entries(state)) next[key] = statusFromMetas(metas);
          setStatuses(next);
        };
        channel.on('presence', { event: 'sync' }, sync);
        channel.subscribe((status) => {
          if (status === 'SUBSCRIBED') void channel.track({ status: myStatusRef.current });
        });
      },
      'presence',
    );
    return () => {
      close();
      channelRef.current = null;
    };
  }, [supabase, workspaceId, userId]);

  const setMyStatus = useCallback((status: 'online' | 'away') => {
    setMyStatusState(status);
    void channelRef.current?.track({ status });
  }, []);

  const statusOf = useCallback(
    (id: string): PresenceStatus => (id === userId ? myStatus : (statuses[id] ?? 'offline')),
    [statuses, userId, myStatus],
  );

  return { statusOf, myStatus, setMyStatus };
}
