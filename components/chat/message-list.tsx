'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDownIcon } from 'lucide-react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { MessageItem } from '@/components/chat/message-item';
import { Button } from '@/components/ui/button';
import { type ChatMessage, continuesGroup, highestSeq } from '@/lib/chat/messages';
import { dayLabel } from '@/lib/chat/time-format';

type Row =
  | { kind: 'top'; key: string }
  | { kind: 'date'; key: string; label: string }
  | { kind: 'new'; key: string }
  | { kind: 'message'; key: string; message: ChatMessage; grouped: boolean };

/** Stable per message across its optimistic and confirmed lives, so measurements survive the swap. */
function messageKey(m: ChatMessage): string {
  return `m:${m.author_id ?? ''}:${m.client_id}`;
}

/** Flattens messages into rows: date dividers, the "new messages" line, grouped messages. */
function buildRows(messages: ChatMessage[], newAfterSeq: number | null, currentUserId: string): Row[] {
  const rows: Row[] = [{ kind: 'top', key: 'top' }];
  let prev: ChatMessage | undefined;
  let newLineShown = false;
  for (const m of messages) {
    const day = new Date(m.created_at).toDateString();
    let breakGroup = false;
    if (!prev || new Date(prev.created_at).toDateString() !== day) {
      // Keyed by the message it precedes: seq order and clock order can disagree, so a day may recur.
      rows.push({ kind: 'date', key: `d:${messageKey(m)}`, label: dayLabel(new Date(m.created_at)) });
      breakGroup = true;
    }
    if (
      !newLineShown &&
      newAfterSeq !== null &&
      !m.status &&
      m.seq > newAfterSeq &&
      m.author_id !== currentUserId &&
      prev !== undefined
    ) {
      rows.push({ kind: 'new', key: 'new' });
      newLineShown = true;
      breakGroup = true;
    }
    rows.push({ kind: 'message', key: messageKey(m), message: m, grouped: !breakGroup && continuesGroup(prev, m) });
    prev = m;
  }
  return rows;
}

const AT_BOTTOM_PX = 80;
const LOAD_OLDER_PX = 400;

export type MessageListProps = {
  messages: ChatMessage[];
  names: Record<string, string>;
  currentUserId: string;
  /** Read position when the channel was opened: the "new messages" line goes after it. */
  lastReadSeq: number | null;
  channelLabel: string;
  hasMore: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  /**
   * Called with the highest confirmed seq while the bottom of the list is on screen in a visible tab
   * (messages actually seen), to move the read position. Not called for rows that merely arrived.
   */
  onSeen?: (seq: number) => void;
};

/**
 * The channel's messages, virtualized (@tanstack/react-virtual, measured row heights). Opens at the
 * "new messages" line or the bottom, sticks to the bottom while you are there (and when you send),
 * loads older pages when you scroll near the top while keeping what you were reading in place, and
 * offers "Jump to latest" when you scrolled away.
 */
