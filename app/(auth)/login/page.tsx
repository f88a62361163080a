import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { LoginForm } from '@/components/auth/login-form';
import { getSessionUser } from '@/lib/data/auth';
import { safeNextPath } from '@/lib/safe-next-path';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { createClient } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Sign in' };

const notices: Record<string, string> = {
  link_expired: 'That link has expired or was already used. Sign in, or request a new link.',
  signed_out: 'You have been signed out.',
};

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // `next` comes from the URL: only ever a path on this site (safeNextPath), never another origin.
  const next = safeNextPath(firstParam(params.next));
  const supabase = await createClient();
  if (await getSessionUser(supabase)) redirect(next);

  return (
    <AuthCard title="Sign in to supachat" description="Welcome back. Enter your email and password.">
      <LoginForm next={next} notice={notices[firstParam(params.error) ?? ''] ?? null} />
    </AuthCard>
  );
}
