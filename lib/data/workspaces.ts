import 'server-only';

import { AppError } from '@/lib/errors';
import type { Enums, Tables } from '@/lib/supabase/database.types';
import type { TypedSupabaseClient } from '@/lib/supabase/types';

export type WorkspaceSummary = Pick<Tables<'workspaces'>, 'id' | 'slug' | 'name'> & {
  role: Enums<'workspace_role'>;
};

/**
 * The workspaces the user belongs to (active memberships), by name. RLS already limits both tables
 * to the caller's workspaces; filtering on `user_id` as well keeps the query on its index and makes
 * the intent explicit.
 */
export async function listWorkspaces(
  supabase: TypedSupabaseClient,
  { userId }: { userId: string },
): Promise<WorkspaceSummary[]> {
  const { data, error } = await supabase
    .from('workspace_members')
    .select('role, workspace:workspaces!inner(id, slug, name)')
    .eq('user_id', userId)
    .is('deactivated_at', null);
  if (error) throw new AppError('internal:database', 'Could not load your workspaces.', { cause: error });

  return (data ?? []).map((r) => ({ ...r.workspace, role: r.role })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * One workspace by slug, or null when it does not exist OR the caller is not a member: RLS hides
 * both the same way, so a page can answer "not found" without leaking whether the slug exists.
 */
export async function getWorkspaceBySlug(
  supabase: TypedSupabaseClient,
  { slug }: { slug: string },
): Promise<Pick<Tables<'workspaces'>, 'id' | 'slug' | 'name'> | null> {
  const { data, error } = await supabase.from('workspaces').select('id, slug, name').eq('slug', slug).maybeSingle();
  if (error) throw new AppError('internal:database', 'Could not load the workspace.', { cause: error });
  return data;
}
