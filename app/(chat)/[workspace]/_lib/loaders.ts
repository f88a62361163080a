import 'server-only';

import { cache } from 'react';
import { getSessionUser } from '@/lib/data/auth';
import { getWorkspaceBySlug } from '@/lib/data/workspaces';
import { createClient } from '@/lib/supabase/server';

/**
 * Per-request memoized loaders shared by the workspace layout and its pages, so one request asks
 * for the session and the workspace once (React `cache` lives for a single server render; nothing
 * is shared between requests or users).
 */
export const loadSession = cache(async () => {
  const supabase = await createClient();
  const user = await getSessionUser(supabase);
  return { supabase, user };
});

/** The workspace by URL slug, or null when missing or not the caller's (RLS): callers answer notFound(). */
export const loadWorkspace = cache(async (slug: string) => {
  const { supabase } = await loadSession();
  return getWorkspaceBySlug(supabase, { slug: decodeURIComponent(slug) });
});
