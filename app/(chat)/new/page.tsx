import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AppHeader } from '@/components/workspace/app-header';
import { CreateWorkspaceForm } from '@/components/workspace/create-workspace-form';
import { getSessionUser } from '@/lib/data/auth';
import { createClient } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Create a workspace' };

/** Onboarding: create a workspace (the creator becomes its owner and lands in #general). */
export default async function NewWorkspacePage() {
  const supabase = await createClient();
  const user = await getSessionUser(supabase);
  if (!user) redirect('/login?next=/new');
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={user} />
      <main className="mx-auto w-full max-w-md flex-1 px-4 py-8 sm:px-6" data-testid="new-workspace">
        <h1 className="mb-1 text-2xl font-semibold tracking-tight">Create a workspace</h1>
        <p className="mb-6 text-sm text-muted-foreground">
          A home for your team's channels and conversations. You can invite people next.
        </p>
        <CreateWorkspaceForm />
        <p className="mt-6 text-center text-sm text-muted-foreground">
          <Link href="/?view=all" className="underline underline-offset-4">
            Back to your workspaces
          </Link>
        </p>
      </main>
    </div>
  );
}
