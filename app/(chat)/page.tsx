import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { FlashToast } from '@/components/flash-toast';
import { AppHeader } from '@/components/workspace/app-header';
import { WorkspaceList } from '@/components/workspace/workspace-list';
import { getSessionUser } from '@/lib/data/auth';
import { getHomePath } from '@/lib/data/home';
import { listWorkspaces } from '@/lib/data/workspaces';
import { createClient } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Your workspaces' };

/**
 * Home after sign-in: straight into the first workspace (by name) when you belong to one, else the
 * (empty) list. `/?view=all` always shows the list (the workspace switcher links there).
 * The list also offers onboarding: create a workspace, or join with an invite link.
 */
export default async function HomePage({ searchParams }: { searchParams: Promise<{ view?: string | string[] }> }) {
  const { view } = await searchParams;
  const supabase = await createClient();
  const user = await getSessionUser(supabase);
  if (!user) redirect('/login');
  const workspaces = await listWorkspaces(supabase, { userId: user.id });
  if (view !== 'all' && workspaces.length > 0) {
    // Straight to the channel: one redirect instead of two (/<slug> would redirect again).
    const home = await getHomePath(supabase, { userId: user.id });
    if (home) redirect(home);
  }

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
