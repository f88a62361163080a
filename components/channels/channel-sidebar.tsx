'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { CompassIcon, HashIcon, LockIcon, PlusIcon, SquarePenIcon, UsersIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type ReactNode, type RefObject, useLayoutEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { PresenceDot } from '@/components/workspace/presence-dot';
import type { WorkspaceDialog } from '@/components/workspace/workspace-context';
import type { PresenceStatus } from '@/hooks/use-presence';
import type { SidebarChannel } from '@/lib/data/channels';
import { cn } from '@/lib/utils';

function ChannelIcon({ channel, statusOf }: { channel: SidebarChannel; statusOf: (id: string) => PresenceStatus }) {
  if (channel.kind === 'dm') {
    const other = channel.memberIds[0];
    return (
      <span className="flex size-4 shrink-0 items-center justify-center">
        <PresenceDot status={other ? statusOf(other) : 'online'} />
      </span>
    );
  }
  const Icon = channel.kind === 'private' ? LockIcon : channel.kind === 'group_dm' ? UsersIcon : HashIcon;
  return <Icon className="size-4 shrink-0 opacity-70" aria-hidden="true" />;
}

function ChannelLink({
  workspaceSlug,
  channel,
  statusOf,
}: {
  workspaceSlug: string;
  channel: SidebarChannel;
  statusOf: (id: string) => PresenceStatus;
}) {
  const pathname = usePathname();
  const href = `/${workspaceSlug}/${encodeURIComponent(channel.ref)}`;
  const active = pathname === href;
  // The open channel is being read (and marked read) as messages arrive: no badge for it.
  const unread = channel.unreadCount > 0 && !active;
  const mentions = active ? 0 : channel.mentionCount;
  const label = [
    channel.kind === 'public' || channel.kind === 'private' ? `#${channel.label}` : channel.label,
    channel.kind === 'dm' && channel.memberIds[0] ? statusOf(channel.memberIds[0]) : null,
    mentions > 0 ? `${mentions} mentions` : null,
    unread ? `${channel.unreadCount} unread` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      aria-label={label}
      data-testid={`sidebar-channel-${channel.ref}`}
      data-label={channel.label}
      className={cn(
        'flex h-8 items-center gap-2 rounded-md px-2 text-sm outline-none hover:bg-sidebar-accent focus-visible:ring-2 focus-visible:ring-sidebar-ring',
        active && 'bg-sidebar-accent font-medium text-sidebar-accent-foreground',
        unread && 'font-semibold',
      )}
    >
      <ChannelIcon channel={channel} statusOf={statusOf} />
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
  );
}

/** A link row is h-8 (32 px) plus the list's 2 px gap. */
const ROW_HEIGHT = 34;
/** Longer sections render only the rows in view (a member of 1,000 channels gets ~40 links in the DOM). */
const VIRTUALIZE_FROM = 60;

type LinkListProps = {
  items: SidebarChannel[];
  workspaceSlug: string;
  statusOf: (id: string) => PresenceStatus;
  /** The sidebar's scrolling element; without it the list is never virtualized. */
  scrollRef?: RefObject<HTMLElement | null>;
  empty: string;
  testId?: string;
};

function LinkList(props: LinkListProps) {
  const { items, workspaceSlug, statusOf, scrollRef, empty, testId } = props;
  if (scrollRef && items.length >= VIRTUALIZE_FROM) return <VirtualLinkList {...props} scrollRef={scrollRef} />;
  return (
    <ul className="grid gap-0.5" data-testid={testId}>
      {items.map((c) => (
        <li key={c.id}>
          <ChannelLink workspaceSlug={workspaceSlug} channel={c} statusOf={statusOf} />
        </li>
      ))}
      {items.length === 0 ? <li className="px-2 text-sm text-muted-foreground">{empty}</li> : null}
    </ul>
  );
}

/**
 * The same list with only the rows in (and near) view in the DOM, all sections sharing the
 * sidebar's one scrolling element; `scrollMargin` is where this list starts in it. Tab still walks
 * every row: focusing the last rendered link scrolls it into view, which renders the next ones.
 */
