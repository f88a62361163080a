'use client';

import { HashIcon, LockIcon, UsersIcon } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import { Dialog, DialogContent, DialogDescription, DialogTitle } from '@/components/ui/dialog';
import { PresenceDot } from '@/components/workspace/presence-dot';
import { filterSwitcherItems } from '@/components/workspace/quick-switcher-filter';
import { useWorkspace } from '@/components/workspace/workspace-context';
import { cn } from '@/lib/utils';

/**
 * Ctrl/Cmd+K: jump to a channel or DM. Type to filter, arrow keys to move, Enter to open, Esc to
 * close. A combobox with a listbox (aria-activedescendant), so focus stays in the input.
 */
export function QuickSwitcher({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { workspace, channels, dms, sidebarComplete, statusOf } = useWorkspace();
  const router = useRouter();
  const pathname = usePathname();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();

  const all = useMemo(
    () =>
      [...channels, ...dms].map((c) => ({
        ...c,
        // The open channel is being read: not unread, as in the sidebar.
        unread:
          (c.unreadCount > 0 || c.mentionCount > 0) && pathname !== `/${workspace.slug}/${encodeURIComponent(c.ref)}`,
      })),
    [channels, dms, pathname, workspace.slug],
  );
  const results = useMemo(() => filterSwitcherItems(all, query, 20), [all, query]);
  const current = Math.min(active, Math.max(results.length - 1, 0));

  function go(index: number) {
    const item = results[index];
    if (!item) return;
    onOpenChange(false);
    router.push(`/${workspace.slug}/${encodeURIComponent(item.ref)}`);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive(results.length ? (current + 1) % results.length : 0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive(results.length ? (current - 1 + results.length) % results.length : 0);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(current);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        className="top-[20%] translate-y-0 gap-2 p-2 sm:max-w-lg"
        showCloseButton={false}
        data-testid="quick-switcher"
      >
        <DialogTitle className="sr-only">Jump to a conversation</DialogTitle>
        <DialogDescription className="sr-only">
          Type to filter channels and direct messages, use the arrow keys to choose and Enter to open.
        </DialogDescription>
        <input
          autoFocus
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={results[current] ? `${listId}-${results[current].id}` : undefined}
          aria-label="Jump to"
          placeholder="Jump to…"
          className="h-10 w-full rounded-md bg-transparent px-3 text-base outline-none"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="quick-switcher-input"
        />
        <div
          id={listId}
          role="listbox"
          aria-label="Channels and direct messages"
          className="max-h-80 overflow-y-auto border-t pt-1"
        >
          {results.length === 0 ? (
            <p className="px-3 py-6 text-center text-sm text-muted-foreground">
              {sidebarComplete ? 'No matches' : 'Loading your channels…'}
            </p>
          ) : null}
          {results.map((item, index) => {
            const Icon = item.kind === 'private' ? LockIcon : item.kind === 'group_dm' ? UsersIcon : HashIcon;
            return (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keyboard (aria-activedescendant)
              <div
                key={item.id}
                tabIndex={-1}
                id={`${listId}-${item.id}`}
                role="option"
                aria-selected={index === current}
                data-testid="quick-switcher-option"
                className={cn(
                  'flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm',
                  index === current && 'bg-accent text-accent-foreground',
                )}
                onMouseMove={() => setActive(index)}
                onClick={() => go(index)}
              >
                {item.kind === 'dm' ? (
                  <span className="flex size-4 items-center justify-center">
                    <PresenceDot status={item.memberIds[0] ? statusOf(item.memberIds[0]) : 'online'} />
                  </span>
                ) : (
                  <Icon className="size-4 text-muted-foreground" aria-hidden="true" />
                )}
                <span className={cn('min-w-0 flex-1 truncate', item.unread && 'font-semibold')}>{item.label}</span>
              </div>
            );
          })}
        </div>
      </DialogContent>
    </Dialog>
  );
}
