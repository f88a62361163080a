'use client';

import type { RealtimeChannel } from '@supabase/supabase-js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  expireTyping,
  noteStopped,
  noteTyping,
  TYPING_SEND_INTERVAL_MS,
  TYPING_TTL_MS,
  type TypingState,
} from '@/lib/chat/typing';
import { openPrivateChannel } from '@/lib/private-channel';
import { channelTypingTopic } from '@/lib/realtime-topics';
import { createClient } from '@/lib/supabase/client';
import { parseTypingPayload, type TypingPayload } from '@/lib/validation/message';

const EVENT = 'typing';

export type TypingIndicatorOptions = {
  channelId: string;
  currentUserId: string;
  currentUserName: string;
  /** Only channel members may use the typing topic (RLS on realtime.messages): off for previews. */
  enabled: boolean;
};

/**
 * Typing indicators over the private broadcast topic `channel:<id>:typing` (never persisted).
 * notifyTyping() is called on every keystroke and sends at most once per TYPING_SEND_INTERVAL_MS;
 * notifyStopped() (on send, or when the box is emptied) clears it at once. Receivers drop an entry
 * not refreshed within TYPING_TTL_MS, so a sender that vanished stops "typing" by itself.
 *
 * Traps:
 * - Payloads come from other clients: parsed strictly, and the name shown should come from the
 *   caller's own profile names when known (see ChannelView), not from the payload alone.
 * - broadcast.self is off, yet the same user in another tab is another client: filter on user id.
 */
export function useTypingIndicator({ channelId, currentUserId, currentUserName, enabled }: TypingIndicatorOptions) {
  const supabase = useMemo(() => createClient(), []);
  const [typing, setTyping] = useState<TypingState>({});
  const channelRef = useRef<RealtimeChannel | null>(null);
  const lastSentRef = useRef<{ threadId: string | null; at: number } | null>(null);
  const identity = useRef({ currentUserId, currentUserName });
  identity.current = { currentUserId, currentUserName };

  useEffect(() => {
    if (!enabled) return;
    const close = openPrivateChannel(
      supabase,
      channelTypingTopic(channelId),
      { broadcast: { self: false } },
      (channel) => {
        channel.on('broadcast', { event: EVENT }, ({ payload }) => {
          const p = parseTypingPayload(payload);
          if (!p || p.userId === identity.current.currentUserId) return;
          setTyping((s) =>
            p.typing
              ? noteTyping(s, { userId: p.userId, name: p.name, threadId: p.threadId, at: Date.now() })
              : noteStopped(s, p.userId),
          );
        });
        channel.subscribe();
        channelRef.current = channel;
      },
      'typing',
    );
    const timer = window.setInterval(() => setTyping((s) => expireTyping(s, Date.now(), TYPING_TTL_MS)), 1_000);
    return () => {
      close();
      window.clearInterval(timer);
      channelRef.current = null;
      setTyping({});
    };
  }, [supabase, channelId, enabled]);

  const send = useCallback((threadId: string | null, isTyping: boolean) => {
    const channel = channelRef.current;
    if (!channel) return;
    const payload: TypingPayload = {
      userId: identity.current.currentUserId,
      name: identity.current.currentUserName,
      threadId,
      typing: isTyping,
    };
    void channel.send({ type: 'broadcast', event: EVENT, payload }).catch(() => {});
  }, []);

  const notifyTyping = useCallback(
    (threadId: string | null) => {
      const now = Date.now();
      const last = lastSentRef.current;
      if (last && last.threadId === threadId && now - last.at < TYPING_SEND_INTERVAL_MS) return;
      lastSentRef.current = { threadId, at: now };
      send(threadId, true);
    },
    [send],
  );

  const notifyStopped = useCallback(
    (threadId: string | null) => {
      if (!lastSentRef.current) return;
      lastSentRef.current = null;
      send(threadId, false);
    },
    [send],
  );

  return { typing, notifyTyping, notifyStopped };
}
