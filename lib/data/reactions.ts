import type { ReactionRow } from '@/lib/chat/reactions';
import { idBatches } from '@/lib/data/id-batches';
import { messageError } from '@/lib/data/messages';
import type { TypedSupabaseClient } from '@/lib/supabase/types';

/** Reaction queries (browser and RSC; RLS limits rows to channels the caller can read). */

/** The reactions of the given messages, oldest first. */
export async function listReactions(
  supabase: TypedSupabaseClient,
  { channelId, messageIds }: { channelId: string; messageIds: readonly string[] },
): Promise<ReactionRow[]> {
  const rows: ReactionRow[] = [];
  for (const batch of idBatches(messageIds)) {
    const { data, error } = await supabase
      .from('reactions')
      .select('message_id, user_id, emoji, created_at')
      .eq('channel_id', channelId)
      .in('message_id', batch)
      .order('created_at', { ascending: true });
    if (error) throw messageError(error, 'load');
    rows.push(...(data ?? []));
  }
  return rows;
}

/** Adds the caller's reaction, or removes it when present; true when it was added. */
export async function toggleReaction(
  supabase: TypedSupabaseClient,
  { messageId, emoji }: { messageId: string; emoji: string },
): Promise<boolean> {
  const { data, error } = await supabase.rpc('toggle_reaction', { message_id: messageId, emoji });
  if (error) throw messageError(error, 'react');
  return data;
}
