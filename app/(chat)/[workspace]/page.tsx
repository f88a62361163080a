import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { AppHeader } from '@/components/workspace/app-header';
import { getSessionUser } from '@/lib/data/auth';
import { getWorkspaceBySlug } from '@/lib/data/workspaces';
import { createClient } from '@/lib/supabase/server';

export const metadata: Metadata = { title: 'Workspace' };

/**
 * Placeholder for the workspace shell. Next step: `[workspace]/layout.tsx` with the sidebar
 * (sidebar-07: workspace switcher, channels, DMs, user menu) and `[workspace]/[channel]/page.tsx`;
 * this page then redirects to the last-visited or default channel.
 */
export default async function WorkspacePage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const supabase = await createClient();
  const user = await getSessionUser(supabase);
  if (!user) redirect('/login');
  const workspace = await getWorkspaceBySlug(supabase, { slug });
  if (!workspace) notFound();

  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={user} />
      <main className="mx-auto w-full max-w-2xl flex-1 px-4 py-8 sm:px-6" data-testid="workspace-page">
        <h1 className="text-2xl font-semibold tracking-tight">{workspace.name}</h1>
        <p className="mt-2 text-sm text-muted-foreground">Channels and messages will appear here.</p>
        <Link href="/" className="mt-6 inline-block text-sm underline underline-offset-4">
          All workspaces
        </Link>
      </main>
    </div>
  );
}
