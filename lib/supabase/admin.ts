import 'server-only';

import { createClient as createSupabaseClient } from '@supabase/supabase-js';
import { publicEnv, serverEnv } from '@/lib/env';
import type { Database } from '@/lib/supabase/database.types';

/**
 * Secret-key client: it BYPASSES row-level security. Use it only inside an action or route handler
 * that has already checked the caller's authorization, never to load page data (house style:
 * data-access table). It holds no user session, so it is safe to create per call.
 */
export function createAdminClient() {
  return createSupabaseClient<Database>(publicEnv.NEXT_PUBLIC_SUPABASE_URL, serverEnv().SUPABASE_SECRET_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
