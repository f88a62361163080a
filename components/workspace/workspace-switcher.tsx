'use client';

import { ChevronsUpDownIcon } from 'lucide-react';
import { OnDemand } from '@/components/on-demand';

export type SwitcherWorkspace = { id: string; slug: string; name: string };

export type WorkspaceSwitcherProps = {
  workspaces: SwitcherWorkspace[];
  current: SwitcherWorkspace;
  /** Admins and owners: "Invite people" (create_invite() refuses everyone else anyway). */
  canInvite?: boolean;
  onInvite?: () => void;
};

const loadMenu = () => import('@/components/workspace/workspace-switcher-menu').then((m) => m.WorkspaceSwitcherMenu);

/**
 * sidebar-07 `team-switcher`: the current workspace, and a menu to invite people, go to another or
 * create one. The menu loads on first use.
 */
export function WorkspaceSwitcher(props: WorkspaceSwitcherProps) {
  const { current } = props;
  return (
    <OnDemand
      load={loadMenu}
      props={props}
      trigger={
        <button
          type="button"
          className="flex w-full items-center gap-2 rounded-md p-2 text-left outline-none hover:bg-sidebar-accent focus-visible:ring-2 focus-visible:ring-sidebar-ring"
          aria-label={`Workspace: ${current.name}. Switch workspace`}
          aria-haspopup="menu"
          data-testid="workspace-switcher"
        >
          <span
            className="flex size-8 shrink-0 items-center justify-center rounded-md bg-sidebar-primary text-sm font-semibold text-sidebar-primary-foreground"
            aria-hidden="true"
          >
            {current.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="grid min-w-0 flex-1 leading-tight">
            <span className="truncate text-sm font-semibold" data-testid="current-workspace">
              {current.name}
            </span>
            <span className="truncate text-xs text-muted-foreground">/{current.slug}</span>
          </span>
          <ChevronsUpDownIcon className="size-4 text-muted-foreground" aria-hidden="true" />
        </button>
      }
    />
  );
}
