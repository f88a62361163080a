import 'server-only';

import { getLandingChannelRef } from '@/lib/data/channels';
import { listWorkspaces } from '@/lib/data/workspaces';
import type { TypedSupabaseClient } from '@/lib/supabase/types';

/**
 * Where a signed-in user starts: the landing channel of their first workspace (by name), that
 * workspace when it has no channel for them, or null (no workspace: the home page's list).
 * Used by the home page AND by sign-in, so sign-in lands with a single redirect: a server action
 * redirecting to a page that redirects again leaves the browser on the first URL (Next dev).
 */
export async function getHomePath(
  supabase: TypedSupabaseClient,
  { userId }: { userId: string },
): Promise<string | null> {
  const [first] = await listWorkspaces(supabase, { userId });
  if (!first) return null;
  const landing = await getLandingChannelRef(supabase, { workspaceId: first.id, userId });
  return landing ? `/${first.slug}/${encodeURIComponent(landing)}` : `/${first.slug}`;
}
