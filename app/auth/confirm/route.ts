import type { EmailOtpType } from '@supabase/supabase-js';
import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { safeNextPath } from '@/lib/safe-next-path';
import { createClient } from '@/lib/supabase/server';

const OTP_TYPES: readonly EmailOtpType[] = ['signup', 'invite', 'magiclink', 'recovery', 'email_change', 'email'];

/**
 * Where links in auth emails land (sign-up confirmation, password recovery, magic link, invite).
 * Two shapes, both handled:
 *  - `?token_hash=…&type=…`: the link of a custom email template (`{{ .TokenHash }}`); verified here
 *    with verifyOtp, which works in any browser;
 *  - `?code=…`: the default template sends the person through Auth's /verify, which redirects here
 *    with a PKCE code; exchanged with the verifier cookie set when the mail was requested (so it
 *    must be opened in the same browser).
 * Then it continues to `next`, which comes from the URL and therefore goes through safeNextPath().
 */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const tokenHash = params.get('token_hash');
  const type = params.get('type') as EmailOtpType | null;
  const code = params.get('code');
  const next = safeNextPath(params.get('next'));
  const isRecovery = type === 'recovery' || next.startsWith('/update-password');

  const supabase = await createClient();
  let ok = false;
  if (tokenHash && type && OTP_TYPES.includes(type)) {
    const { error } = await supabase.auth.verifyOtp({ type, token_hash: tokenHash });
    ok = !error;
  } else if (code) {
    const { error } = await supabase.auth.exchangeCodeForSession(code);
    ok = !error;
  }

  if (!ok) redirect(isRecovery ? '/forgot-password?error=link_expired' : '/login?error=link_expired');
  redirect(next);
}