function VirtualLinkList({
  items,
  workspaceSlug,
  statusOf,
  scrollRef,
  testId,
}: LinkListProps & { scrollRef: RefObject<HTMLElement | null> }) {
  const listRef = useRef<HTMLUListElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => items[i]?.id ?? i,
    overscan: 10,
    scrollMargin,
    // Server render: the rows of a typical window, not none and not all.
    initialRect: { width: 256, height: 800 },
  });

  // Where the list starts in the scrolling element moves when the sections above it change size.
  useLayoutEffect(() => {
    const list = listRef.current;
    const scroller = scrollRef.current;
    if (!list || !scroller) return;
    const measure = () =>
      setScrollMargin(list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop);
    measure();
    const observer = new ResizeObserver(measure);
    for (const child of Array.from(scroller.children)) observer.observe(child);
    return () => observer.disconnect();
  }, [scrollRef]);

  return (
    <ul ref={listRef} className="relative" style={{ height: virtualizer.getTotalSize() }} data-testid={testId}>
      {virtualizer.getVirtualItems().map((row) => {
        const channel = items[row.index];
        if (!channel) return null;
        return (
          <li
            key={row.key}
            aria-posinset={row.index + 1}
            aria-setsize={items.length}
            className="absolute inset-x-0 top-0"
            style={{ transform: `translateY(${row.start - scrollMargin}px)` }}
          >
            <ChannelLink workspaceSlug={workspaceSlug} channel={channel} statusOf={statusOf} />
          </li>
        );
      })}
    </ul>
  );
}

function SectionHeader({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-1 pb-1 pl-2">
      <h2 id={id} className="text-xs font-medium text-muted-foreground">
        {title}
      </h2>
      <div className="flex items-center">{children}</div>
    </div>
  );
}

/** sidebar-07 `nav-main` / `nav-projects`: the caller's channels and direct messages with badges. */
export function ChannelSidebar({
  workspaceSlug,
  channels,
  dms,
  statusOf = () => 'offline',
  onOpenDialog,
  canCreateChannels = true,
  complete = true,
  scrollRef,
}: {
  workspaceSlug: string;
  channels: SidebarChannel[];
  dms: SidebarChannel[];
  statusOf?: (id: string) => PresenceStatus;
  onOpenDialog?: (dialog: WorkspaceDialog) => void;
  canCreateChannels?: boolean;
  /** False while only the first page is listed (the rest is loading). */
  complete?: boolean;
  /** The element the sidebar scrolls in: long sections are virtualized in it. */
  scrollRef?: RefObject<HTMLElement | null>;
}) {
  return (
    <nav aria-label="Channels and direct messages" className="grid gap-4" data-testid="channel-sidebar">
      <section aria-labelledby="sidebar-channels">
        <SectionHeader id="sidebar-channels" title="Channels">
          {onOpenDialog ? (
            <>
              <Button
                variant="ghost"
                size="icon-sm"
                className="size-6"
                aria-label="Browse channels"
                data-testid="browse-channels-button"
                onClick={() => onOpenDialog('browse-channels')}
              >
                <CompassIcon aria-hidden="true" />
              </Button>
              {canCreateChannels ? (
                <Button
                  variant="ghost"
                  size="icon-sm"
                  className="size-6"
                  aria-label="Create a channel"
                  data-testid="create-channel-button"
                  onClick={() => onOpenDialog('create-channel')}
                >
                  <PlusIcon aria-hidden="true" />
                </Button>
              ) : null}
            </>
          ) : null}
        </SectionHeader>
        <LinkList
          items={channels}
          workspaceSlug={workspaceSlug}
          statusOf={statusOf}
          scrollRef={scrollRef}
          empty={complete ? 'No channels yet' : 'Loading channels…'}
        />
      </section>
      <section aria-labelledby="sidebar-dms">
        <SectionHeader id="sidebar-dms" title="Direct messages">
          {onOpenDialog ? (
            <Button
              variant="ghost"
              size="icon-sm"
              className="size-6"
              aria-label="New message"
              data-testid="new-message-button"
              onClick={() => onOpenDialog('new-message')}
            >
              <SquarePenIcon aria-hidden="true" />
            </Button>
          ) : null}
        </SectionHeader>
        <LinkList
          items={dms}
          workspaceSlug={workspaceSlug}
          statusOf={statusOf}
          scrollRef={scrollRef}
          empty={complete ? 'No conversations yet' : 'Loading conversations…'}
          testId="sidebar-dms"
        />
      </section>
      {complete ? null : (
        <p role="status" className="px-2 text-xs text-muted-foreground" data-testid="sidebar-loading">
          Loading the rest of your channels…
        </p>
      )}
    </nav>
  );
}
