'use client';

import { MenuIcon } from 'lucide-react';
import dynamic from 'next/dynamic';
import { usePathname } from 'next/navigation';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ChannelSidebar } from '@/components/channels/channel-sidebar';
import { Button } from '@/components/ui/button';
import { UserMenu, type UserMenuUser } from '@/components/workspace/user-menu';
import {
  WorkspaceContext,
  type WorkspaceContextValue,
  type WorkspaceDialog,
} from '@/components/workspace/workspace-context';
import { type SwitcherWorkspace, WorkspaceSwitcher } from '@/components/workspace/workspace-switcher';
import { useLiveSidebar } from '@/hooks/use-live-sidebar';
import { usePresence } from '@/hooks/use-presence';
import type { Sidebar } from '@/lib/data/live-sidebar';
import type { Enums } from '@/lib/supabase/database.types';

// The dialogs open on demand: their code loads then, not with the first page (issue "App I").
const CreateChannelDialog = dynamic(() =>
  import('@/components/channels/create-channel-dialog').then((m) => m.CreateChannelDialog),
);
const ChannelBrowserDialog = dynamic(() =>
  import('@/components/channels/channel-browser-dialog').then((m) => m.ChannelBrowserDialog),
);
const NewMessageDialog = dynamic(() =>
  import('@/components/channels/new-message-dialog').then((m) => m.NewMessageDialog),
);
const InviteDialog = dynamic(() => import('@/components/workspace/invite-dialog').then((m) => m.InviteDialog));
const QuickSwitcher = dynamic(() => import('@/components/workspace/quick-switcher').then((m) => m.QuickSwitcher));
const loadMobileSidebar = () => import('@/components/workspace/mobile-sidebar').then((m) => m.MobileSidebar);
const MobileSidebar = dynamic(loadMobileSidebar);

type ShellProps = {
  workspace: SwitcherWorkspace;
  workspaces: SwitcherWorkspace[];
  role: Enums<'workspace_role'> | null;
  /** The server-rendered first page (possibly incomplete: the hook loads the rest). */
  sidebar: Sidebar;
  user: UserMenuUser;
  children: ReactNode;
};

function SidebarBody({
  ctx,
  workspaces,
  user,
}: {
  ctx: WorkspaceContextValue;
  workspaces: SwitcherWorkspace[];
  user: UserMenuUser;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  return (
    <div className="flex h-full flex-col gap-2 bg-sidebar p-2 text-sidebar-foreground">
      <WorkspaceSwitcher
        workspaces={workspaces}
        current={ctx.workspace}
        canInvite={ctx.role === 'owner' || ctx.role === 'admin'}
        onInvite={() => ctx.openDialog('invite')}
      />
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto py-2">
        <ChannelSidebar
          workspaceSlug={ctx.workspace.slug}
          channels={ctx.channels}
          dms={ctx.dms}
          statusOf={ctx.statusOf}
          onOpenDialog={ctx.openDialog}
          canCreateChannels={ctx.role !== 'guest'}
          complete={ctx.sidebarComplete}
          scrollRef={scrollRef}
        />
      </div>
      <div className="flex items-center gap-2 border-t border-sidebar-border pt-2">
        <UserMenu user={user} presence={{ status: ctx.myStatus, onChange: ctx.setMyStatus }} />
        <span className="min-w-0 truncate text-sm">{user.displayName ?? user.email}</span>
      </div>
    </div>
  );
}

/**
 * The workspace shell (sidebar-07 layout): a fixed sidebar from the `md` breakpoint, a drawer
 * (Sheet) with the same content on phones, which closes when the route changes. It owns the
 * workspace-wide live state (sidebar counts, presence) and dialogs (create/browse channels, new
 * message, invite, Ctrl/Cmd+K), shared with the pages through WorkspaceContext.
 */
export function WorkspaceShell(props: ShellProps) {
  const { children, workspace, workspaces, role, user } = props;
  const [open, setOpen] = useState(false);
  // The drawer's code loads when it is first opened; it then stays mounted so it can animate shut.
  const [drawerUsed, setDrawerUsed] = useState(false);
  const [dialog, setDialog] = useState<WorkspaceDialog | null>(null);
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the drawer on every navigation
  useEffect(() => setOpen(false), [pathname]);

  const sidebar = useLiveSidebar({
    workspaceId: workspace.id,
    workspaceSlug: workspace.slug,
    userId: user.id,
    initial: props.sidebar,
    pathname,
  });
  const presence = usePresence(workspace.id, user.id);

  const ctx: WorkspaceContextValue = {
    workspace,
    role,
    userId: user.id,
    channels: sidebar.channels,
    dms: sidebar.dms,
    sidebarComplete: sidebar.complete,
    statusOf: presence.statusOf,
    myStatus: presence.myStatus,
    setMyStatus: presence.setMyStatus,
    refreshSidebar: sidebar.refresh,
    openDialog: useCallback((d: WorkspaceDialog) => {
      setOpen(false);
      setDialog(d);
    }, []),
  };

  // Ctrl/Cmd+K opens the channel switcher from anywhere in the workspace (also from the composer).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setDialog((d) => (d === 'switcher' ? null : 'switcher'));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const dialogProps = (name: WorkspaceDialog) => ({
    open: dialog === name,
    onOpenChange: (o: boolean) => setDialog(o ? name : null),
  });

  return (
    <WorkspaceContext.Provider value={ctx}>
      <div className="flex h-dvh overflow-hidden" data-testid="workspace-shell">
        <aside className="hidden w-64 shrink-0 border-r border-sidebar-border md:block" aria-label="Workspace">
          <SidebarBody ctx={ctx} workspaces={workspaces} user={user} />
        </aside>
        {drawerUsed ? (
          <MobileSidebar open={open} onOpenChange={setOpen} title={workspace.name}>
            <SidebarBody ctx={ctx} workspaces={workspaces} user={user} />
          </MobileSidebar>
        ) : null}
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="flex h-12 shrink-0 items-center gap-2 border-b px-2 md:hidden">
            <Button
              variant="ghost"
              size="icon"
              aria-label="Open sidebar"
              aria-haspopup="dialog"
              data-testid="open-sidebar"
              onPointerEnter={() => void loadMobileSidebar().catch(() => {})}
              onFocus={() => void loadMobileSidebar().catch(() => {})}
              onClick={() => {
                setDrawerUsed(true);
                setOpen(true);
              }}
            >
              <MenuIcon aria-hidden="true" />
            </Button>
            <span className="truncate text-sm font-semibold">{workspace.name}</span>
          </div>
          {children}
        </div>
      </div>
      {dialog === 'create-channel' ? <CreateChannelDialog {...dialogProps('create-channel')} /> : null}
      {dialog === 'browse-channels' ? <ChannelBrowserDialog {...dialogProps('browse-channels')} /> : null}
      {dialog === 'new-message' ? <NewMessageDialog {...dialogProps('new-message')} /> : null}
      {dialog === 'invite' ? <InviteDialog {...dialogProps('invite')} /> : null}
      {dialog === 'switcher' ? <QuickSwitcher {...dialogProps('switcher')} /> : null}
    </WorkspaceContext.Provider>
  );
}
