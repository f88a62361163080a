import { formatDistanceStrict } from 'date-fns';
import type { MessageRow } from '@/lib/chat/messages';

/** Pure thread helpers. Unit-tested in threads.test.ts. */

/** True for rows of the thread rooted at `rootId`: the root itself and its replies. */
export function belongsToThread(row: Pick<MessageRow, 'id' | 'parent_id'>, rootId: string): boolean {
  return row.id === rootId || row.parent_id === rootId;
}

/** "1 reply" / "12 replies". */
export function replyCountLabel(count: number): string {
  return `${count} ${count === 1 ? 'reply' : 'replies'}`;
}

/** "Last reply 5 minutes ago" (or "just now" under a minute); null without a last reply. */
export function lastReplyLabel(lastReplyAt: string | null, now: number): string | null {
  if (!lastReplyAt) return null;
  const at = Date.parse(lastReplyAt);
  if (!Number.isFinite(at)) return null;
  if (now - at < 60_000) return 'Last reply just now';
  return `Last reply ${formatDistanceStrict(at, now, { roundingMethod: 'floor' })} ago`;
}

/** The URL search string with `thread` set to `threadId` (or removed), other parameters kept. */
export function withThreadParam(search: string, threadId: string | null): string {
  const params = new URLSearchParams(search);
  if (threadId) params.set('thread', threadId);
  else params.delete('thread');
  const s = params.toString();
  return s ? `?${s}` : '';
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The open thread from a `?thread=` value: a UUID, else null (a mangled link simply opens nothing). */
export function parseThreadParam(value: string | null | undefined): string | null {
  return value && UUID_RE.test(value) ? value.toLowerCase() : null;
}
