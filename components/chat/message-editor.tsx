'use client';

import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { messageBodyError } from '@/lib/validation/message';

/**
 * Inline editor for one's own message: Enter saves, Shift+Enter adds a line, Esc cancels (and does
 * not close the thread panel around it). Errors stay in the editor with the text kept.
 */
export function MessageEditor({
  initialBody,
  onSave,
  onCancel,
}: {
  initialBody: string;
  onSave: (body: string) => Promise<string | null>;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initialBody);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const errorId = useId();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
    // The row grows once the virtualized list has measured it: bring the whole editor into view then.
    const frame = requestAnimationFrame(() =>
      requestAnimationFrame(() => rootRef.current?.scrollIntoView({ block: 'nearest' })),
    );
    return () => cancelAnimationFrame(frame);
  }, []);

  async function save() {
    if (saving) return;
    if (value === initialBody) {
      onCancel();
      return;
    }
    const problem = messageBodyError(value);
    if (problem) {
      setError(problem);
      return;
    }
    setSaving(true);
    const failure = await onSave(value);
    setSaving(false);
    if (failure) setError(failure);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void save();
    }
  }

  return (
    <div ref={rootRef} className="mt-1" data-testid="message-editor">
      <textarea
        ref={ref}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          if (error) setError(null);
        }}
        onKeyDown={onKeyDown}
        aria-label="Edit message"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="field-sizing-content max-h-64 min-h-9 w-full resize-none rounded-md border bg-background px-2 py-1.5 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring/50"
        data-testid="edit-composer"
      />
      {error ? (
        <p id={errorId} role="alert" className="text-xs text-destructive" data-testid="edit-error">
          {error}
        </p>
      ) : null}
      <div className="mt-1 flex items-center gap-2 text-xs text-muted-foreground">
        <Button size="sm" variant="outline" className="h-7" onClick={onCancel} type="button">
          Cancel
        </Button>
        <Button size="sm" className="h-7" onClick={() => void save()} disabled={saving} data-testid="save-edit">
          {saving ? 'Saving…' : 'Save'}
        </Button>
        <span className="hidden sm:inline">
          <kbd>Enter</kbd> to save, <kbd>Esc</kbd> to cancel
        </span>
      </div>
    </div>
  );
}
