'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { detectSeqGap, type MessageRow, toMessageRow } from '@/lib/chat/messages';
import type { ReactionRow } from '@/lib/chat/reactions';
import { CATCH_UP_PAGE_SIZE, CHANGES_PAGE_SIZE, listMessageChanges, listMessages } from '@/lib/data/messages';
import { openPrivateChannel } from '@/lib/private-channel';
import { channelTopic } from '@/lib/realtime-topics';
import { createClient } from '@/lib/supabase/client';
import { parseRealtimeMessagePayload, parseRealtimeReactionPayload } from '@/lib/validation/message';

const MESSAGE_EVENTS = ['message_created', 'message_updated', 'message_deleted', 'thread_updated'] as const;
const REACTION_EVENTS = ['reaction_added', 'reaction_removed'] as const;
export type ReactionEvent = (typeof REACTION_EVENTS)[number];

/**
 * How rows reach onMessages:
 * - `new`: inserts (live, or the seq catch-up): merge them in.
 * - `changed`: a live edit, delete or thread counter of an existing message: update held copies only.
 * - `resynced`: rows from the changes catch-up (edits, deletes, reactions, counters missed while
 *   disconnected): update held copies, and refetch their reactions (a row does not carry them).
 */
export type DeliveryKind = 'new' | 'changed' | 'resynced';

/**
 * The changes catch-up re-reads this far behind its cursor: updated_at is stamped before commit, so
 * a slow transaction can commit a change stamped earlier than one already seen. Re-reads are harmless
 * (merging is idempotent).
 */
const CHANGES_OVERLAP_MS = 5_000;

export type RealtimeMessagesOptions = {
  channelId: string;
  /** The channel's last_seq when the page was rendered (thread replies included): catch-up starts after it. */
  initialHighestSeq: number;
  /**
   * The newest updated_at among the rows rendered first (exactly as the database sent it), or null
   * for an empty channel: the changes catch-up starts there.
   */
  initialChangesCursor: string | null;
  /**
   * Receives every row from the topic or a catch-up fetch, thread replies included (filter with
   * isChannelStreamMessage). Kept in a ref: a new function each render does not resubscribe.
   */
  onMessages: (rows: MessageRow[], kind: DeliveryKind) => void;
  /** A reaction added or removed on one of the channel's messages (live only; catch-up comes as `resynced`). */
  onReaction?: (event: ReactionEvent, row: ReactionRow) => void;
};

/**
 * Live messages of one channel from its private topic `channel:<id>` (database broadcasts of
 * inserts, edits, deletes, thread counters and reactions), plus gap-free catch-up on subscribe
 * (covers what happened while connecting or after a reconnect), on window focus / tab visible /
 * back online, and whenever an insert skips a seq:
 * 1. new rows: fetch_messages(after_seq = highest seq held, include_replies);
 * 2. changes to older rows: fetch_message_changes() from an updated_at cursor.
 *
 * Traps:
 * - Seqs count thread replies too, so the highest seq is tracked here from every row received,
 *   not from the rows the list shows.
 * - Catch-up is single-flight: a request made while one runs schedules exactly one more run.
 * - Broadcasts are not replayed: everything missed while disconnected comes from catch-up, never
 *   from the socket. So the changes cursor moves only with catch-up results, never with live rows
 *   (a live row stamped after a missed change would otherwise skip it).
 * - The changes cursor is kept as the database's string: a JS Date would drop its microseconds.
 */
/**
 * The live connection as the user should see it: `connecting` until the first join, `live` while
 * joined, `reconnecting` after the socket or join failed (realtime-js retries by itself), `offline`
 * while the browser says so.
 */
export type RealtimeStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export function useRealtimeMessages({
  channelId,
  initialHighestSeq,
  initialChangesCursor,
  onMessages,
  onReaction,
}: RealtimeMessagesOptions) {
  const supabase = useMemo(() => createClient(), []);
  const onMessagesRef = useRef(onMessages);
  onMessagesRef.current = onMessages;
  const onReactionRef = useRef(onReaction);
  onReactionRef.current = onReaction;
  const highestSeqRef = useRef(initialHighestSeq);
  const changesCursorRef = useRef<string>(initialChangesCursor ?? '1970-01-01T00:00:00Z');
  const [status, setStatus] = useState<RealtimeStatus>('connecting');

  const api = useMemo(() => {
    let running: Promise<void> | null = null;
    let again = false;

    function deliver(rows: MessageRow[], kind: DeliveryKind) {
      if (kind === 'new') for (const r of rows) if (r.seq > highestSeqRef.current) highestSeqRef.current = r.seq;
      if (rows.length > 0) onMessagesRef.current(rows, kind);
    }

    async function catchUpNew() {
      for (;;) {
        const rows = await listMessages(supabase, {
          channelId,
          after: highestSeqRef.current,
          limit: CATCH_UP_PAGE_SIZE,
          includeReplies: true,
        });
        deliver(rows, 'new');
        if (rows.length < CATCH_UP_PAGE_SIZE) return;
      }
    }

    async function catchUpChanges() {
      const since = new Date(Date.parse(changesCursorRef.current) - CHANGES_OVERLAP_MS).toISOString();
      let page = await listMessageChanges(supabase, { channelId, since });
      for (;;) {
        deliver(page, 'resynced');
        const last = page[page.length - 1];
        if (last) changesCursorRef.current = last.updated_at;
        if (!last || page.length < CHANGES_PAGE_SIZE) return;
        page = await listMessageChanges(supabase, { channelId, since: last.updated_at, afterId: last.id });
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
            await catchUpNew();
            await catchUpChanges();
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
      deliver([row], inserted ? 'new' : 'changed');
    }

    /** Call after a send succeeded, so a later catch-up does not refetch it (harmless either way). */
    function noteSeq(seq: number) {
      if (seq === highestSeqRef.current + 1) highestSeqRef.current = seq;
    }

    return { catchUp, receive, noteSeq };
  }, [supabase, channelId]);

  useEffect(() => {
    const close = openPrivateChannel(
      supabase,
      channelTopic(channelId),
      {},
      (channel, isOpen) => {
        for (const event of MESSAGE_EVENTS) {
          channel.on('broadcast', { event }, ({ payload }) => {
            const message = parseRealtimeMessagePayload(payload);
            if (!message || message.channel_id !== channelId) return;
            api.receive(toMessageRow(message), event === 'message_created');
          });
        }
        for (const event of REACTION_EVENTS) {
          channel.on('broadcast', { event }, ({ payload }) => {
            const reaction = parseRealtimeReactionPayload(payload);
            if (!reaction || reaction.channel_id !== channelId) return;
            const { message_id, user_id, emoji, created_at } = reaction;
            onReactionRef.current?.(event, { message_id, user_id, emoji, created_at });
          });
        }
        channel.subscribe((state) => {
          if (!isOpen()) return;
          if (state === 'SUBSCRIBED') {
            setStatus('live');
            void api.catchUp();
          } else if (navigator.onLine !== false) setStatus('reconnecting');
        });
      },
      'realtime',
    );

    const onFocus = () => void api.catchUp();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void api.catchUp();
    };
    const onOffline = () => setStatus('offline');
    const onOnline = () => {
      setStatus((s) => (s === 'offline' ? 'reconnecting' : s));
      void api.catchUp();
    };
    window.addEventListener('focus', onFocus);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisible);

    return () => {
      close();
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [supabase, channelId, api]);

  return { catchUp: api.catchUp, noteSeq: api.noteSeq, status };
}
