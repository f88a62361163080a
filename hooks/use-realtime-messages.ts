'use client';

import type { RealtimeChannel } from '@supabase/supabase-js';
import { useEffect, useMemo, useRef } from 'react';
import { detectSeqGap, type MessageRow, toMessageRow } from '@/lib/chat/messages';
import { CATCH_UP_PAGE_SIZE, listMessages } from '@/lib/data/messages';
import { channelTopic } from '@/lib/realtime-topics';
import { realtimeMessagePayloadSchema } from '@/lib/schemas/message';
import { createClient } from '@/lib/supabase/client';

const MESSAGE_EVENTS = ['message_created', 'message_updated', 'message_deleted', 'thread_updated'] as const;

export type RealtimeMessagesOptions = {
  channelId: string;
  /** The channel's last_seq when the page was rendered (thread replies included): catch-up starts after it. */
  initialHighestSeq: number;
  /**
   * Receives every row from the topic or a catch-up fetch, thread replies included (filter with
   * isChannelStreamMessage). Kept in a ref: a new function each render does not resubscribe.
   */
  onMessages: (rows: MessageRow[]) => void;
};

/**
 * Live messages of one channel from its private topic `channel:<id>` (database broadcasts of
 * inserts, edits, deletes and thread counters), plus gap-free catch-up: fetch_messages(after_seq =
 * highest seq held, include_replies) on subscribe (covers what happened while connecting or after a
 * reconnect), on window focus / tab visible / back online, and whenever an insert skips a seq.
 *
 * Traps:
 * - Seqs count thread replies too, so the highest seq is tracked here from every row received,
 *   not from the rows the list shows.
 * - Catch-up is single-flight: a request made while one runs schedules exactly one more run.
 * - Broadcasts are not replayed: everything missed while disconnected comes from catch-up, never
 *   from the socket. Edits to older messages made while offline are not caught up (TODO: updated_at cursor).
 */
export function useRealtimeMessages({ channelId, initialHighestSeq, onMessages }: RealtimeMessagesOptions) {
  const supabase = useMemo(() => createClient(), []);
  const onMessagesRef = useRef(onMessages);
  onMessagesRef.current = onMessages;
  const highestSeqRef = useRef(initialHighestSeq);

  const api = useMemo(() => {
    let running: Promise<void> | null = null;
    let again = false;

    function deliver(rows: MessageRow[]) {
      for (const r of rows) if (r.seq > highestSeqRef.current) highestSeqRef.current = r.seq;
      if (rows.length > 0) onMessagesRef.current(rows);
    }

    async function runCatchUp() {
      for (;;) {
        const rows = await listMessages(supabase, {
          channelId,
          after: highestSeqRef.current,
          limit: CATCH_UP_PAGE_SIZE,
          includeReplies: true,
        });
        deliver(rows);
        if (rows.length < CATCH_UP_PAGE_SIZE) return;
      }
    }

    function catchUp(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await runCatchUp();
          } while (again);
        } catch (error) {
          // Offline or a transient failure: the next focus/online/subscribe event tries again.
          console.warn('[realtime] catch-up failed', error);
        } finally {
          running = null;
        }
      })();
      return running;
    }

    /** A row from the socket: applied at once unless it reveals a gap, which a catch-up fills first. */
    function receive(row: MessageRow, inserted: boolean) {
      if (inserted && detectSeqGap(highestSeqRef.current, row.seq)) {
        void catchUp();
        return;
      }
      deliver([row]);
    }

    /** Call after a send succeeded, so a later catch-up does not refetch it (harmless either way). */
    function noteSeq(seq: number) {
      if (seq === highestSeqRef.current + 1) highestSeqRef.current = seq;
    }

    return { catchUp, receive, noteSeq };
  }, [supabase, channelId]);

  useEffect(() => {
    let cancelled = false;
    let channel: RealtimeChannel | null = null;

    (async () => {
      try {
        await supabase.realtime.setAuth();
      } catch (error) {
        console.warn('[realtime] setAuth failed', error);
      }
      if (cancelled) return;
      channel = supabase.channel(channelTopic(channelId), { config: { private: true } });
      for (const event of MESSAGE_EVENTS) {
        channel.on('broadcast', { event }, ({ payload }) => {
          const parsed = realtimeMessagePayloadSchema.safeParse(payload);
          if (!parsed.success || parsed.data.message.channel_id !== channelId) return;
          api.receive(toMessageRow(parsed.data.message as MessageRow), event === 'message_created');
        });
      }
      channel.subscribe((status) => {
        if (status === 'SUBSCRIBED') void api.catchUp();
      });
    })();

    const onFocus = () => void api.catchUp();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void api.catchUp();
    };
    window.addEventListener('focus', onFocus);
    window.addEventListener('online', onFocus);
    document.addEventListener('visibilitychange', onVisible);

    return () => {
      cancelled = true;
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('online', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
      if (channel) void supabase.removeChannel(channel);
    };
  }, [supabase, channelId, api]);

  return { catchUp: api.catchUp, noteSeq: api.noteSeq };
}
