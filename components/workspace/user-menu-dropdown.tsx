'use client';

import { CircleIcon, LogOutIcon, MoonIcon } from 'lucide-react';
import { useTransition } from 'react';
import { signOutAction } from '@/app/(auth)/actions';
import { ThemeMenuItems } from '@/components/theme/theme-menu-items';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { PresenceDot } from '@/components/workspace/presence-dot';

export type UserMenuUser = { id: string; email: string | null; displayName?: string | null };

function initials(user: UserMenuUser): string {
  const source = user.displayName || user.email || '?';
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return (parts.length > 1 ? `${parts[0][0]}${parts[1][0]}` : source.slice(0, 2)).toUpperCase();
}

export type UserMenuPresence = { status: 'online' | 'away'; onChange: (status: 'online' | 'away') => void };

/**
 * The signed-in user's menu: who you are, your presence (inside a workspace: shown on the avatar,
 * and "Set yourself as away/active"), theme, sign out.
 */
export function UserMenu({ user, presence }: { user: UserMenuUser; presence?: UserMenuPresence }) {
  const [pending, startTransition] = useTransition();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="rounded-full"
          aria-label={
            presence ? `Open user menu (${presence.status === 'away' ? 'away' : 'active'})` : 'Open user menu'
          }
          data-testid="user-menu"
        >
          <span className="relative">
            <Avatar>
              <AvatarFallback>{initials(user)}</AvatarFallback>
            </Avatar>
            {presence ? (
              <PresenceDot status={presence.status} className="absolute -right-0.5 -bottom-0.5 ring-2 ring-sidebar" />
            ) : null}
          </span>
        </Button>
      </DropdownMenuTrigger>
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
