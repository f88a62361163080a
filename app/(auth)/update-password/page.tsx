import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { UpdatePasswordForm } from '@/components/auth/update-password-form';
import { Button } from '@/components/ui/button';
import { getSessionUser } from '@/lib/data/auth';
import { createClient } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Choose a new password' };

/**
 * Reached from the recovery mail through /auth/confirm, which has already turned the link into a
 * (recovery) session. Without a session the link was expired or opened in another browser.
 */
export default async function UpdatePasswordPage() {
  const supabase = await createClient();
  const user = await getSessionUser(supabase);

  if (!user) {
    return (
      <AuthCard
        title="This link has expired"
        description="Password reset links work once and for a limited time. Request a new one to continue."
      >
        <Button asChild className="w-full">
          <Link href="/forgot-password">Request a new link</Link>
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Choose a new password"
      description={user.email ? `For ${user.email}.` : 'Enter your new password twice.'}
    >
      <UpdatePasswordForm email={user.email} />
    </AuthCard>
  );
}