export function MessageList({
  messages,
  names,
  currentUserId,
  lastReadSeq,
  channelLabel,
  hasMore,
  loadingOlder,
  onLoadOlder,
  onSeen,
}: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => buildRows(messages, lastReadSeq, currentUserId), [messages, lastReadSeq, currentUserId]);
  const [atBottom, setAtBottom] = useState(true);
  const atBottomRef = useRef(true);
  const anchorRef = useRef<{ key: string; delta: number } | null>(null);
  const onSeenRef = useRef(onSeen);
  onSeenRef.current = onSeen;
  const reportSeenRef = useRef<() => void>(() => {});
  const prevRef = useRef<{ firstKey: string; lastKey: string; count: number } | null>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => {
      const row = rows[i];
      if (row?.kind === 'message') return row.grouped ? 28 : 60;
      return 40;
    },
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 8,
  });

  const scrollToLatest = useCallback(() => {
    if (rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, virtualizer]);

  // Initial position: the "new messages" line when there is one, else the latest message.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on mount
  useLayoutEffect(() => {
    const newIndex = rows.findIndex((r) => r.kind === 'new');
    if (newIndex > 0) virtualizer.scrollToIndex(newIndex, { align: 'start' });
    else scrollToLatest();
  }, []);

  // After rows change: keep the reading position on prepend, follow the bottom on append.
  useLayoutEffect(() => {
    const first = rows[1]?.key ?? '';
    const last = rows[rows.length - 1]?.key ?? '';
    const prev = prevRef.current;
    prevRef.current = { firstKey: first, lastKey: last, count: rows.length };
    if (!prev) return;
    const anchor = anchorRef.current;
    if (anchor && first !== prev.firstKey) {
      anchorRef.current = null;
      const index = rows.findIndex((r) => r.key === anchor.key);
      const offset = index >= 0 ? virtualizer.getOffsetForIndex(index, 'start')?.[0] : undefined;
      if (offset !== undefined) virtualizer.scrollToOffset(offset + anchor.delta);
      return;
    }
    if (last !== prev.lastKey) {
      const lastRow = rows[rows.length - 1];
      const mine = lastRow?.kind === 'message' && lastRow.message.author_id === currentUserId;
      if (atBottomRef.current || mine) scrollToLatest();
    }
  }, [rows, currentUserId, scrollToLatest, virtualizer]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < AT_BOTTOM_PX;
    atBottomRef.current = bottom;
    setAtBottom(bottom);
    if (bottom) reportSeenRef.current();
    if (el.scrollTop < LOAD_OLDER_PX && hasMore && !loadingOlder) {
      // Remember the first visible message and how far we are past its top, to restore after the prepend.
      const item = virtualizer.getVirtualItems().find((v) => v.end > el.scrollTop && rows[v.index]?.kind === 'message');
      if (item) anchorRef.current = { key: String(item.key), delta: el.scrollTop - item.start };
      onLoadOlder();
    }
  }, [hasMore, loadingOlder, onLoadOlder, rows, virtualizer]);

  // A short first page may not fill the viewport: nothing to scroll, so load older pages directly.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && hasMore && !loadingOlder && el.scrollHeight <= el.clientHeight) onLoadOlder();
  }, [hasMore, loadingOlder, onLoadOlder]);

  // Seen = the bottom is in view in a visible tab: report it on changes, scrolls and tab switches.
  const reportSeen = useCallback(() => {
    // Measured, not the atBottom flag: that starts true before the opening scroll to the "new" line.
    const el = scrollRef.current;
    if (!el || document.visibilityState !== 'visible') return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight >= AT_BOTTOM_PX) return;
    const seq = highestSeq(messages);
    if (seq > 0) onSeenRef.current?.(seq);
  }, [messages]);
  reportSeenRef.current = reportSeen;
  // biome-ignore lint/correctness/useExhaustiveDependencies: atBottom is read through its ref; re-run when it flips
  useEffect(() => {
    reportSeen();
  }, [reportSeen, atBottom]);
  useEffect(() => {
    const onVisible = () => reportSeen();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, [reportSeen]);

  const items = virtualizer.getVirtualItems();

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        onScroll={onScroll}
        className="h-full overflow-y-auto overscroll-contain"
        data-testid="message-list"
        role="log"
        aria-label={`Messages in ${channelLabel}`}
        aria-live="polite"
        aria-relevant="additions"
      >
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((v) => {
            const row = rows[v.index];
            if (!row) return null;
            return (
              <div
                key={v.key}
                data-index={v.index}
                ref={virtualizer.measureElement}
                className="absolute top-0 left-0 w-full"
                style={{ transform: `translateY(${v.start}px)` }}
              >
                {row.kind === 'top' ? (
                  <div className="px-4 pt-6 pb-2 text-sm text-muted-foreground" data-testid="list-top">
                    {hasMore ? (
                      <span data-testid="loading-older">{loadingOlder ? 'Loading older messages…' : ' '}</span>
                    ) : (
                      <span>This is the very beginning of {channelLabel}.</span>
                    )}
                  </div>
                ) : row.kind === 'date' ? (
                  <div className="flex items-center gap-3 px-4 py-2" data-testid="date-divider">
                    <div className="h-px flex-1 bg-border" aria-hidden="true" />
                    <span className="rounded-full border px-3 py-0.5 text-xs font-medium">{row.label}</span>
                    <div className="h-px flex-1 bg-border" aria-hidden="true" />
                  </div>
                ) : row.kind === 'new' ? (
                  <div className="flex items-center gap-3 px-4 py-1" data-testid="new-messages-line">
                    <div className="h-px flex-1 bg-destructive" aria-hidden="true" />
                    <span className="text-xs font-semibold text-destructive">
                      New<span className="sr-only"> messages</span>
                    </span>
                  </div>
                ) : (
                  <MessageItem
                    message={row.message}
                    authorName={(row.message.author_id && names[row.message.author_id]) || 'Unknown'}
                    grouped={row.grouped}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {atBottom ? null : (
        <Button
          size="sm"
          className="absolute right-4 bottom-3 shadow-md"
          onClick={scrollToLatest}
          data-testid="jump-to-latest"
        >
          <ArrowDownIcon aria-hidden="true" />
          Jump to latest
        </Button>
      )}
    </div>
  );
}
