'use client';

import { SendHorizontalIcon } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, type ReactNode, type RefObject, useId, useRef, useState } from 'react';
import { loadMarkdownRenderer } from '@/components/chat/message-markdown';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';
import { MESSAGE_MAX_LENGTH, messageBodyError } from '@/lib/validation/message';

/**
 * The message box: Enter sends, Shift+Enter adds a line (and Enter while an IME is composing does
 * nothing). The body is checked with the database's rules (lib/validation/message.ts): a blank message is
 * refused, a too-long one gets a clear error and keeps its text. Arrow-up in the empty box edits
 * your last message; typing is reported (debounced by the caller's hook) and stops on send or when
 * the box is emptied.
 */
export function Composer({
  channelLabel,
  onSend,
  disabled,
  label,
  testId = 'message-composer',
  onEditLast,
  onTyping,
  onStopTyping,
  options,
  autoFocus,
  inputRef,
}: {
  channelLabel: string;
  onSend: (body: string) => void;
  disabled?: boolean;
  /** Placeholder and accessible name; defaults to "Message <channel>". */
  label?: string;
  testId?: string;
  /** Arrow-up in the empty box: open the editor on your last message. Returns false when there is none. */
  onEditLast?: () => boolean;
  onTyping?: () => void;
  onStopTyping?: () => void;
  /** Extra controls under the box (e.g. "Also send to #channel"). */
  options?: ReactNode;
  autoFocus?: boolean;
  /** The textarea, for callers that move focus back to it (e.g. after an edit). */
  inputRef?: RefObject<HTMLTextAreaElement | null>;
}) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const localRef = useRef<HTMLTextAreaElement>(null);
  const ref = inputRef ?? localRef;
  const errorId = useId();
  const over = value.length > MESSAGE_MAX_LENGTH;

  function submit() {
    const problem = messageBodyError(value);
    if (problem) {
      setError(problem);
      ref.current?.focus();
      return;
    }
    setError(null);
    onStopTyping?.();
    onSend(value);
    setValue('');
    ref.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === 'ArrowUp' && value === '' && onEditLast && !event.nativeEvent.isComposing) {
      if (onEditLast()) event.preventDefault();
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submit();
  }

  return (
    <form onSubmit={onSubmit} className="shrink-0 border-t p-3" data-testid="composer">
      <div
        className={cn(
          'flex items-end gap-2 rounded-lg border bg-background p-2 focus-within:ring-2 focus-within:ring-ring/50',
          (error || over) && 'border-destructive',
        )}
      >
        <textarea
          ref={ref}
          value={value}
          onChange={(e) => {
            // The message about to be sent will need the markdown renderer: load it while typing.
            if (value === '') loadMarkdownRenderer().catch(() => {});
            setValue(e.target.value);
            if (error) setError(null);
            if (e.target.value.trim() === '') onStopTyping?.();
            else onTyping?.();
          }}
          onBlur={() => onStopTyping?.()}
          onKeyDown={onKeyDown}
          rows={1}
          disabled={disabled}
          // biome-ignore lint/a11y/noAutofocus: the thread composer takes focus when the user opens the thread
          autoFocus={autoFocus}
          placeholder={label ?? `Message ${channelLabel}`}
          aria-label={label ?? `Message ${channelLabel}`}
          aria-invalid={error || over ? true : undefined}
          aria-describedby={error || over ? errorId : undefined}
          className="field-sizing-content max-h-48 min-h-9 flex-1 resize-none bg-transparent px-1 py-1.5 text-sm outline-none placeholder:text-muted-foreground"
          data-testid={testId}
        />
        <Button type="submit" size="icon" aria-label="Send message" disabled={disabled} data-testid="send-button">
          <SendHorizontalIcon aria-hidden="true" />
        </Button>
      </div>
      {options}
      {error || over ? (
        <p id={errorId} role="alert" className="mt-1 text-xs text-destructive" data-testid="composer-error">
          {error ??
            `Message is too long: ${value.length.toLocaleString('en-US')} of ${MESSAGE_MAX_LENGTH.toLocaleString('en-US')} characters allowed.`}
        </p>
      ) : (
        <p className="mt-1 hidden text-xs text-muted-foreground sm:block">
          <kbd>Enter</kbd> to send, <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line. **bold**, _italic_, `code`.
        </p>
      )}
    </form>
  );
}
