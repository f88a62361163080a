'use client';

import { CheckIcon, ChevronsUpDownIcon, LayoutGridIcon, PlusIcon, UserPlusIcon } from 'lucide-react';
import Link from 'next/link';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';

export type SwitcherWorkspace = { id: string; slug: string; name: string };

/** sidebar-07 `team-switcher`: the current workspace, and a menu to invite people, go to another or create one. */
export function WorkspaceSwitcher({
  workspaces,
  current,
  canInvite = false,
  onInvite,
}: {
  workspaces: SwitcherWorkspace[];
  current: SwitcherWorkspace;
  /** Admins and owners: "Invite people" (create_invite() refuses everyone else anyway). */
  canInvite?: boolean;
  onInvite?: () => void;
}) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex w-full items-center gap-2 rounded-md p-2 text-left outline-none hover:bg-sidebar-accent focus-visible:ring-2 focus-visible:ring-sidebar-ring"
        aria-label={`Workspace: ${current.name}. Switch workspace`}
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
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-60">
        {canInvite && onInvite ? (
          <>
            <DropdownMenuItem onSelect={onInvite} data-testid="invite-people">
              <UserPlusIcon aria-hidden="true" />
              Invite people to {current.name}
            </DropdownMenuItem>
            <DropdownMenuSeparator />
          </>
        ) : null}
        <DropdownMenuLabel className="text-xs text-muted-foreground">Workspaces</DropdownMenuLabel>
        {workspaces.map((w) => (
          <DropdownMenuItem key={w.id} asChild>
            <Link href={`/${w.slug}`} data-testid={`switch-workspace-${w.slug}`}>
              <span className="truncate">{w.name}</span>
              {w.id === current.id ? <CheckIcon className="ml-auto" aria-label="Current" /> : null}
            </Link>
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/new" data-testid="switcher-create-workspace">
            <PlusIcon aria-hidden="true" />
            Create a workspace
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/?view=all">
            <LayoutGridIcon aria-hidden="true" />
            All workspaces
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
