import { createServerClient } from '@supabase/ssr';
import { type NextRequest, NextResponse } from 'next/server';
import { publicEnv } from '@/lib/env';
import type { Database } from '@/lib/supabase/database.types';

export type SessionResult = {
  /** The response to return (or to copy cookies from): it carries refreshed auth cookies. */
  response: NextResponse;
  /** The verified JWT claims, or null when signed out. */
  claims: Record<string, unknown> | null;
};

/**
 * Refreshes the Supabase session on every request that reaches the proxy, so Server Components
 * (which cannot write cookies) always see a valid access token.
 */
export async function updateSession(request: NextRequest): Promise<SessionResult> {
  let response = NextResponse.next({ request });

  // A new client per request: never share one between requests (it holds this user's cookies).
  const supabase = createServerClient<Database>(
    publicEnv.NEXT_PUBLIC_SUPABASE_URL,
    publicEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
    {
      cookies: {
        getAll() {
          return request.cookies.getAll();
        },
        setAll(cookiesToSet, headers) {
          for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
          response = NextResponse.next({ request });
          for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
          // Cache-Control and friends, so a CDN never caches a response that sets a session.
          for (const [key, value] of Object.entries(headers ?? {})) response.headers.set(key, value);
        },
      },
    },
  );

  // Do not run code between createServerClient and supabase.auth.getClaims(). A simple mistake
  // could make it very hard to debug issues with users being randomly logged out.
  //
  // IMPORTANT: getClaims() validates the JWT (and refreshes it when expired). If you remove it,
  // users of server-rendered pages may be randomly logged out.
  const { data } = await supabase.auth.getClaims();
  const claims = (data?.claims as Record<string, unknown> | undefined) ?? null;

  // IMPORTANT: return `response` as it is. If you need another response (a redirect), copy the
  // cookies over: `redirect.cookies.setAll(response.cookies.getAll())` — see `withSessionCookies`.
  // Otherwise the browser and the server go out of sync and the session ends prematurely.
  return { response, claims };
}

/** Copies the refreshed session cookies (and cache headers) of `from` onto another response. */
export function withSessionCookies<T extends NextResponse>(target: T, from: NextResponse): T {
  for (const cookie of from.cookies.getAll()) target.cookies.set(cookie);
  const cacheControl = from.headers.get('cache-control');
  if (cacheControl) target.headers.set('cache-control', cacheControl);
  return target;
}
