'use client';

// The channel header's dialogs (members, leave): loaded when one is opened (see ChannelHeaderActions).

import { UserPlusIcon } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState, useTransition } from 'react';
import {
  addChannelMembersAction,
  leaveChannelAction,
  listChannelMembersAction,
  listWorkspaceMembersAction,
} from '@/app/(chat)/actions';
import { FormError } from '@/components/auth/form-error';
import type { HeaderChannel } from '@/components/channels/channel-header-actions';
import { useOpenDm } from '@/components/channels/new-message-dialog';
import { PeoplePicker } from '@/components/channels/people-picker';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { PresenceDot, presenceLabel } from '@/components/workspace/presence-dot';
import type { WorkspaceContextValue } from '@/components/workspace/workspace-context';
import type { MemberSummary } from '@/lib/data/members';

const OFFLINE = "We couldn't reach the server. Check your connection and try again.";

export function LeaveChannelDialog({
  channel,
  ctx,
  onOpenChange,
}: {
  channel: HeaderChannel;
  ctx: WorkspaceContextValue;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const name = channel.kind === 'public' || channel.kind === 'private' ? `#${channel.label}` : channel.label;

  function leave() {
    startTransition(async () => {
      try {
        const result = await leaveChannelAction({ channelId: channel.id });
        if (!result.ok) {
          setError(result.message);
          return;
        }
        onOpenChange(false);
        toast.success(`You left ${name}.`);
        // The workspace page lands in #general (or the first channel left to the person).
        router.push(`/${ctx.workspace.slug}`);
        router.refresh();
      } catch {
        setError(OFFLINE);
      }
    });
  }

  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent data-testid="leave-channel-dialog">
        <DialogHeader>
          <DialogTitle>Leave {name}?</DialogTitle>
          <DialogDescription>
            {channel.kind === 'private'
              ? 'This channel is private: you can only come back if a member adds you again.'
              : 'You can join again at any time from the channel browser.'}
          </DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="destructive" onClick={leave} disabled={pending} data-testid="confirm-leave-channel">
            {pending ? 'Leaving…' : 'Leave'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

export function ChannelMembersDialog({
  channel,
  ctx,
  onOpenChange,
}: {
  channel: HeaderChannel;
  ctx: WorkspaceContextValue;
  onOpenChange: (open: boolean) => void;
}) {
  const openDm = useOpenDm();
  const [members, setMembers] = useState<MemberSummary[] | null>(null);
  const [candidates, setCandidates] = useState<MemberSummary[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const canAdd = channel.isMember && (channel.kind === 'public' || channel.kind === 'private');

  const load = useCallback(async () => {
    try {
      const result = await listChannelMembersAction({ channelId: channel.id });
      if (result.ok) setMembers(result.data);
      else setError(result.message);
    } catch {
      setError(OFFLINE);
    }
  }, [channel.id]);
  useEffect(() => {
    void load();
  }, [load]);

  function startAdding() {
    setAdding(true);
    setSelected(new Set());
    listWorkspaceMembersAction({ workspaceId: ctx.workspace.id })
      .then((r) => {
        if (r.ok) setCandidates(r.data);
        else setError(r.message);
      })
      .catch(() => setError(OFFLINE));
  }

  function add() {
    startTransition(async () => {
      try {
        const result = await addChannelMembersAction({ channelId: channel.id, userIds: [...selected] });
        if (!result.ok) {
          setError(result.message);
          return;
        }
        setAdding(false);
        toast.success(result.data === 1 ? 'Added 1 person.' : `Added ${result.data} people.`);
        await load();
      } catch {
        setError(OFFLINE);
      }
    });
  }

  function message(userId: string) {
    startTransition(async () => {
      try {
        const problem = await openDm([userId]);
        if (problem) setError(problem);
        else onOpenChange(false);
      } catch {
        setError(OFFLINE);
      }
    });
  }

  const memberIds = new Set((members ?? []).map((m) => m.id));
  const title = channel.kind === 'public' || channel.kind === 'private' ? `#${channel.label}` : channel.label;
  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent data-testid="channel-members-dialog">
        <DialogHeader>
          <DialogTitle>{adding ? `Add people to ${title}` : `Members of ${title}`}</DialogTitle>
          <DialogDescription>
            {adding
              ? 'Choose people from the workspace.'
              : members
                ? `${members.length} ${members.length === 1 ? 'member' : 'members'}`
                : 'Loading members…'}
          </DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        {adding ? (
          candidates === null ? (
            <Skeleton className="h-40 w-full" />
          ) : (
            <>
              <PeoplePicker
                people={candidates.filter((c) => !memberIds.has(c.id))}
                selected={selected}
                onToggle={(id) =>
                  setSelected((s) => {
                    const next = new Set(s);
                    if (next.has(id)) next.delete(id);
                    else next.add(id);
                    return next;
                  })
                }
                statusOf={ctx.statusOf}
                label="Search people to add"
              />
              <DialogFooter>
                <Button variant="outline" onClick={() => setAdding(false)}>
                  Back
                </Button>
                <Button onClick={add} disabled={pending || selected.size === 0} data-testid="add-members-submit">
                  {pending ? 'Adding…' : 'Add'}
                </Button>
              </DialogFooter>
            </>
          )
        ) : (
          <>
            <ul className="grid max-h-72 gap-0.5 overflow-y-auto" data-testid="channel-member-list">
              {members === null ? <Skeleton className="h-24 w-full" /> : null}
              {(members ?? []).map((m) => {
                const status = ctx.statusOf(m.id);
                return (
                  <li
                    key={m.id}
                    className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm"
                    data-testid="channel-member"
                    data-name={m.name}
                    data-status={status}
                  >
                    <PresenceDot status={status} />
                    <span className="min-w-0 flex-1 truncate">
                      {m.name}
                      {m.id === ctx.userId ? <span className="text-muted-foreground"> (you)</span> : null}
                    </span>
                    <span className="sr-only">{presenceLabel(status)}</span>
                    {m.id !== ctx.userId ? (
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={pending}
                        onClick={() => message(m.id)}
                        aria-label={`Message ${m.name}`}
                        data-testid="message-member"
                      >
                        Message
                      </Button>
                    ) : null}
                  </li>
                );
              })}
            </ul>
            {canAdd ? (
              <DialogFooter>
                <Button variant="outline" onClick={startAdding} data-testid="add-members-button">
                  <UserPlusIcon aria-hidden="true" />
                  Add people
                </Button>
              </DialogFooter>
            ) : null}
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
