'use client';

import { HashIcon, LockIcon, UserIcon, UsersIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { SidebarChannel } from '@/lib/data/channels';
import { cn } from '@/lib/utils';

function ChannelIcon({ kind }: { kind: SidebarChannel['kind'] }) {
  const Icon = kind === 'private' ? LockIcon : kind === 'dm' ? UserIcon : kind === 'group_dm' ? UsersIcon : HashIcon;
  return <Icon className="size-4 shrink-0 opacity-70" aria-hidden="true" />;
}

function ChannelLink({ workspaceSlug, channel }: { workspaceSlug: string; channel: SidebarChannel }) {
  const pathname = usePathname();
  const href = `/${workspaceSlug}/${encodeURIComponent(channel.ref)}`;
  const active = pathname === href;
  // The layout (and so these counts) is not re-rendered on client navigation: once a channel has
  // been open (and marked read), its badges stay cleared. Live counts will come from user:<id>.
  const [visited, setVisited] = useState(active);
  useEffect(() => {
    if (active) setVisited(true);
  }, [active]);
  const seen = active || visited;
  const unread = channel.unreadCount > 0 && !seen;
  const mentions = seen ? 0 : channel.mentionCount;
  const label = [
    channel.kind === 'public' || channel.kind === 'private' ? `#${channel.label}` : channel.label,
    mentions > 0 ? `${mentions} mentions` : null,
    unread ? `${channel.unreadCount} unread` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <li>
      <Link
        href={href}
        aria-current={active ? 'page' : undefined}
        aria-label={label}
        data-testid={`sidebar-channel-${channel.ref}`}
        className={cn(
          'flex h-8 items-center gap-2 rounded-md px-2 text-sm outline-none hover:bg-sidebar-accent focus-visible:ring-2 focus-visible:ring-sidebar-ring',
          active && 'bg-sidebar-accent font-medium text-sidebar-accent-foreground',
          unread && 'font-semibold',
        )}
      >
        <ChannelIcon kind={channel.kind} />
        <span className="min-w-0 flex-1 truncate">{channel.label}</span>
        {mentions > 0 ? (
          <span
            className="rounded-full bg-destructive px-1.5 text-xs font-semibold text-white"
            data-testid="mention-badge"
          >
            {mentions}
          </span>
        ) : unread ? (
          <span className="rounded-full bg-muted px-1.5 text-xs text-muted-foreground" data-testid="unread-badge">
            {channel.unreadCount > 99 ? '99+' : channel.unreadCount}
          </span>
        ) : null}
      </Link>
    </li>
  );
}

/** sidebar-07 `nav-main` / `nav-projects`: the caller's channels and direct messages with badges. */
export function ChannelSidebar({
  workspaceSlug,
  channels,
  dms,
}: {
  workspaceSlug: string;
  channels: SidebarChannel[];
  dms: SidebarChannel[];
}) {
  return (
    <nav aria-label="Channels and direct messages" className="grid gap-4" data-testid="channel-sidebar">
      <section aria-labelledby="sidebar-channels">
        <h2 id="sidebar-channels" className="px-2 pb-1 text-xs font-medium text-muted-foreground">
          Channels
        </h2>
        <ul className="grid gap-0.5">
          {channels.map((c) => (
            <ChannelLink key={c.id} workspaceSlug={workspaceSlug} channel={c} />
          ))}
          {channels.length === 0 ? <li className="px-2 text-sm text-muted-foreground">No channels yet</li> : null}
        </ul>
      </section>
      <section aria-labelledby="sidebar-dms">
        <h2 id="sidebar-dms" className="px-2 pb-1 text-xs font-medium text-muted-foreground">
          Direct messages
        </h2>
        <ul className="grid gap-0.5">
          {dms.map((c) => (
            <ChannelLink key={c.id} workspaceSlug={workspaceSlug} channel={c} />
          ))}
          {dms.length === 0 ? <li className="px-2 text-sm text-muted-foreground">No conversations yet</li> : null}
        </ul>
      </section>
    </nav>
  );
}
