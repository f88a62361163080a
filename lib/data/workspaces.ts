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

type PostgrestLikeError = { code?: string; message?: string };

/** Creates a workspace (the caller becomes its owner, with #general). A taken slug is a field error. */
export async function createWorkspace(
  supabase: TypedSupabaseClient,
  { name, slug }: { name: string; slug: string },
): Promise<Pick<Tables<'workspaces'>, 'id' | 'slug' | 'name'>> {
  const { data, error } = await supabase.rpc('create_workspace', { name, slug });
  if (error) throw workspaceRpcError(error, 'Could not create the workspace.');
  return { id: data.id, slug: data.slug, name: data.name };
}

/** Creates an invite link's token (admins and owners). The token is shown once; only its hash is stored. */
export async function createInvite(
  supabase: TypedSupabaseClient,
  {
    workspaceId,
    role,
    expiresInDays,
    maxUses,
  }: { workspaceId: string; role: Enums<'workspace_role'>; expiresInDays: number; maxUses: number },
): Promise<{ token: string; expiresAt: string }> {
  const { data, error } = await supabase.rpc('create_invite', {
    workspace_id: workspaceId,
    role,
    expires_in: `${expiresInDays} days`,
    max_uses: maxUses,
  });
  if (error) throw workspaceRpcError(error, 'Could not create the invite link.');
  const row = Array.isArray(data) ? data[0] : data;
  if (!row) throw new AppError('internal:workspace', 'Could not create the invite link.');
  return { token: row.token, expiresAt: row.expires_at };
}

/** Accepts an invite; returns the workspace it joins (already a member: that workspace, nothing changes). */
export async function acceptInvite(
  supabase: TypedSupabaseClient,
  { token }: { token: string },
): Promise<Pick<Tables<'workspaces'>, 'id' | 'slug' | 'name'>> {
  const { data: workspaceId, error } = await supabase.rpc('accept_invite', { token });
  if (error) {
    if (error.code === 'PT404') {
      throw new AppError('not_found:workspace', 'This invite link is not valid. Ask for a new one.', { cause: error });
    }
    throw workspaceRpcError(error, 'Could not accept the invite.');
  }
  const { data, error: loadError } = await supabase
    .from('workspaces')
    .select('id, slug, name')
    .eq('id', workspaceId)
    .single();
  if (loadError) throw new AppError('internal:database', 'Could not load the workspace.', { cause: loadError });
  return data;
}

export type InvitePreview = {
  workspaceName: string;
  /** Only when the caller already belongs to the workspace. */
  workspaceSlug: string | null;
  role: Enums<'workspace_role'>;
  invitedBy: string | null;
  expiresAt: string;
  status: 'valid' | 'revoked' | 'expired' | 'used_up' | 'member' | 'deactivated';
};

/**
 * Where an invite link leads, for the page that asks before joining; null when the token is not an
 * invite this user may use (unknown, malformed, or meant for another email address).
 */
export async function previewInvite(
  supabase: TypedSupabaseClient,
  { token }: { token: string },
): Promise<InvitePreview | null> {
  const { data, error } = await supabase.rpc('preview_invite', { token });
  if (error) {
    if (error.code === 'PT404') return null;
    throw workspaceRpcError(error, 'Could not load the invite.');
  }
  const row = data?.[0];
  if (!row) return null;
  return {
    workspaceName: row.workspace_name,
    workspaceSlug: row.workspace_slug,
    role: row.role,
    invitedBy: row.invited_by_name,
    expiresAt: row.expires_at,
    status: row.status as InvitePreview['status'],
  };
}

export type ActiveInvite = Pick<
  Tables<'workspace_invites'>,
  'id' | 'role' | 'expires_at' | 'max_uses' | 'use_count'
> & {
  createdBy: string | null;
};

/**
 * The workspace's invite links that can still be used, newest first (admins and owners: RLS shows
 * the rows to nobody else, so others get an empty list).
 */
export async function listActiveInvites(
  supabase: TypedSupabaseClient,
  { workspaceId }: { workspaceId: string },
): Promise<ActiveInvite[]> {
  const { data, error } = await supabase
    .from('workspace_invites')
    .select(
      'id, role, expires_at, max_uses, use_count, creator:profiles!workspace_invites_created_by_fkey(display_name)',
    )
    .eq('workspace_id', workspaceId)
    .is('revoked_at', null)
    .gt('expires_at', new Date().toISOString())
    .order('created_at', { ascending: false })
    .limit(100);
  if (error) throw new AppError('internal:database', 'Could not load the invite links.', { cause: error });
  return (data ?? [])
    .filter((i) => i.use_count < i.max_uses)
    .map(({ creator, ...i }) => ({ ...i, createdBy: creator?.display_name ?? null }));
}

/** Revokes an invite link (admins and owners); revoking twice is harmless. */
export async function revokeInvite(supabase: TypedSupabaseClient, { inviteId }: { inviteId: string }): Promise<void> {
  const { error } = await supabase.rpc('revoke_invite', { invite_id: inviteId });
  if (error) {
    if (error.code === 'PT404') {
      throw new AppError('not_found:workspace', 'That invite link no longer exists, or you may not manage it.', {
        cause: error,
      });
    }
    throw workspaceRpcError(error, 'Could not revoke the invite link.');
  }
}

/**
 * Maps the workspace RPCs' documented errors (see their SQL comments) to messages a person can act
 * on. The database's own messages are written for people, so 22023/42501/PT409 pass them on.
 */
export function workspaceRpcError(error: PostgrestLikeError, fallback: string): AppError {
  const cause = error;
  switch (error.code) {
    case '23505':
      return new AppError('conflict:workspace', 'That URL is taken. Please choose another.', {
        cause,
        fieldErrors: { slug: 'That URL is taken. Please choose another.' },
      });
    case '22023':
      return new AppError('bad_request:workspace', error.message ?? fallback, { cause });
    case '42501':
      return new AppError('forbidden:workspace', error.message ?? "You don't have permission to do that.", { cause });
    case 'PT404':
      return new AppError('not_found:workspace', error.message ?? 'Workspace not found.', { cause });
    case 'PT409':
      return new AppError('conflict:workspace', error.message ?? fallback, { cause });
  }
  if (!error.code) return new AppError('offline:workspace', undefined, { cause });
  return new AppError('internal:workspace', fallback, { cause });
}
