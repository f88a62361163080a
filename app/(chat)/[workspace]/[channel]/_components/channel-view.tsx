'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Composer } from '@/components/chat/composer';
import { MessageList } from '@/components/chat/message-list';
import { Button } from '@/components/ui/button';
import { useRealtimeMessages } from '@/hooks/use-realtime-messages';
import {
  type ChatMessage,
  highestSeq,
  isChannelStreamMessage,
  lowestSeq,
  type MessageRow,
  mergeMessages,
} from '@/lib/chat/messages';
import { createMessage, listMessages, PAGE_SIZE, updateReadPosition } from '@/lib/data/messages';
import { AppError } from '@/lib/errors';
import { createClient } from '@/lib/supabase/client';

export type ChannelViewProps = {
  channelId: string;
  channelLabel: string;
  channelLastSeq: number;
  lastReadSeq: number | null;
  currentUserId: string;
  initialMessages: MessageRow[];
  initialNames: Record<string, string>;
};

/** A message's idempotency key: made once per message, reused on every retry. */
function newClientId(): string {
  // localhost and https are secure contexts, where randomUUID exists.
  return crypto.randomUUID();
}

/**
 * State of one open channel: the RSC's first page merged with older pages, live rows and
 * optimistic sends (all through mergeMessages, so nothing shows twice). Keyed by channel id.
 */
export function ChannelView({
  channelId,
  channelLabel,
  channelLastSeq,
  lastReadSeq,
  currentUserId,
  initialMessages,
  initialNames,
}: ChannelViewProps) {
  const supabase = useMemo(() => createClient(), []);
  const router = useRouter();
  const [messages, setMessages] = useState<ChatMessage[]>(initialMessages);
  const [names, setNames] = useState(initialNames);
  const [hasMore, setHasMore] = useState(initialMessages.length >= PAGE_SIZE);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [joining, setJoining] = useState(false);
  const [initialReadSeq] = useState(lastReadSeq);
  const isMember = lastReadSeq !== null;
  const namesRef = useRef(names);
  namesRef.current = names;

  const merge = useCallback((rows: ChatMessage[]) => setMessages((current) => mergeMessages(current, rows)), []);

  // Names of authors we have not seen yet (someone new posted).
  useEffect(() => {
    const missing = [
      ...new Set(messages.map((m) => m.author_id).filter((id): id is string => !!id && !(id in namesRef.current))),
    ];
    if (missing.length === 0) return;
    let cancelled = false;
    supabase
      .from('profiles')
      .select('id, display_name')
      .in('id', missing)
      .then(({ data }) => {
        if (cancelled || !data) return;
        setNames((n) => ({ ...n, ...Object.fromEntries(data.map((p) => [p.id, p.display_name])) }));
      });
    return () => {
      cancelled = true;
    };
  }, [messages, supabase]);

  const { noteSeq } = useRealtimeMessages({
    channelId,
    initialHighestSeq: channelLastSeq,
    onMessages: (rows) => merge(rows.filter(isChannelStreamMessage)),
  });

  // Mark read as messages arrive while the tab is visible.
  const latestSeq = highestSeq(messages);
  const markedRef = useRef(lastReadSeq ?? 0);
  useEffect(() => {
    if (!isMember || latestSeq <= markedRef.current || document.visibilityState !== 'visible') return;
    markedRef.current = latestSeq;
    updateReadPosition(supabase, { channelId, seq: latestSeq }).catch((error) =>
      console.warn('[mark_read] failed', error),
    );
  }, [latestSeq, isMember, channelId, supabase]);

  const loadOlder = useCallback(async () => {
    if (loadingOlder || !hasMore) return;
    const before = lowestSeq(messages);
    if (before === null) {
      setHasMore(false);
      return;
    }
    setLoadingOlder(true);
    try {
      const rows = await listMessages(supabase, { channelId, before, limit: PAGE_SIZE });
      if (rows.length < PAGE_SIZE) setHasMore(false);
      merge(rows);
    } catch (error) {
      console.warn('[messages] loading older failed', error);
    } finally {
      setLoadingOlder(false);
    }
  }, [loadingOlder, hasMore, messages, supabase, channelId, merge]);

  const deliver = useCallback(
    async (pending: ChatMessage) => {
      merge([{ ...pending, status: 'sending', error: undefined }]);
      try {
        const row = await createMessage(supabase, {
          channelId,
          body: pending.body,
          clientId: pending.client_id,
        });
        noteSeq(row.seq);
        merge([row]);
      } catch (error) {
        const message = error instanceof AppError ? error.message : 'Not sent. Check your connection and retry.';
        merge([{ ...pending, status: 'failed', error: message }]);
      }
    },
    [supabase, channelId, merge, noteSeq],
  );

  const send = useCallback(
    (body: string) => {
      const clientId = newClientId();
      void deliver({
        id: `local:${clientId}`,
        client_id: clientId,
        author_id: currentUserId,
        channel_id: channelId,
        workspace_id: '',
        seq: 0,
        parent_id: null,
        body,
        also_in_channel: false,
        reply_count: 0,
        last_reply_at: null,
        edited_at: null,
        deleted_at: null,
        created_at: new Date().toISOString(),
        status: 'sending',
      });
    },
    [deliver, currentUserId, channelId],
  );

  const retry = useCallback(
    (clientId: string) => {
      const pending = messages.find((m) => m.status && m.client_id === clientId);
      if (pending) void deliver(pending); // same client_id: send_message() never inserts twice
    },
    [messages, deliver],
  );

  async function join() {
    setJoining(true);
    const { error } = await supabase.rpc('join_channel', { channel_id: channelId });
    setJoining(false);
    if (!error) router.refresh();
  }

  return (
    <>
      <MessageList
        messages={messages}
        names={names}
        currentUserId={currentUserId}
        lastReadSeq={initialReadSeq}
        channelLabel={channelLabel}
        hasMore={hasMore}
        loadingOlder={loadingOlder}
        onLoadOlder={loadOlder}
        onRetry={retry}
      />
      {isMember ? (
        <Composer channelLabel={channelLabel} onSend={send} />
      ) : (
        <div className="flex shrink-0 items-center justify-center gap-3 border-t p-4 text-sm">
          <span className="text-muted-foreground">You're previewing {channelLabel}.</span>
          <Button onClick={join} disabled={joining} data-testid="join-channel">
            {joining ? 'Joining…' : 'Join channel'}
          </Button>
        </div>
      )}
    </>
  );
}
