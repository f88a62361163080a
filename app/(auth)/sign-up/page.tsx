import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { getSessionUser } from '@/lib/data/auth';
import { safeNextPath } from '@/lib/safe-next-path';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { createClient } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Create account' };

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(firstParam(params.next));
  const supabase = await createClient();
  if (await getSessionUser(supabase)) redirect(next);

  return (
    <AuthCard title="Create your account" description="Chat with your team in channels, DMs and threads.">
      <SignUpForm next={next} />
    </AuthCard>
  );
}
