import 'server-only';

import type { TypedSupabaseClient } from '@/lib/supabase/types';

export type SessionUser = { id: string; email: string | null };

/**
 * The signed-in user from verified JWT claims (getClaims() checks the signature, unlike
 * getSession()), or null. Cheap: no Auth round trip while the access token is valid.
 */
export async function getSessionUser(supabase: TypedSupabaseClient): Promise<SessionUser | null> {
  const { data, error } = await supabase.auth.getClaims();
  const claims = data?.claims;
  if (error || !claims?.sub) return null;
  return { id: claims.sub, email: typeof claims.email === 'string' ? claims.email : null };
}
