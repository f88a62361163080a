'use client';

import { CheckIcon, LayoutGridIcon, PlusIcon, UserPlusIcon } from 'lucide-react';
import Link from 'next/link';
import type { OnDemandProps } from '@/components/on-demand';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import type { WorkspaceSwitcherProps } from '@/components/workspace/workspace-switcher';

/** The workspace switcher's Radix menu, loaded when its trigger is first used (see WorkspaceSwitcher). */
export function WorkspaceSwitcherMenu({
  workspaces,
  current,
  canInvite = false,
  onInvite,
  trigger,
  defaultOpen,
}: WorkspaceSwitcherProps & OnDemandProps) {
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
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
