'use client';

import { summarizeTyping } from '@/lib/chat/typing';

/** "Ada is typing…" under a message list; an empty, fixed-height line when nobody is (no layout jump). */
export function TypingIndicator({ names, testId = 'typing-indicator' }: { names: readonly string[]; testId?: string }) {
  const text = summarizeTyping(names);
  return (
    <div className="h-5 shrink-0 truncate px-4 text-xs text-muted-foreground" aria-live="polite" data-testid={testId}>
      {text}
    </div>
  );
}
