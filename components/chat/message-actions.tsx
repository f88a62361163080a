'use client';

import { MessageSquareTextIcon, PencilIcon, Trash2Icon } from 'lucide-react';
import { EmojiPicker } from '@/components/chat/emoji-picker';
import { useMessageContext } from '@/components/chat/message-context';
import { Button } from '@/components/ui/button';
import type { ChatMessage } from '@/lib/chat/messages';

/**
 * The hover (and keyboard focus) toolbar of a message: react, reply in thread, edit, delete. Only
 * the actions the viewer may take show; the RPCs enforce the same rules.
 */
export function MessageActions({ message, inThread }: { message: ChatMessage; inThread: boolean }) {
  const ctx = useMessageContext();
  if (message.status || message.deleted_at || !ctx.canPost) return null;
  const mine = message.author_id === ctx.currentUserId;
  const threadRoot = message.parent_id ?? message.id;
  return (
    <div
      role="toolbar"
      aria-label="Message actions"
      // Invisible until hover or keyboard focus, but still in the tab order (display:none would hide it from keyboards).
      className="pointer-events-none absolute -top-3 right-4 z-10 flex items-center rounded-md border bg-background p-0.5 opacity-0 shadow-sm group-focus-within:pointer-events-auto group-focus-within:opacity-100 group-hover:pointer-events-auto group-hover:opacity-100 has-[[data-state=open]]:pointer-events-auto has-[[data-state=open]]:opacity-100"
      data-testid="message-actions"
    >
      <EmojiPicker onPick={(code) => ctx.toggleReaction(message, code)} />
      {inThread ? null : (
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label="Reply in thread"
          title="Reply in thread"
          onClick={() => ctx.openThread(threadRoot)}
          data-testid="reply-in-thread"
        >
          <MessageSquareTextIcon aria-hidden="true" />
        </Button>
      )}
      {mine ? (
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label="Edit message"
          title="Edit message"
          onClick={() => ctx.startEdit(message, inThread)}
          data-testid="edit-message"
        >
          <PencilIcon aria-hidden="true" />
        </Button>
      ) : null}
      {mine || ctx.canModerate ? (
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label="Delete message"
          title="Delete message"
          onClick={() => ctx.requestDelete(message)}
          data-testid="delete-message"
        >
          <Trash2Icon aria-hidden="true" />
        </Button>
      ) : null}
    </div>
  );
}
