'use client';

import dynamic from 'next/dynamic';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Composer } from '@/components/chat/composer';
import { MessageContextProvider, type MessageContextValue } from '@/components/chat/message-context';
import { MessageList } from '@/components/chat/message-list';
import { PrerenderedMarkdownProvider, prerenderedBodies } from '@/components/chat/message-markdown';
import { TypingIndicator } from '@/components/chat/typing-indicator';
import { Button } from '@/components/ui/button';
import { type DeliveryKind, type RealtimeStatus, useRealtimeMessages } from '@/hooks/use-realtime-messages';
import { useTypingIndicator } from '@/hooks/use-typing-indicator';
import {
  applyChanges,
  type ChatMessage,
  isChannelStreamMessage,
  lastOwnMessage,
  lowestSeq,
  type MessageRow,
  mergeMessages,
  queuedSends,
} from '@/lib/chat/messages';
import {
  addReaction,
  type ReactionIndex,
  type ReactionRow,
  removeReaction,
  replaceReactions,
} from '@/lib/chat/reactions';
import { belongsToThread, parseThreadParam, withThreadParam } from '@/lib/chat/threads';
import { typingNames } from '@/lib/chat/typing';
import {
  createMessage,
  deleteMessage,
  listMessages,
  listThread,
  PAGE_SIZE,
  updateMessage,
  updateReadPosition,
} from '@/lib/data/messages';
import { listProfileNames } from '@/lib/data/profiles';
import { listReactions, toggleReaction as toggleReactionRpc } from '@/lib/data/reactions';
import { AppError } from '@/lib/errors';
import { createClient } from '@/lib/supabase/client';

// Loaded when a thread opens (rendered on the server too when the URL already has ?thread=).
const ThreadPanel = dynamic(() => import('@/components/chat/thread-panel').then((m) => m.ThreadPanel));
// Radix Dialog's code loads with the first delete, not with the page (issue "App I").
const DeleteMessageDialog = dynamic(() =>
  import('@/components/chat/delete-message-dialog').then((m) => m.DeleteMessageDialog),
);

export type ChannelViewProps = {
  channelId: string;
  channelLabel: string;
  channelLastSeq: number;
  lastReadSeq: number | null;
  currentUserId: string;
  initialMessages: MessageRow[];
  /** The server's rendering of each initial message's markdown (`initialHtml[i]` for `initialMessages[i]`). */
  initialHtml?: string[];
  initialReactions: ReactionRow[];
  initialNames: Record<string, string>;
  /** Workspace admins and owners may delete others' messages. */
  canModerate: boolean;
};

/** A message's idempotency key: made once per message, reused on every retry. */
function newClientId(): string {
  // localhost and https are secure contexts, where randomUUID exists.
  return crypto.randomUUID();
}

function errorText(error: unknown, fallback: string): string {
  return error instanceof AppError ? error.message : fallback;
}

const CONNECTION_TEXT: Partial<Record<RealtimeStatus, string>> = {
  offline: "You're offline. Messages you send will go out when you're back online.",
  reconnecting: 'Reconnecting… new messages will appear as soon as the connection is back.',
};

/** A slim notice while the live connection is down; `data-state` always says where it stands. */
function ConnectionBanner({ status }: { status: RealtimeStatus }) {
  const text = CONNECTION_TEXT[status];
  return (
    <div
      role="status"
      data-testid="realtime-status"
      data-state={status}
      className={text ? 'shrink-0 border-t bg-muted px-4 py-1.5 text-xs text-muted-foreground' : 'sr-only'}
    >
      {text ?? (status === 'live' ? 'Connected' : 'Connecting…')}
    </div>
  );
}

/** The newest updated_at among rows, as the database wrote it (string order is time order within one format). */
function newestUpdatedAt(rows: readonly MessageRow[]): string | null {
  let best: string | null = null;
  for (const r of rows) if (best === null || r.updated_at > best) best = r.updated_at;
  return best;
}

/**
 * State of one open channel: the RSC's first page merged with older pages, live rows and
 * optimistic sends (all through mergeMessages, so nothing shows twice), reactions, the open
 * thread (in the URL as ?thread=<root id>), the inline editor, and typing. Keyed by channel id.
 */
