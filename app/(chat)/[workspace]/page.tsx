import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { getLandingChannelRef } from '@/lib/data/channels';
import { loadSession, loadWorkspace } from './_lib/loaders';

export const metadata: Metadata = { title: 'Workspace' };

/** /<workspace> lands in the default channel (#general) or the caller's first channel. */
export default async function WorkspacePage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { supabase, user } = await loadSession();
  if (!user) redirect('/login');
  const workspace = await loadWorkspace(slug);
  if (!workspace) notFound();

  const landing = await getLandingChannelRef(supabase, { workspaceId: workspace.id, userId: user.id });
  if (landing) redirect(`/${workspace.slug}/${encodeURIComponent(landing)}`);

  return (
    <main className="flex flex-1 items-center justify-center p-8 text-center" data-testid="workspace-empty">
      <div>
        <h1 className="text-xl font-semibold">{workspace.name}</h1>
        <p className="mt-2 text-sm text-muted-foreground">You're not in any channel of this workspace yet.</p>
      </div>
    </main>
  );
}
