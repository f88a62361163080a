import { type MessageRow, toMessageRow } from '@/lib/chat/messages';
import { AppError } from '@/lib/errors';
import type { TypedSupabaseClient } from '@/lib/supabase/types';

/**
 * Message queries, used by the RSC page (first page) and in the browser (older pages, catch-up,
 * sends). No `server-only`: RLS guards every row, and the browser client acts as the same user.
 */

export const PAGE_SIZE = 50;

/**
 * The columns a client keeps (every column of `messages` but the stored search vector): asking the list
 * RPCs for these spares the database printing each row's tsvector and the wire carrying it.
 */
const MESSAGE_COLUMNS =
  'id, workspace_id, channel_id, seq, author_id, client_id, parent_id, body, also_in_channel, reply_count, last_reply_at, edited_at, deleted_at, created_at, updated_at';
/** fetch_messages() caps `limit` at 200. */
export const CATCH_UP_PAGE_SIZE = 200;

type PostgrestLikeError = { code?: string; message?: string };

type MessageAction = 'send' | 'load' | 'edit' | 'delete' | 'react';

/** Maps message RPC errors (see their SQL comments) to AppErrors a person can act on. */
export function messageError(error: PostgrestLikeError, action: MessageAction): AppError {
  const cause = error;
  switch (error.code) {
    case '22001':
      return new AppError('bad_request:message', 'Message is too long (max 40,000 characters).', { cause });
    case '22023':
      return new AppError('bad_request:message', error.message ?? 'That message cannot be sent.', { cause });
    case 'PT404':
      return action === 'send' || action === 'load'
        ? new AppError('not_found:channel', 'This channel no longer exists or you lost access to it.', { cause })
        : new AppError('not_found:message', 'This message no longer exists or you lost access to it.', { cause });
    case '42501':
      if (action === 'edit')
        return new AppError('forbidden:message', 'You can only edit your own messages.', { cause });
      if (action === 'delete') {
        return new AppError('forbidden:message', 'You can only delete your own messages.', { cause });
      }
      return new AppError('forbidden:channel', 'Join this channel to post in it.', { cause });
    case 'PT409':
      return new AppError('conflict:message', error.message ?? 'This message cannot be sent.', { cause });
  }
  if (!error.code || error.message?.includes('fetch')) {
    return new AppError('offline:message', "Couldn't reach the server. Check your connection and retry.", { cause });
  }
  const fallback: Record<MessageAction, string | undefined> = {
    send: 'Sending failed. Please retry.',
    load: undefined,
    edit: 'Saving the edit failed. Please retry.',
    delete: 'Deleting failed. Please retry.',
    react: 'Reacting failed. Please retry.',
  };
  return new AppError('internal:message', fallback[action], { cause });
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
  const { data, error } = await supabase
    .rpc('fetch_messages', {
      channel_id: channelId,
      ...(before !== undefined ? { before_seq: before } : {}),
      ...(after !== undefined ? { after_seq: after } : {}),
      limit,
      include_replies: includeReplies,
    })
    .select(MESSAGE_COLUMNS);
  if (error) throw messageError(error, 'load');
  return (data ?? []).map(toMessageRow);
}

/**
 * Sends a message idempotently: retries MUST reuse `clientId` (send_message() returns the original).
 * With `parentId` it is a thread reply, shown in the channel too when `alsoInChannel`.
 */
export async function createMessage(
  supabase: TypedSupabaseClient,
  {
    channelId,
    body,
    clientId,
    parentId,
    alsoInChannel,
  }: { channelId: string; body: string; clientId: string; parentId?: string; alsoInChannel?: boolean },
): Promise<MessageRow> {
  const { data, error } = await supabase.rpc('send_message', {
    channel_id: channelId,
    body,
    client_id: clientId,
    ...(parentId ? { parent_id: parentId, also_in_channel: !!alsoInChannel } : {}),
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

/** list_thread() caps `limit` at 500. */
export const THREAD_PAGE_SIZE = 200;

/** A thread: its root, then every reply in seq order (keyset pages on seq, never OFFSET). */
export async function listThread(supabase: TypedSupabaseClient, { rootId }: { rootId: string }): Promise<MessageRow[]> {
  const rows: MessageRow[] = [];
  let after: number | undefined;
  for (;;) {
    const { data, error } = await supabase
      .rpc('list_thread', {
        message_id: rootId,
        limit: THREAD_PAGE_SIZE,
        ...(after !== undefined ? { after_seq: after } : {}),
      })
      .select(MESSAGE_COLUMNS);
    if (error) {
      if (error.code === 'PT404' || error.code === '22023') {
        throw new AppError('not_found:message', 'This thread no longer exists or you lost access to it.', {
          cause: error,
        });
      }
      throw messageError(error, 'load');
    }
    const page = (data ?? []).map(toMessageRow);
    rows.push(...page);
    if (page.length < THREAD_PAGE_SIZE) return rows;
    after = page[page.length - 1].seq;
  }
}

/** Edits the caller's own message (edit_message()); returns the updated row. */
export async function updateMessage(
  supabase: TypedSupabaseClient,
  { messageId, body }: { messageId: string; body: string },
): Promise<MessageRow> {
  const { data, error } = await supabase.rpc('edit_message', { message_id: messageId, body });
  if (error) throw messageError(error, 'edit');
  return toMessageRow(data);
}

/** Soft-deletes a message (its author, or a workspace admin/owner moderating); returns the tombstone. */
export async function deleteMessage(
  supabase: TypedSupabaseClient,
  { messageId }: { messageId: string },
): Promise<MessageRow> {
  const { data, error } = await supabase.rpc('delete_message', { message_id: messageId });
  if (error) throw messageError(error, 'delete');
  return toMessageRow(data);
}

/** fetch_message_changes() caps `limit` at 200. */
export const CHANGES_PAGE_SIZE = 200;

/**
 * One keyset page of the channel's messages changed at or after `since` (strictly after the row
 * `(since, afterId)` when afterId is given). `since` must be an updated_at string exactly as the
 * database returned it: a JS Date would drop its microseconds.
 */
export async function listMessageChanges(
  supabase: TypedSupabaseClient,
  { channelId, since, afterId }: { channelId: string; since: string; afterId?: string },
): Promise<MessageRow[]> {
  const { data, error } = await supabase
    .rpc('fetch_message_changes', {
      channel_id: channelId,
      since,
      limit: CHANGES_PAGE_SIZE,
      ...(afterId ? { after_id: afterId } : {}),
    })
    .select(MESSAGE_COLUMNS);
  if (error) throw messageError(error, 'load');
  return (data ?? []).map(toMessageRow);
}

/**
 * Whether the user may delete other people's messages in the workspace (delete_message() lets
 * active admins and owners moderate). Only decides which buttons show: the RPC is the guard.
 */
export async function getCanModerate(
  supabase: TypedSupabaseClient,
  { workspaceId, userId }: { workspaceId: string; userId: string },
): Promise<boolean> {
  const { data, error } = await supabase
    .from('workspace_members')
    .select('role')
    .eq('workspace_id', workspaceId)
    .eq('user_id', userId)
    .is('deactivated_at', null)
    .maybeSingle();
  if (error) throw new AppError('internal:database', 'Could not load your role.', { cause: error });
  return data?.role === 'admin' || data?.role === 'owner';
}
