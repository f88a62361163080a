import { notFound, redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { WorkspaceShell } from '@/components/workspace/workspace-shell';
import { listSidebarChannels } from '@/lib/data/channels';
import { firstSidebarPage } from '@/lib/data/live-sidebar';
import { listProfileNames } from '@/lib/data/profiles';
import { listWorkspaces } from '@/lib/data/workspaces';
import { loadSession, loadWorkspace } from './_lib/loaders';

/**
 * The workspace shell: sidebar with workspace switcher, channels and DMs (unread and mention
 * badges from channel_unreads()), user menu. A workspace the caller does not belong to is
 * indistinguishable from one that does not exist (RLS hides it): not found, nothing rendered.
 * Only the sidebar's first page is rendered here (bounded however many channels the caller is
 * in); the browser loads the rest once the page is interactive.
 */
export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ workspace: string }>;
}) {
  const { workspace: slug } = await params;
  const { supabase, user } = await loadSession();
  if (!user) redirect('/login');
  const workspace = await loadWorkspace(slug);
  if (!workspace) notFound();

  const [workspaces, sidebar, names] = await Promise.all([
    listWorkspaces(supabase, { userId: user.id }),
    listSidebarChannels(supabase, { workspaceId: workspace.id, userId: user.id }),
    listProfileNames(supabase, { ids: [user.id] }),
  ]);

  return (
    <WorkspaceShell
      workspace={workspace}
      workspaces={workspaces}
      role={workspaces.find((w) => w.id === workspace.id)?.role ?? null}
      sidebar={firstSidebarPage(sidebar)}
      user={{ ...user, displayName: names[user.id] ?? null }}
    >
      {children}
    </WorkspaceShell>
  );
}
