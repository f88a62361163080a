import { ChevronRightIcon, MessagesSquareIcon, PlusIcon } from 'lucide-react';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { JoinInviteForm } from '@/components/workspace/join-invite-form';
import type { WorkspaceSummary } from '@/lib/data/workspaces';

/**
 * The user's workspaces as links, or (with none) an empty state offering both ways in: create a
 * workspace, or paste an invite link.
 */
export function WorkspaceList({ workspaces }: { workspaces: WorkspaceSummary[] }) {
  if (workspaces.length === 0) {
    return (
      <div
        className="flex flex-col items-center gap-3 rounded-xl border border-dashed px-6 py-12 text-center"
        data-testid="workspaces-empty"
      >
        <MessagesSquareIcon className="size-8 text-muted-foreground" aria-hidden="true" />
        <h2 className="font-semibold">You're not in any workspace yet</h2>
        <p className="max-w-sm text-sm text-muted-foreground">
          Ask a teammate for an invite link, or create a workspace for your team.
        </p>
        <Button asChild data-testid="create-workspace-link">
          <Link href="/new">
            <PlusIcon aria-hidden="true" />
            Create a workspace
          </Link>
        </Button>
        <div className="mt-2 w-full max-w-sm text-left">
          <JoinInviteForm />
        </div>
      </div>
    );
  }
  return (
    <ul className="grid gap-2" data-testid="workspace-list">
      {workspaces.map((w) => (
        <li key={w.id}>
          <Link
            href={`/${w.slug}`}
            className="flex items-center gap-3 rounded-lg border bg-card px-4 py-3 transition-colors outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
            data-testid={`workspace-${w.slug}`}
          >
            <span
              className="flex size-9 shrink-0 items-center justify-center rounded-md bg-primary text-sm font-semibold text-primary-foreground"
              aria-hidden="true"
            >
              {w.name.slice(0, 1).toUpperCase()}
            </span>
            <span className="grid min-w-0 flex-1">
              <span className="truncate font-medium">{w.name}</span>
              <span className="truncate text-sm text-muted-foreground">/{w.slug}</span>
            </span>
            {w.role !== 'member' ? <Badge variant="secondary">{w.role}</Badge> : null}
            <ChevronRightIcon className="size-4 text-muted-foreground" aria-hidden="true" />
          </Link>
        </li>
      ))}
      <li className="mt-4 grid gap-4 rounded-lg border border-dashed p-4">
        <Button asChild variant="outline" data-testid="create-workspace-link">
          <Link href="/new">
            <PlusIcon aria-hidden="true" />
            Create another workspace
          </Link>
        </Button>
        <JoinInviteForm />
      </li>
    </ul>
  );
}