export function ChannelView({
  channelId,
  channelLabel,
  channelLastSeq,
  lastReadSeq,
  currentUserId,
  initialMessages,
  initialHtml,
  initialReactions,
  initialNames,
  canModerate,
}: ChannelViewProps) {
  const supabase = useMemo(() => createClient(), []);
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [messages, setMessages] = useState<ChatMessage[]>(initialMessages);
  const [reactions, setReactions] = useState<ReactionIndex>(() =>
    replaceReactions(
      {},
      initialMessages.map((m) => m.id),
      initialReactions,
    ),
  );
  const [names, setNames] = useState(initialNames);
  const [hasMore, setHasMore] = useState(initialMessages.length >= PAGE_SIZE);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [joining, setJoining] = useState(false);
  const [initialReadSeq] = useState(lastReadSeq);
  const [initialChangesCursor] = useState(() => newestUpdatedAt(initialMessages));
  const [prerendered] = useState(() =>
    prerenderedBodies(
      initialMessages.map((m) => m.body),
      initialHtml,
    ),
  );
  const [editing, setEditing] = useState<{ id: string; inThread: boolean } | null>(null);
  const channelComposerRef = useRef<HTMLTextAreaElement>(null);
  const threadComposerRef = useRef<HTMLTextAreaElement>(null);
  /** Closes the editor and gives the keyboard back to the composer it belongs with. */
  const editingRef = useRef(editing);
  editingRef.current = editing;
  const endEdit = useCallback(() => {
    const current = editingRef.current;
    setEditing(null);
    if (!current) return;
    const target = current.inThread ? threadComposerRef : channelComposerRef;
    requestAnimationFrame(() => target.current?.focus());
  }, []);
  const [deleteTarget, setDeleteTarget] = useState<ChatMessage | null>(null);
  const isMember = lastReadSeq !== null;
  const namesRef = useRef(names);
  namesRef.current = names;

  // ---- the open thread (URL state, so a reload or a shared link keeps it)
  const threadId = parseThreadParam(searchParams.get('thread'));
  const threadIdRef = useRef(threadId);
  threadIdRef.current = threadId;
  const [threadRows, setThreadRows] = useState<ChatMessage[]>([]);
  const [threadLoading, setThreadLoading] = useState(false);
  const [threadError, setThreadError] = useState<string | null>(null);
  const [alsoInChannel, setAlsoInChannel] = useState(false);

  const setThreadInUrl = useCallback(
    (id: string | null) => {
      // Native history calls sync with useSearchParams without a server round trip.
      window.history.pushState(null, '', `${pathname}${withThreadParam(window.location.search, id)}`);
    },
    [pathname],
  );
  const openThread = useCallback(
    (id: string) => {
      if (id !== threadIdRef.current) setThreadInUrl(id);
    },
    [setThreadInUrl],
  );
  const closeThread = useCallback(() => {
    setThreadInUrl(null);
    setEditing(null);
  }, [setThreadInUrl]);

  const merge = useCallback((rows: ChatMessage[]) => setMessages((current) => mergeMessages(current, rows)), []);
  const mergeThread = useCallback((rows: ChatMessage[]) => {
    const id = threadIdRef.current;
    if (!id) return;
    const mine = rows.filter((r) => belongsToThread(r, id));
    if (mine.length > 0) setThreadRows((current) => mergeMessages(current, mine));
  }, []);

  const refreshReactions = useCallback(
    async (messageIds: string[]) => {
      if (messageIds.length === 0) return;
      try {
        const rows = await listReactions(supabase, { channelId, messageIds });
        setReactions((index) => replaceReactions(index, messageIds, rows));
      } catch (error) {
        console.warn('[reactions] refresh failed', error);
      }
    },
    [supabase, channelId],
  );

  useEffect(() => {
    if (!threadId) {
      setThreadRows([]);
      setThreadError(null);
      return;
    }
    let cancelled = false;
    setThreadRows([]);
    setThreadError(null);
    setThreadLoading(true);
    setAlsoInChannel(false);
    listThread(supabase, { rootId: threadId })
      .then((rows) => {
        if (cancelled) return;
        setThreadRows((current) => mergeMessages(current, rows));
        void refreshReactions(rows.map((r) => r.id));
      })
      .catch((error) => {
        if (!cancelled) setThreadError(errorText(error, 'This thread could not be loaded. Check your connection.'));
      })
      .finally(() => {
        if (!cancelled) setThreadLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [threadId, supabase, refreshReactions]);

  // Esc closes the thread, unless something on top of it (a dialog, a menu, the editor) takes the key.
  useEffect(() => {
    if (!threadId) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (document.querySelector('[role="dialog"], [role="menu"]')) return;
      closeThread();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [threadId, closeThread]);

  // ---- names of people we have not seen yet (a new author, a reactor)
  const reactorIds = useMemo(
    () =>
      Object.values(reactions)
        .flat()
        .map((r) => r.user_id),
    [reactions],
  );
  useEffect(() => {
    const ids = [...messages, ...threadRows].map((m) => m.author_id).concat(reactorIds);
    const missing = [...new Set(ids.filter((id): id is string => !!id && !(id in namesRef.current)))];
    if (missing.length === 0) return;
    let cancelled = false;
    listProfileNames(supabase, { ids: missing })
      .then((found) => {
        if (!cancelled) setNames((n) => ({ ...n, ...found }));
      })
      .catch((error) => console.warn('[names] loading failed', error)); // shown as "Someone" until the next try
    return () => {
      cancelled = true;
    };
  }, [messages, threadRows, reactorIds, supabase]);

  // ---- live updates and catch-up
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const threadRowsRef = useRef(threadRows);
  threadRowsRef.current = threadRows;

  const onMessages = useCallback(
    (rows: MessageRow[], kind: DeliveryKind) => {
      if (kind === 'new') {
        merge(rows.filter(isChannelStreamMessage));
        mergeThread(rows);
        return;
      }
      setMessages((current) => applyChanges(current, rows));
      setThreadRows((current) => applyChanges(current, rows));
      if (kind === 'resynced') {
        const held = new Set([...messagesRef.current, ...threadRowsRef.current].map((m) => m.id));
        void refreshReactions(rows.filter((r) => held.has(r.id)).map((r) => r.id));
      }
    },
    [merge, mergeThread, refreshReactions],
  );

  const { noteSeq, status: liveStatus } = useRealtimeMessages({
    channelId,
    initialHighestSeq: channelLastSeq,
    initialChangesCursor,
    onMessages,
    onReaction: (event, row) =>
      setReactions((index) => (event === 'reaction_added' ? addReaction(index, row) : removeReaction(index, row))),
  });

  const { typing, notifyTyping, notifyStopped } = useTypingIndicator({
    channelId,
    currentUserId,
    currentUserName: names[currentUserId] ?? 'Someone',
    enabled: isMember,
  });
  const typingIn = (place: string | null) => typingNames(typing, place, currentUserId, names);

  // ---- mark read as messages are seen (the list reports when its bottom is on screen)
  const markedRef = useRef(lastReadSeq ?? 0);
  const onSeen = useCallback(
    (seq: number) => {
      if (!isMember || seq <= markedRef.current) return;
      markedRef.current = seq;
      updateReadPosition(supabase, { channelId, seq }).catch((error) => {
        markedRef.current = 0; // try again on the next sighting
        console.warn('[mark_read] failed', error);
      });
    },
    [isMember, supabase, channelId],
  );

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
      void refreshReactions(rows.map((r) => r.id));
    } catch (error) {
      console.warn('[messages] loading older failed', error);
    } finally {
      setLoadingOlder(false);
    }
  }, [loadingOlder, hasMore, messages, supabase, channelId, merge, refreshReactions]);

  // ---- sending (channel and thread)
  /** Sends (or re-sends) one message; true when the server has it. */
  const deliver = useCallback(
    async (pending: ChatMessage): Promise<boolean> => {
      const inThread = pending.parent_id !== null;
      const put = (row: ChatMessage) => (inThread ? mergeThread([row]) : merge([row]));
      const queue = () =>
        put({
          ...pending,
          status: 'failed',
          queued: true,
          error: "You're offline. This message will be sent when you're back online.",
        });
      // Known offline: keep it for the reconnect instead of a request that cannot succeed.
      if (navigator.onLine === false) {
        queue();
        return false;
      }
      put({ ...pending, status: 'sending', error: undefined, queued: undefined });
      try {
        const row = await createMessage(supabase, {
          channelId,
          body: pending.body,
          clientId: pending.client_id,
          parentId: pending.parent_id ?? undefined,
          alsoInChannel: pending.also_in_channel,
        });
        noteSeq(row.seq);
        if (inThread) {
          mergeThread([row]);
          if (row.also_in_channel) merge([row]);
        } else merge([row]);
        return true;
      } catch (error) {
        if (error instanceof AppError && error.code === 'offline:message') queue();
        else
          put({ ...pending, status: 'failed', error: errorText(error, 'Not sent. Check your connection and retry.') });
        return false;
      }
    },
    [supabase, channelId, merge, mergeThread, noteSeq],
  );

  // ---- the outbox: sends that failed for want of a network go out by themselves, in the order
  // they were written, when the browser is back online or the live connection rejoins.
  const flushingRef = useRef(false);
  const flushQueued = useCallback(async () => {
    if (flushingRef.current) return;
    flushingRef.current = true;
    const sent = new Set<string>();
    try {
      // Re-read after each pass: messages written while flushing join the queue behind the rest.
      for (;;) {
        const pending = queuedSends(messagesRef.current, threadRowsRef.current).filter((m) => !sent.has(m.client_id));
        if (pending.length === 0) return;
        for (const m of pending) {
          // Stop at the first failure: a later message must never overtake an earlier one.
          if (!(await deliver(m))) return; // same client_id: a send that did arrive is not repeated
          sent.add(m.client_id);
        }
      }
    } finally {
      flushingRef.current = false;
    }
  }, [deliver]);
  useEffect(() => {
    const onOnline = () => void flushQueued();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [flushQueued]);
  useEffect(() => {
    if (liveStatus === 'live') void flushQueued();
  }, [liveStatus, flushQueued]);

  const send = useCallback(
    (body: string, parentId: string | null = null, also = false) => {
      const clientId = newClientId();
      const now = new Date().toISOString();
      const message: ChatMessage = {
        id: `local:${clientId}`,
        client_id: clientId,
        author_id: currentUserId,
        channel_id: channelId,
        workspace_id: '',
        seq: 0,
        parent_id: parentId,
        body,
        also_in_channel: parentId !== null && also,
        reply_count: 0,
        last_reply_at: null,
        edited_at: null,
        deleted_at: null,
        created_at: now,
        updated_at: now,
        status: 'sending',
      };
      // Earlier messages still waiting for the network go first: queue behind them.
      if (flushingRef.current || queuedSends(messagesRef.current, threadRowsRef.current).length > 0) {
        const put = parentId === null ? merge : mergeThread;
        put([{ ...message, queued: true }]);
        void flushQueued();
        return;
      }
      void deliver(message);
    },
    [deliver, flushQueued, merge, mergeThread, currentUserId, channelId],
  );

  // ---- message actions
  const applyOwnChange = useCallback((row: MessageRow) => {
    setMessages((current) => applyChanges(current, [row]));
    setThreadRows((current) => applyChanges(current, [row]));
  }, []);

  const context = useMemo<MessageContextValue>(
    () => ({
      currentUserId,
      names,
      reactions,
      canModerate,
      canPost: isMember,
      editing,
      openThreadId: threadId,
      startEdit: (m, inThread) => setEditing({ id: m.id, inThread }),
      cancelEdit: endEdit,
      saveEdit: async (m, body) => {
        try {
          applyOwnChange(await updateMessage(supabase, { messageId: m.id, body }));
          endEdit();
          return null;
        } catch (error) {
          return errorText(error, 'Saving the edit failed. Check your connection and retry.');
        }
      },
      requestDelete: (m) => setDeleteTarget(m),
      toggleReaction: (m, emoji) => {
        const row: ReactionRow = {
          message_id: m.id,
          user_id: currentUserId,
          emoji,
          created_at: new Date().toISOString(),
        };
        const had = (reactions[m.id] ?? []).some((r) => r.user_id === currentUserId && r.emoji === emoji);
        // Optimistic; the broadcast of the real change is idempotent with it, a failure reverts it.
        setReactions((index) => (had ? removeReaction(index, row) : addReaction(index, row)));
        toggleReactionRpc(supabase, { messageId: m.id, emoji }).catch((error) => {
          console.warn('[reactions] toggle failed', error);
          void refreshReactions([m.id]);
        });
      },
      openThread,
      retry: (m) => {
        if (m.status) void deliver(m); // same client_id: send_message() never inserts twice
      },
    }),
    [
      currentUserId,
      names,
      reactions,
      canModerate,
      isMember,
      editing,
      endEdit,
      threadId,
      applyOwnChange,
      supabase,
      refreshReactions,
      openThread,
      deliver,
    ],
  );

  async function confirmDelete(m: ChatMessage): Promise<string | null> {
    try {
      applyOwnChange(await deleteMessage(supabase, { messageId: m.id }));
      return null;
    } catch (error) {
      return errorText(error, 'Deleting failed. Check your connection and retry.');
    }
  }

  function editLast(rows: readonly ChatMessage[], inThread: boolean): boolean {
    const last = lastOwnMessage(rows, currentUserId);
    if (!last) return false;
    setEditing({ id: last.id, inThread });
    return true;
  }

  async function join() {
    setJoining(true);
    const { error } = await supabase.rpc('join_channel', { channel_id: channelId });
    setJoining(false);
    if (!error) router.refresh();
  }

  const threadRoot = threadRows.find((r) => r.id === threadId);

  return (
    <MessageContextProvider value={context}>
      <PrerenderedMarkdownProvider value={prerendered}>
        <div className="flex min-h-0 flex-1">
          <div className="flex min-w-0 flex-1 flex-col">
            <MessageList
              messages={messages}
              names={names}
              currentUserId={currentUserId}
              lastReadSeq={initialReadSeq}
              channelLabel={channelLabel}
              hasMore={hasMore}
              loadingOlder={loadingOlder}
              onLoadOlder={loadOlder}
              onSeen={onSeen}
            />
            <ConnectionBanner status={liveStatus} />
            {isMember ? (
              <>
                <TypingIndicator names={typingIn(null)} />
                <Composer
                  channelLabel={channelLabel}
                  onSend={(body) => send(body)}
                  onEditLast={() => editLast(messages, false)}
                  inputRef={channelComposerRef}
                  onTyping={() => notifyTyping(null)}
                  onStopTyping={() => notifyStopped(null)}
                />
              </>
            ) : (
              <div className="flex shrink-0 items-center justify-center gap-3 border-t p-4 text-sm">
                <span className="text-muted-foreground">You're previewing {channelLabel}.</span>
                <Button onClick={join} disabled={joining} data-testid="join-channel">
                  {joining ? 'Joining…' : 'Join channel'}
                </Button>
              </div>
            )}
          </div>
          {threadId ? (
            <ThreadPanel
              key={threadId}
              rootId={threadId}
              rows={threadRows}
              loading={threadLoading}
              error={threadError}
              names={names}
              channelLabel={channelLabel}
              onClose={closeThread}
              typing={isMember ? <TypingIndicator names={typingIn(threadId)} testId="thread-typing-indicator" /> : null}
              composer={
                isMember && threadRoot && !threadRoot.deleted_at ? (
                  <Composer
                    channelLabel={channelLabel}
                    label="Reply…"
                    testId="thread-composer"
                    autoFocus
                    onSend={(body) => send(body, threadId, alsoInChannel)}
                    onEditLast={() => editLast(threadRows, true)}
                    inputRef={threadComposerRef}
                    onTyping={() => notifyTyping(threadId)}
                    onStopTyping={() => notifyStopped(threadId)}
                    options={
                      <label className="mt-2 flex w-fit items-center gap-2 text-xs text-muted-foreground">
                        <input
                          type="checkbox"
                          checked={alsoInChannel}
                          onChange={(e) => setAlsoInChannel(e.target.checked)}
                          className="size-3.5 accent-primary"
                          data-testid="also-send-to-channel"
                        />
                        Also send to {channelLabel}
                      </label>
                    }
                  />
                ) : null
              }
            />
          ) : null}
        </div>
        {deleteTarget ? (
          <DeleteMessageDialog
            message={deleteTarget}
            moderating={deleteTarget.author_id !== currentUserId}
            onConfirm={confirmDelete}
            onClose={() => setDeleteTarget(null)}
          />
        ) : null}
      </PrerenderedMarkdownProvider>
    </MessageContextProvider>
  );
}
