'use client';

import { useNow } from '@/hooks/use-now';
import { lastReplyLabel } from '@/lib/chat/threads';

/** "Last reply 5 minutes ago" under a thread root, kept current while the page stays open. */
export function LastReplyLabel({ at }: { at: string | null }) {
  const now = useNow();
  return (
    // Server and browser clocks differ by the time the page took to arrive: a minute boundary between them is expected.
    <span className="text-muted-foreground" data-testid="last-reply" suppressHydrationWarning>
      {lastReplyLabel(at, now)}
    </span>
  );
}
