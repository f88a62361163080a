import 'server-only';

import { createServerClient } from '@supabase/ssr';
import { cookies } from 'next/headers';
import { publicEnv } from '@/lib/env';
import type { Database } from '@/lib/supabase/database.types';

/**
 * Supabase client for Server Components, Server Actions and Route Handlers, acting as the signed-in
 * user (their JWT from the cookies), so RLS applies exactly as in the browser.
 *
 * Create one per request and never store it at module scope or in a global: it carries one user's
 * cookies, and on a server that handles many requests (Fluid compute, a long-lived `next start`) a
 * shared instance would serve one user's session to another.
 */
export async function createClient() {
  const cookieStore = await cookies();

  return createServerClient<Database>(
    publicEnv.NEXT_PUBLIC_SUPABASE_URL,
    publicEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
    {
      cookies: {
        getAll() {
          return cookieStore.getAll();
        },
        setAll(cookiesToSet) {
          try {
            for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
          } catch {
            // Server Components cannot set cookies. That is fine as long as the proxy (proxy.ts)
            // refreshes sessions on every request, which it does.
          }
        },
      },
    },
  );
}

export type ServerSupabaseClient = Awaited<ReturnType<typeof createClient>>;
