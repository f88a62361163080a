import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { FlashToast } from '@/components/flash-toast';
import { AppHeader } from '@/components/workspace/app-header';
import { WorkspaceList } from '@/components/workspace/workspace-list';
import { getSessionUser } from '@/lib/data/auth';
import { listWorkspaces } from '@/lib/data/workspaces';
import { createClient } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Your workspaces' };

/**
 * Home after sign-in: the workspaces you belong to. Extension points: "Create workspace" and
 * "Join with an invite link" (onboarding) go next to the list; with exactly one workspace, a later
 * change may redirect straight to its last-visited channel.
 */
export default async function HomePage() {
  const supabase = await createClient();
  const user = await getSessionUser(supabase);
  if (!user) redirect('/login');
  const workspaces = await listWorkspaces(supabase, { userId: user.id });

  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={user} />
      <main className="mx-auto w-full max-w-2xl flex-1 px-4 py-8 sm:px-6" data-testid="home">
        <h1 className="mb-1 text-2xl font-semibold tracking-tight">Your workspaces</h1>
        <p className="mb-6 text-sm break-words text-muted-foreground" data-testid="signed-in-as">
          Signed in as {user.email}
        </p>
        <WorkspaceList workspaces={workspaces} />
      </main>
      <FlashToast />
    </div>
  );
}
