'use client';

import { CircleIcon, LogOutIcon, MoonIcon } from 'lucide-react';
import { useTransition } from 'react';
import { signOutAction } from '@/app/(auth)/actions';
import type { OnDemandProps } from '@/components/on-demand';
import { ThemeMenuItems } from '@/components/theme/theme-menu-items';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { PresenceDot } from '@/components/workspace/presence-dot';
import type { UserMenuPresence, UserMenuUser } from '@/components/workspace/user-menu';

/** The user menu's Radix part, loaded when its trigger is first used (see UserMenu). */
export function UserMenuDropdown({
  user,
  presence,
  trigger,
  defaultOpen,
}: { user: UserMenuUser; presence?: UserMenuPresence } & OnDemandProps) {
  const [pending, startTransition] = useTransition();
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel className="grid gap-0.5">
          <span className="truncate">{user.displayName || 'Signed in as'}</span>
          <span className="truncate text-xs font-normal text-muted-foreground" data-testid="user-menu-email">
            {user.email}
          </span>
          {presence ? (
            <span className="flex items-center gap-1.5 text-xs font-normal" data-testid="my-presence">
              <PresenceDot status={presence.status} />
              {presence.status === 'away' ? 'Away' : 'Active'}
            </span>
          ) : null}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        {presence ? (
          <>
            <DropdownMenuItem
              data-testid="toggle-away"
              onSelect={() => presence.onChange(presence.status === 'away' ? 'online' : 'away')}
            >
              {presence.status === 'away' ? <CircleIcon aria-hidden="true" /> : <MoonIcon aria-hidden="true" />}
              {presence.status === 'away' ? 'Set yourself as active' : 'Set yourself as away'}
            </DropdownMenuItem>
            <DropdownMenuSeparator />
          </>
        ) : null}
        <ThemeMenuItems />
        <DropdownMenuSeparator />
        <DropdownMenuItem
          disabled={pending}
          data-testid="sign-out"
          onSelect={(event) => {
            event.preventDefault();
            startTransition(() => signOutAction());
          }}
        >
          <LogOutIcon aria-hidden="true" />
          {pending ? 'Signing out…' : 'Sign out'}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
