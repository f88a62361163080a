'use client';

import { CheckIcon } from 'lucide-react';
import { useState } from 'react';
import { Input } from '@/components/ui/input';
import { PresenceDot } from '@/components/workspace/presence-dot';
import type { PresenceStatus } from '@/hooks/use-presence';
import type { MemberSummary } from '@/lib/data/members';
import { cn } from '@/lib/utils';

/** A filterable list of people with checkboxes (toggle buttons with aria-pressed) and presence dots. */
export function PeoplePicker({
  people,
  selected,
  onToggle,
  statusOf,
  label,
}: {
  people: MemberSummary[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  statusOf: (id: string) => PresenceStatus;
  label: string;
}) {
  const [query, setQuery] = useState('');
  const q = query.trim().replace(/^@/, '').toLowerCase();
  const shown = people.filter((p) => !q || p.name.toLowerCase().includes(q));
  return (
    <div className="grid gap-2">
      <Input
        autoFocus
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder="Search people"
        aria-label={label}
        data-testid="people-search"
      />
      <ul className="grid max-h-64 gap-0.5 overflow-y-auto" aria-label="People">
        {shown.length === 0 ? (
          <li className="py-4 text-center text-sm text-muted-foreground">Nobody matches.</li>
        ) : null}
        {shown.map((p) => {
          const on = selected.has(p.id);
          return (
            <li key={p.id}>
              <button
                type="button"
                aria-pressed={on}
                onClick={() => onToggle(p.id)}
                data-testid={`pick-${p.name}`}
                className={cn(
                  'flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring',
                  on && 'bg-accent',
                )}
              >
                <PresenceDot status={statusOf(p.id)} />
                <span className="min-w-0 flex-1 truncate">{p.name}</span>
                {on ? <CheckIcon className="size-4" aria-hidden="true" /> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
