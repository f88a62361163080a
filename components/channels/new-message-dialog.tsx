'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { listWorkspaceMembersAction, openDmAction } from '@/app/(chat)/actions';
import { FormError } from '@/components/auth/form-error';
import { PeoplePicker } from '@/components/channels/people-picker';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { useWorkspace } from '@/components/workspace/workspace-context';
import type { MemberSummary } from '@/lib/data/members';

/** Opens a DM with a list of people: 1 person is a DM, 2-8 a group DM (open_dm() finds an existing one). */
export function useOpenDm() {
  const { workspace, refreshSidebar } = useWorkspace();
  const router = useRouter();
  return async (userIds: string[]): Promise<string | null> => {
    const result = await openDmAction({ workspaceId: workspace.id, userIds });
    if (!result.ok) return result.message;
    await refreshSidebar();
    router.push(`/${workspace.slug}/${result.data}`);
    return null;
  };
}

/** "New message": pick one or several people and open the conversation with them. */
export function NewMessageDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { workspace, userId, statusOf } = useWorkspace();
  const openDm = useOpenDm();
  const [people, setPeople] = useState<MemberSummary[] | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    let cancelled = false;
    listWorkspaceMembersAction({ workspaceId: workspace.id })
      .then((r) => {
        if (cancelled) return;
        if (r.ok) setPeople(r.data.filter((p) => p.id !== userId));
        else setError(r.message);
      })
      .catch(() => !cancelled && setError("We couldn't reach the server. Check your connection and try again."));
    return () => {
      cancelled = true;
    };
  }, [workspace.id, userId]);

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  function start() {
    if (selected.size === 0) {
      setError('Choose at least one person.');
      return;
    }
    if (selected.size > 8) {
      setError('A group message has at most 9 people, you included.');
      return;
    }
    setError(null);
    startTransition(async () => {
      try {
        const problem = await openDm([...selected]);
        if (problem) setError(problem);
        else onOpenChange(false);
      } catch {
        setError("We couldn't reach the server. Check your connection and try again.");
      }
    });
  }

  const names = (people ?? []).filter((p) => selected.has(p.id)).map((p) => p.name);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="new-message-dialog">
        <DialogHeader>
          <DialogTitle>New message</DialogTitle>
          <DialogDescription>Choose one person for a direct message, or several for a group.</DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        {people === null ? (
          <Skeleton className="h-40 w-full" />
        ) : (
          <PeoplePicker
            people={people}
            selected={selected}
            onToggle={toggle}
            statusOf={statusOf}
            label="Search people to message"
          />
        )}
        <div className="flex items-center justify-between gap-2">
          <p className="min-w-0 truncate text-sm text-muted-foreground" data-testid="new-message-selection">
            {names.length ? `To: ${names.join(', ')}` : 'Nobody chosen yet'}
          </p>
          <Button onClick={start} disabled={pending || selected.size === 0} data-testid="start-conversation">
            {pending ? 'Opening…' : 'Go to conversation'}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
