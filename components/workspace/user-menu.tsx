'use client';

import { OnDemand } from '@/components/on-demand';
import { Avatar, AvatarFallback } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { PresenceDot } from '@/components/workspace/presence-dot';

export type UserMenuUser = { id: string; email: string | null; displayName?: string | null };

function initials(user: UserMenuUser): string {
  const source = user.displayName || user.email || '?';
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return (parts.length > 1 ? `${parts[0][0]}${parts[1][0]}` : source.slice(0, 2)).toUpperCase();
}

export type UserMenuPresence = { status: 'online' | 'away'; onChange: (status: 'online' | 'away') => void };

const loadDropdown = () => import('@/components/workspace/user-menu-dropdown').then((m) => m.UserMenuDropdown);

/**
 * The signed-in user's menu: who you are, your presence (inside a workspace: shown on the avatar,
 * and "Set yourself as away/active"), theme, sign out. The menu itself loads on first use.
 */
export function UserMenu({ user, presence }: { user: UserMenuUser; presence?: UserMenuPresence }) {
  return (
    <OnDemand
      load={loadDropdown}
      props={{ user, presence }}
      trigger={
        <Button
          variant="ghost"
          size="icon"
          className="rounded-full"
          aria-label={
            presence ? `Open user menu (${presence.status === 'away' ? 'away' : 'active'})` : 'Open user menu'
          }
          aria-haspopup="menu"
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
      }
    />
  );
}
