'use client';

import { MenuIcon } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect, useState } from 'react';
import { ChannelSidebar } from '@/components/channels/channel-sidebar';
import { Button } from '@/components/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetTitle } from '@/components/ui/sheet';
import { UserMenu, type UserMenuUser } from '@/components/workspace/user-menu';
import { type SwitcherWorkspace, WorkspaceSwitcher } from '@/components/workspace/workspace-switcher';
import type { SidebarChannel } from '@/lib/data/channels';

type ShellProps = {
  workspace: SwitcherWorkspace;
  workspaces: SwitcherWorkspace[];
  channels: SidebarChannel[];
  dms: SidebarChannel[];
  user: UserMenuUser;
  children: ReactNode;
};

function SidebarBody({ workspace, workspaces, channels, dms, user }: Omit<ShellProps, 'children'>) {
  return (
    <div className="flex h-full flex-col gap-2 bg-sidebar p-2 text-sidebar-foreground">
      <WorkspaceSwitcher workspaces={workspaces} current={workspace} />
      <div className="min-h-0 flex-1 overflow-y-auto py-2">
        <ChannelSidebar workspaceSlug={workspace.slug} channels={channels} dms={dms} />
      </div>
      <div className="flex items-center gap-2 border-t border-sidebar-border pt-2">
        <UserMenu user={user} />
        <span className="min-w-0 truncate text-sm">{user.displayName ?? user.email}</span>
      </div>
    </div>
  );
}

/**
 * The workspace shell (sidebar-07 layout): a fixed sidebar from the `md` breakpoint, a drawer
 * (Sheet) with the same content on phones. The drawer closes when the route changes.
 */
export function WorkspaceShell(props: ShellProps) {
  const { children, ...sidebar } = props;
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the drawer on every navigation
  useEffect(() => setOpen(false), [pathname]);

  return (
    <div className="flex h-dvh overflow-hidden" data-testid="workspace-shell">
      <aside className="hidden w-64 shrink-0 border-r border-sidebar-border md:block" aria-label="Workspace">
        <SidebarBody {...sidebar} />
      </aside>
      <Sheet open={open} onOpenChange={setOpen}>
        <SheetContent side="left" className="w-72 p-0 md:hidden" showCloseButton={false}>
          <SheetTitle className="sr-only">{sidebar.workspace.name}</SheetTitle>
          <SheetDescription className="sr-only">Channels and direct messages</SheetDescription>
          <SidebarBody {...sidebar} />
        </SheetContent>
      </Sheet>
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex h-12 shrink-0 items-center gap-2 border-b px-2 md:hidden">
          <Button
            variant="ghost"
            size="icon"
            aria-label="Open sidebar"
            data-testid="open-sidebar"
            onClick={() => setOpen(true)}
          >
            <MenuIcon aria-hidden="true" />
          </Button>
          <span className="truncate text-sm font-semibold">{sidebar.workspace.name}</span>
        </div>
        {children}
      </div>
    </div>
  );
}
