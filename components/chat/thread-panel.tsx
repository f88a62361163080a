'use client';

import { ArrowLeftIcon, XIcon } from 'lucide-react';
import { type ReactNode, useEffect, useLayoutEffect, useRef } from 'react';
import { MessageItem } from '@/components/chat/message-item';
import { Button } from '@/components/ui/button';
import { type ChatMessage, continuesGroup } from '@/lib/chat/messages';
import { replyCountLabel } from '@/lib/chat/threads';

/**
 * A thread beside the channel (covering it at phone width): the root, its replies, and a composer.
 * Not virtualized: threads are short, and list_thread() pages through long ones.
 */
export function ThreadPanel({
  rootId,
  rows,
  loading,
  error,
  names,
  channelLabel,
  onClose,
  composer,
  typing,
}: {
  rootId: string;
  /** The root (when loaded) and replies, in seq order; optimistic replies last. */
  rows: readonly ChatMessage[];
  loading: boolean;
  error: string | null;
  names: Readonly<Record<string, string>>;
  channelLabel: string;
  onClose: () => void;
  composer: ReactNode;
  typing: ReactNode;
}) {
  const root = rows.find((r) => r.id === rootId);
  const replies = rows.filter((r) => r.id !== rootId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);
  const lastKey = replies.length > 0 ? replies[replies.length - 1].client_id : '';
  const headingId = `thread-heading-${rootId}`;

  // Follow new replies while at the bottom (and always on open).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the last reply or loading changes
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && atBottomRef.current) el.scrollTop = el.scrollHeight;
  }, [lastKey, loading, root?.id]);
  useEffect(() => {
    atBottomRef.current = true;
  }, []);

  return (
    <aside
      className="fixed inset-0 z-40 flex flex-col bg-background md:static md:z-auto md:w-[min(420px,45%)] md:shrink-0 md:border-l"
      aria-labelledby={headingId}
      data-testid="thread-panel"
      data-thread-id={rootId}
    >
      <header className="flex h-14 shrink-0 items-center gap-2 border-b px-3">
        <Button
          variant="ghost"
          size="icon-sm"
          className="md:hidden"
          onClick={onClose}
          aria-label="Back to channel"
          data-testid="thread-back"
        >
          <ArrowLeftIcon aria-hidden="true" />
        </Button>
        <h2 id={headingId} className="flex-1 truncate text-sm font-semibold">
          Thread <span className="font-normal text-muted-foreground">{channelLabel}</span>
        </h2>
        <Button
          variant="ghost"
          size="icon-sm"
          className="hidden md:inline-flex"
          onClick={onClose}
          aria-label="Close thread"
          title="Close thread (Esc)"
          data-testid="close-thread"
        >
          <XIcon aria-hidden="true" />
        </Button>
      </header>
      <div
        ref={scrollRef}
        className="min-h-0 flex-1 overflow-y-auto py-2"
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottomRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
        }}
        role="log"
        aria-label="Thread replies"
        data-testid="thread-messages"
      >
        {error ? (
          <p className="px-4 py-6 text-sm text-destructive" role="alert" data-testid="thread-error">
            {error}
          </p>
        ) : null}
        {root ? (
          <div data-testid="thread-root">
            <MessageItem
              message={root}
              authorName={(root.author_id && names[root.author_id]) || 'Unknown'}
              grouped={false}
              inThread
            />
          </div>
        ) : loading ? (
          <p className="px-4 py-6 text-sm text-muted-foreground">Loading thread…</p>
        ) : null}
        {root ? (
          <div className="flex items-center gap-3 px-4 py-2 text-xs text-muted-foreground">
            <span data-testid="thread-reply-count">
              {replies.length === 0 ? 'No replies yet' : replyCountLabel(root.reply_count || replies.length)}
            </span>
            <div className="h-px flex-1 bg-border" aria-hidden="true" />
          </div>
        ) : null}
        {replies.map((m, i) => (
          <MessageItem
            key={`${m.author_id ?? ''}:${m.client_id}`}
            message={m}
            authorName={(m.author_id && names[m.author_id]) || 'Unknown'}
            grouped={continuesGroup(replies[i - 1], m)}
            inThread
          />
        ))}
      </div>
      {typing}
      {error ? null : composer}
    </aside>
  );
}
