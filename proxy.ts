import { type NextRequest, NextResponse } from 'next/server';
import { updateSession, withSessionCookies } from '@/lib/supabase/proxy';

/**
 * Next 16 proxy (formerly middleware). Runs before every page request:
 * 1. refreshes the Supabase session (lib/supabase/proxy.ts);
 * 2. protects everything that is not a public auth page: signed-out visitors are sent to
 *    `/login?next=<where they wanted to go>`. The login page checks `next` with safeNextPath()
 *    before using it, so this parameter can never become an open redirect.
 *
 * Deny by default: a new route is protected unless it is listed here. Pages still check the user
 * themselves (app/(chat)/layout.tsx): the proxy is a convenience, not the security boundary; RLS is.
 */
const PUBLIC_PATHS = ['/login', '/sign-up', '/forgot-password', '/update-password'];
const PUBLIC_PREFIXES = ['/auth/'];

function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.includes(pathname) || PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
}

export async function proxy(request: NextRequest) {
  const { response, claims } = await updateSession(request);

  if (!claims && !isPublic(request.nextUrl.pathname)) {
    const url = request.nextUrl.clone();
    const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
    url.pathname = '/login';
    url.search = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
    return withSessionCookies(NextResponse.redirect(url), response);
  }

  return response;
}

export const config = {
  matcher: [
    // Everything except Next internals and static files (icons, images, fonts).
    '/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|woff2?)$).*)',
  ],
};
