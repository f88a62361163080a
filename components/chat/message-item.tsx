'use client';

import { format } from 'date-fns';
import { AlertCircleIcon, RotateCwIcon } from 'lucide-react';
import { memo } from 'react';
import { MessageMarkdown } from '@/components/chat/message-markdown';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import type { ChatMessage } from '@/lib/chat/messages';
import { cn } from '@/lib/utils';

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return (parts.length > 1 ? `${parts[0][0]}${parts[1][0]}` : name.slice(0, 2)).toUpperCase();
}

/** One message: author and time at the start of a group, the body, and its send state. */
export const MessageItem = memo(function MessageItem({
  message,
  authorName,
  grouped,
  onRetry,
}: {
  message: ChatMessage;
  authorName: string;
  grouped: boolean;
  onRetry: (clientId: string) => void;
}) {
  const time = new Date(message.created_at);
  return (
    <article
      className={cn('group flex gap-3 px-4 hover:bg-muted/40', grouped ? 'py-0.5' : 'pt-2 pb-0.5')}
      data-testid="message"
      data-seq={message.status ? undefined : message.seq}
      data-status={message.status ?? 'sent'}
      aria-label={`${authorName} at ${format(time, 'p')}`}
    >
      <div className="w-9 shrink-0">
        {grouped ? (
          <time
            dateTime={message.created_at}
            className="invisible block pt-0.5 text-right text-[10px] text-muted-foreground group-hover:visible"
          >
            {format(time, 'HH:mm')}
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
              {format(time, 'p')}
            </time>
          </div>
        )}
        {message.deleted_at ? (
          <p className="text-sm text-muted-foreground italic">This message was deleted.</p>
        ) : (
          <div data-testid="message-body">
            <MessageMarkdown source={message.body} />
          </div>
        )}
        {message.edited_at && !message.deleted_at ? (
          <span className="text-xs text-muted-foreground">(edited)</span>
        ) : null}
        {message.reply_count > 0 ? (
          <p className="text-xs font-medium text-primary">
            {message.reply_count} {message.reply_count === 1 ? 'reply' : 'replies'}
          </p>
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
              onClick={() => onRetry(message.client_id)}
              data-testid="retry-send"
            >
              <RotateCwIcon aria-hidden="true" />
              Retry
            </Button>
          </p>
        ) : null}
      </div>
    </article>
  );
});
