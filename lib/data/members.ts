import 'server-only';

import { listProfileNames } from '@/lib/data/profiles';
import { AppError } from '@/lib/errors';
import type { Enums } from '@/lib/supabase/database.types';
import type { TypedSupabaseClient } from '@/lib/supabase/types';

export type MemberSummary = { id: string; name: string; role: Enums<'workspace_role'> | null };

const byName = (a: MemberSummary, b: MemberSummary) => a.name.localeCompare(b.name);

/**
 * Active members of a workspace the caller may see (RLS: non-guests see everyone, guests their
 * channels' co-members), by name. One query for the rows, one for the names.
 */
export async function listWorkspaceMembers(
  supabase: TypedSupabaseClient,
  { workspaceId }: { workspaceId: string },
): Promise<MemberSummary[]> {
  const { data, error } = await supabase
    .from('workspace_members')
    .select('user_id, role')
    .eq('workspace_id', workspaceId)
    .is('deactivated_at', null)
    .limit(1000);
  if (error) throw new AppError('internal:database', 'Could not load the members.', { cause: error });
  const rows = data ?? [];
  const names = await listProfileNames(supabase, { ids: rows.map((r) => r.user_id) });
  return rows.map((r) => ({ id: r.user_id, name: names[r.user_id] ?? 'Someone', role: r.role })).sort(byName);
}

/** Members of a channel the caller can read, by name (RLS hides the rows of channels they cannot). */
export async function listChannelMembers(
  supabase: TypedSupabaseClient,
  { channelId }: { channelId: string },
): Promise<MemberSummary[]> {
  const { data, error } = await supabase
    .from('channel_members')
    .select('user_id')
    .eq('channel_id', channelId)
    .limit(1000);
  if (error) throw new AppError('internal:database', 'Could not load the channel members.', { cause: error });
  const ids = (data ?? []).map((r) => r.user_id);
  const names = await listProfileNames(supabase, { ids });
  return ids.map((id) => ({ id, name: names[id] ?? 'Someone', role: null })).sort(byName);
}
