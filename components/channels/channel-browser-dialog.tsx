'use client';

import { HashIcon, SearchIcon, UsersIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { joinChannelAction, listBrowsableChannelsAction } from '@/app/(chat)/actions';
import { FormError } from '@/components/auth/form-error';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { useWorkspace } from '@/components/workspace/workspace-context';
import type { BrowsableChannel } from '@/lib/data/channels';

/**
 * The channel browser: the workspace's public channels with topic and member count, filtered as
 * you type. "View" previews a channel (the channel page shows it read-only to non-members), "Join"
 * joins and opens it.
 */
export function ChannelBrowserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { workspace, refreshSidebar } = useWorkspace();
  const router = useRouter();
  const [channels, setChannels] = useState<BrowsableChannel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    let cancelled = false;
    listBrowsableChannelsAction({ workspaceId: workspace.id })
      .then((result) => {
        if (cancelled) return;
        if (result.ok) setChannels(result.data);
        else setError(result.message);
      })
      .catch(() => !cancelled && setError("We couldn't reach the server. Check your connection and try again."));
    return () => {
      cancelled = true;
    };
  }, [workspace.id]);

  const q = query.trim().replace(/^#/, '').toLowerCase();
  const shown = (channels ?? []).filter((c) => !q || c.name.includes(q) || (c.topic ?? '').toLowerCase().includes(q));
  const go = (name: string) => {
    onOpenChange(false);
    router.push(`/${workspace.slug}/${encodeURIComponent(name)}`);
  };

  function join(channel: BrowsableChannel) {
    setError(null);
    startTransition(async () => {
      try {
        const result = await joinChannelAction({ channelId: channel.id });
        if (!result.ok) {
          setError(result.message);
          return;
        }
        await refreshSidebar();
        go(channel.name);
        router.refresh();
      } catch {
        setError("We couldn't reach the server. Check your connection and try again.");
      }
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl" data-testid="channel-browser">
        <DialogHeader>
          <DialogTitle>Browse channels</DialogTitle>
          <DialogDescription>Public channels in {workspace.name.replace(/\.+$/, '')}.</DialogDescription>
        </DialogHeader>
        <div className="relative">
          <SearchIcon className="absolute top-2.5 left-2.5 size-4 text-muted-foreground" aria-hidden="true" />
          <Input
            autoFocus
            className="pl-8"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search by name or topic"
            aria-label="Search channels"
            data-testid="channel-browser-search"
          />
        </div>
        <FormError message={error} />
        <ul className="grid max-h-[50vh] gap-1 overflow-y-auto" aria-busy={channels === null}>
          {channels === null
            ? [0, 1, 2].map((i) => (
                <li key={i}>
                  <Skeleton className="h-12 w-full" />
                </li>
              ))
            : null}
          {channels !== null && shown.length === 0 ? (
            <li className="py-6 text-center text-sm text-muted-foreground">
              {q ? `No channels match “${query.trim()}”.` : 'No public channels yet.'}
            </li>
          ) : null}
          {shown.map((c) => (
            <li
              key={c.id}
              className="flex items-center gap-3 rounded-md border px-3 py-2"
              data-testid={`browse-channel-${c.name}`}
            >
              <HashIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
              <div className="grid min-w-0 flex-1">
                <span className="truncate font-medium">{c.name}</span>
                <span className="flex items-center gap-2 truncate text-xs text-muted-foreground">
                  <span className="flex items-center gap-1" data-testid="browse-member-count">
                    <UsersIcon className="size-3" aria-hidden="true" />
                    {c.memberCount} {c.memberCount === 1 ? 'member' : 'members'}
                  </span>
                  {c.isMember ? <span data-testid="browse-joined">· Joined</span> : null}
                  {c.topic ? <span className="truncate">· {c.topic}</span> : null}
                </span>
              </div>
              <Button variant="ghost" size="sm" onClick={() => go(c.name)} aria-label={`View #${c.name}`}>
                View
              </Button>
              {c.isMember ? null : (
                <Button
                  size="sm"
                  disabled={pending}
                  onClick={() => join(c)}
                  aria-label={`Join #${c.name}`}
                  data-testid="browse-join"
                >
                  Join
                </Button>
              )}
            </li>
          ))}
        </ul>
      </DialogContent>
    </Dialog>
  );
}
