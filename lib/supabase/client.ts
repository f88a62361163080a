import { createBrowserClient } from '@supabase/ssr';
import { publicEnv } from '@/lib/env';
import type { Database } from '@/lib/supabase/database.types';

/**
 * Supabase client for Client Components. `createBrowserClient` keeps one instance per page (it
 * caches internally), stores the session in cookies shared with the server and refreshes tokens.
 * Everything it can read is guarded by RLS: never rely on the UI hiding things.
 */
export function createClient() {
  return createBrowserClient<Database>(
    publicEnv.NEXT_PUBLIC_SUPABASE_URL,
    publicEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
  );
}
