'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { safeAction } from '@/lib/actions/safe-action';
import { getHomePath } from '@/lib/data/home';
import { AppError, authError } from '@/lib/errors';
import { safeNextPath } from '@/lib/safe-next-path';
import { requestPasswordResetSchema, signInSchema, signUpSchema, updatePasswordSchema } from '@/lib/schemas/auth';
import { createClient } from '@/lib/supabase/server';

/**
 * Auth actions: thin wrappers that validate (safeAction + zod), call Supabase Auth and map its
 * errors to messages a person can act on. On success the sign-in/up actions redirect server-side,
 * so the new session cookies and the next page arrive in one round trip.
 */

/** This site's origin as the browser sees it, for links in emails (confirm, password reset). */
async function siteOrigin(): Promise<string> {
  const h = await headers();
  // Next checks that a server action's Origin matches its Host, so Origin is trustworthy here.
  const origin = h.get('origin');
  if (origin) return origin;
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  const proto =
    h.get('x-forwarded-proto') ?? (host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https');
  return `${proto}://${host}`;
}

const signIn = safeAction({ schema: signInSchema, auth: false }, async (input, { supabase }) => {
  const { data, error } = await supabase.auth.signInWithPassword({ email: input.email, password: input.password });
  if (error) throw authError(error);
  const next = safeNextPath(input.next);
  // The default destination is the home page, which would redirect again into the first
  // workspace's channel: go there directly (one redirect; see getHomePath).
  if (next === '/' && data.user) {
    const home = await getHomePath(supabase, { userId: data.user.id }).catch(() => null);
    if (home) return { next: home };
  }
  return { next };
});

export async function signInAction(input: Parameters<typeof signIn>[0]) {
  const result = await signIn(input);
  if (result.ok) redirect(result.data.next);
  return result;
}

const signUp = safeAction({ schema: signUpSchema, auth: false }, async (input, { supabase }) => {
  const next = safeNextPath(input.next);
  const { data, error } = await supabase.auth.signUp({
    email: input.email,
    password: input.password,
    options: { emailRedirectTo: `${await siteOrigin()}/auth/confirm?next=${encodeURIComponent(next)}` },
  });
  if (error) throw authError(error);
  // With email confirmations on (hosted projects), there is no session until the link is opened.
  // GoTrue then also hides whether the address was already registered (no identities returned).
  return { next, needsConfirmation: !data.session };
});

export async function signUpAction(input: Parameters<typeof signUp>[0]) {
  const result = await signUp(input);
  if (result.ok && !result.data.needsConfirmation) redirect(result.data.next);
  return result;
}

export async function signOutAction(): Promise<never> {
  const supabase = await createClient();
  // scope 'local': end this browser's session only; other devices stay signed in.
  await supabase.auth.signOut({ scope: 'local' });
  redirect('/login');
}

/**
 * Sends the recovery mail. Answers the same whether or not the address has an account, so the
 * form cannot be used to find out who is registered. The link goes through /auth/confirm, which
 * establishes the recovery session and continues to /update-password.
 */
export const requestPasswordResetAction = safeAction(
  { schema: requestPasswordResetSchema, auth: false },
  async (input, { supabase }) => {
    const { error } = await supabase.auth.resetPasswordForEmail(input.email, {
      redirectTo: `${await siteOrigin()}/auth/confirm?next=${encodeURIComponent('/update-password')}`,
    });
    if (error) {
      const mapped = authError(error);
      // Unknown addresses are not an error the visitor should see (see above).
      if (mapped.type === 'rate_limit' || mapped.type === 'offline' || mapped.type === 'internal') throw mapped;
    }
    return { email: input.email };
  },
);

const updatePassword = safeAction({ schema: updatePasswordSchema }, async (input, { supabase }) => {
  const { error } = await supabase.auth.updateUser({ password: input.password });
  if (error) {
    const mapped = authError(error);
    if (mapped.type === 'unauthorized') {
      throw new AppError('unauthorized:auth', 'Your reset link has expired. Please request a new one.');
    }
    throw mapped;
  }
  return { next: '/' };
});

export async function updatePasswordAction(input: Parameters<typeof updatePassword>[0]) {
  const result = await updatePassword(input);
  if (result.ok) redirect(`${result.data.next}?password-updated=1`);
  return result;
}
