'use client';

import { AlertCircleIcon, RotateCwIcon } from 'lucide-react';
import dynamic from 'next/dynamic';
import { memo } from 'react';
import { LastReplyLabel } from '@/components/chat/last-reply-label';
import { MessageActions } from '@/components/chat/message-actions';
import { useMessageContext } from '@/components/chat/message-context';
import { MessageMarkdown } from '@/components/chat/message-markdown';
import { ReactionBar } from '@/components/chat/reaction-bar';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import type { ChatMessage } from '@/lib/chat/messages';
import { replyCountLabel } from '@/lib/chat/threads';
import { compactTime, messageTime } from '@/lib/chat/time-format';
import { cn } from '@/lib/utils';

// Loaded with the first edit, not with the page (issue "App I").
const MessageEditor = dynamic(() => import('@/components/chat/message-editor').then((m) => m.MessageEditor));

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? `${parts[0][0]}${parts[1][0]}` : name.slice(0, 2)).toUpperCase();
}

/**
 * One message: author and time at the start of a group, the body (or its inline editor), its send
 * state, reactions, the thread summary of a root, and the hover actions. `inThread`: rendered in
 * the thread panel (no thread summary, no "Reply in thread").
 */
export const MessageItem = memo(function MessageItem({
  message,
  authorName,
  grouped,
  inThread = false,
}: {
  message: ChatMessage;
  authorName: string;
  grouped: boolean;
  inThread?: boolean;
}) {
  const ctx = useMessageContext();
  const time = new Date(message.created_at);
  const editing = ctx.editing?.id === message.id && ctx.editing.inThread === inThread && !message.deleted_at;
  const isReplyInChannel = !inThread && message.parent_id !== null;
  return (
    <article
      className={cn(
        'group relative flex gap-3 px-4 hover:bg-muted/40',
        grouped ? 'py-0.5' : 'pt-2 pb-0.5',
        editing && 'bg-muted/40',
        !inThread && ctx.openThreadId === message.id && 'bg-primary/5',
      )}
      data-testid="message"
      data-id={message.status ? undefined : message.id}
      data-seq={message.status ? undefined : message.seq}
      data-status={message.status ?? 'sent'}
      data-deleted={message.deleted_at ? 'true' : undefined}
      aria-label={`${authorName} at ${messageTime(time)}`}
    >
      <div className="w-9 shrink-0">
        {grouped ? (
          <time
            dateTime={message.created_at}
            className="invisible block pt-0.5 text-right text-[10px] text-muted-foreground group-hover:visible"
          >
            {compactTime(time)}
          </time>
        ) : (
          <Avatar className="size-9">
            <AvatarFallback className="text-xs">{initials(authorName)}</AvatarFallback>
          </Avatar>
        )}
      </div>
      <div className={cn('min-w-0 flex-1', message.status === 'sending' && 'opacity-60')}>
        {grouped ? null : (
          <div className="flex items-baseline gap-2">
            <span className="truncate text-sm font-semibold" data-testid="message-author">
              {authorName}
            </span>
            <time dateTime={message.created_at} className="text-xs text-muted-foreground">
              {messageTime(time)}
            </time>
          </div>
        )}
        {isReplyInChannel ? (
          <button
            type="button"
            className="text-xs text-muted-foreground hover:underline"
            onClick={() => message.parent_id && ctx.openThread(message.parent_id)}
            data-testid="replied-to-thread"
          >
            replied to a thread
          </button>
        ) : null}
        {message.deleted_at ? (
          <p className="text-sm text-muted-foreground italic" data-testid="message-deleted">
            This message was deleted.
          </p>
        ) : editing ? (
          <MessageEditor
            initialBody={message.body}
            onSave={(body) => ctx.saveEdit(message, body)}
            onCancel={ctx.cancelEdit}
          />
        ) : (
          <div data-testid="message-body">
            <MessageMarkdown source={message.body} />
            {message.edited_at ? (
              <span className="text-xs text-muted-foreground" data-testid="message-edited">
                {' '}
                (edited)
              </span>
            ) : null}
          </div>
        )}
        {message.deleted_at ? null : <ReactionBar message={message} />}
        {!inThread && message.parent_id === null && message.reply_count > 0 ? (
          <button
            type="button"
            onClick={() => ctx.openThread(message.id)}
            className="mt-1 flex items-center gap-2 rounded text-xs hover:underline"
            data-testid="thread-link"
          >
            <span className="font-medium text-primary" data-testid="reply-count">
              {replyCountLabel(message.reply_count)}
            </span>
            <LastReplyLabel at={message.last_reply_at} />
          </button>
        ) : null}
        {message.status === 'sending' ? (
          <p className="text-xs text-muted-foreground" data-testid="message-sending">
            Sending…
          </p>
        ) : null}
        {message.status === 'failed' ? (
          <p className="flex items-center gap-2 text-xs text-destructive" role="alert" data-testid="message-failed">
            <AlertCircleIcon className="size-3.5" aria-hidden="true" />
            {message.error ?? 'Not sent.'}
            <Button
              variant="outline"
              size="sm"
              className="h-6 px-2 text-xs"
              onClick={() => ctx.retry(message)}
              data-testid="retry-send"
            >
              <RotateCwIcon aria-hidden="true" />
              Retry
            </Button>
          </p>
        ) : null}
      </div>
      {editing ? null : <MessageActions message={message} inThread={inThread} />}
    </article>
  );
});
