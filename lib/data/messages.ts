import { type MessageRow, toMessageRow } from '@/lib/chat/messages';
import { AppError } from '@/lib/errors';
import type { TypedSupabaseClient } from '@/lib/supabase/types';

/**
 * Message queries, used by the RSC page (first page) and in the browser (older pages, catch-up,
 * sends). No `server-only`: RLS guards every row, and the browser client acts as the same user.
 */

export const PAGE_SIZE = 50;
/** fetch_messages() caps `limit` at 200. */
export const CATCH_UP_PAGE_SIZE = 200;

type PostgrestLikeError = { code?: string; message?: string };

/** Maps send_message()/fetch_messages() errors (see their SQL comments) to AppErrors a person can act on. */
export function messageError(error: PostgrestLikeError, action: 'send' | 'load'): AppError {
  const cause = error;
  switch (error.code) {
    case '22001':
      return new AppError('bad_request:message', 'Message is too long (max 40,000 characters).', { cause });
    case '22023':
      return new AppError('bad_request:message', error.message ?? 'That message cannot be sent.', { cause });
    case 'PT404':
      return new AppError('not_found:channel', 'This channel no longer exists or you lost access to it.', { cause });
    case '42501':
      return new AppError('forbidden:channel', 'Join this channel to post in it.', { cause });
    case 'PT409':
      return new AppError('conflict:message', error.message ?? 'This message cannot be sent.', { cause });
  }
  if (!error.code || error.message?.includes('fetch')) {
    return new AppError('offline:message', "Couldn't reach the server. Check your connection and retry.", { cause });
  }
  return new AppError('internal:message', action === 'send' ? 'Sending failed. Please retry.' : undefined, { cause });
}

/**
 * A keyset page of the channel stream in ascending seq: the newest `limit` by default, older than
 * `before`, or newer than `after` (catch-up; with `includeReplies` so every seq is seen).
 */
export async function listMessages(
  supabase: TypedSupabaseClient,
  {
    channelId,
    before,
    after,
    limit = PAGE_SIZE,
    includeReplies = false,
  }: { channelId: string; before?: number; after?: number; limit?: number; includeReplies?: boolean },
): Promise<MessageRow[]> {
  const { data, error } = await supabase.rpc('fetch_messages', {
    channel_id: channelId,
    ...(before !== undefined ? { before_seq: before } : {}),
    ...(after !== undefined ? { after_seq: after } : {}),
    limit,
    include_replies: includeReplies,
  });
  if (error) throw messageError(error, 'load');
  return (data ?? []).map(toMessageRow);
}

/** Sends a message idempotently: retries MUST reuse `clientId` (send_message() returns the original). */
export async function createMessage(
  supabase: TypedSupabaseClient,
  { channelId, body, clientId, parentId }: { channelId: string; body: string; clientId: string; parentId?: string },
): Promise<MessageRow> {
  const { data, error } = await supabase.rpc('send_message', {
    channel_id: channelId,
    body,
    client_id: clientId,
    ...(parentId ? { parent_id: parentId } : {}),
  });
  if (error) throw messageError(error, 'send');
  return toMessageRow(data);
}

/** Moves the caller's read position forward (never back) to `seq`. */
export async function updateReadPosition(
  supabase: TypedSupabaseClient,
  { channelId, seq }: { channelId: string; seq: number },
): Promise<void> {
  const { error } = await supabase.rpc('mark_read', { channel_id: channelId, seq });
  if (error) throw messageError(error, 'load');
}
