'use client';

import { formatDistanceStrict } from 'date-fns';
import { LinkIcon } from 'lucide-react';
import { useCallback, useEffect, useState, useTransition } from 'react';
import { listActiveInvitesAction, revokeInviteAction } from '@/app/(chat)/actions';
import { FormError } from '@/components/auth/form-error';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import type { ActiveInvite } from '@/lib/data/workspaces';

const OFFLINE = "We couldn't reach the server. Check your connection and try again.";
const ROLE_LABEL = { owner: 'Owner', admin: 'Admin', member: 'Member', guest: 'Guest' } as const;

/**
 * The invite links that still work, each with a Revoke button: a link pasted in the wrong place can
 * be withdrawn before anyone uses it. `version` changes when the dialog creates a link, to reload.
 */
export function ActiveInvites({ workspaceId, version }: { workspaceId: string; version: number }) {
  const [invites, setInvites] = useState<ActiveInvite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  const load = useCallback(
    async (isCancelled: () => boolean) => {
      try {
        const result = await listActiveInvitesAction({ workspaceId });
        if (isCancelled()) return;
        if (result.ok) setInvites(result.data);
        else setError(result.message);
      } catch {
        if (!isCancelled()) setError(OFFLINE);
      }
    },
    [workspaceId],
  );

  useEffect(() => {
    let cancelled = false;
    void version; // a new link was created: reload
    load(() => cancelled);
    return () => {
      cancelled = true;
    };
  }, [load, version]);

  function revoke(invite: ActiveInvite) {
    setError(null);
    setRevoking(invite.id);
    startTransition(async () => {
      try {
        const result = await revokeInviteAction({ inviteId: invite.id });
        if (!result.ok) {
          setError(result.message);
          return;
        }
        setInvites((list) => list?.filter((i) => i.id !== invite.id) ?? null);
        toast.success('Invite link revoked. Nobody can join with it any more.');
      } catch {
        setError(OFFLINE);
      } finally {
        setRevoking(null);
      }
    });
  }

  const now = new Date();
  return (
    <section className="grid gap-2 border-t pt-4" aria-labelledby="active-invites-heading" data-testid="active-invites">
      <h3 id="active-invites-heading" className="text-sm font-medium">
        Active invite links
      </h3>
      <FormError message={error} />
      {invites === null && !error ? (
        <div className="grid gap-2" role="status" aria-busy="true" aria-label="Loading invite links">
          <Skeleton className="h-9" />
          <Skeleton className="h-9" />
        </div>
      ) : null}
      {invites?.length === 0 ? (
        <p className="text-sm text-muted-foreground" data-testid="active-invites-empty">
          No invite links are active. Links you create appear here until they expire, are used up or revoked.
        </p>
      ) : null}
      {invites && invites.length > 0 ? (
        <ul className="grid max-h-48 gap-1 overflow-y-auto">
          {invites.map((invite) => {
            const expires = `expires in ${formatDistanceStrict(new Date(invite.expires_at), now)}`;
            const label = `${ROLE_LABEL[invite.role]} link, ${invite.use_count} of ${invite.max_uses} used, ${expires}`;
            return (
              <li
                key={invite.id}
                className="flex items-center gap-2 rounded-md border px-2 py-1.5 text-sm"
                data-testid="active-invite"
              >
                <LinkIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                <span className="min-w-0 flex-1 truncate">
                  <span className="font-medium">{ROLE_LABEL[invite.role]}</span>
                  <span className="text-muted-foreground">
                    {' '}
                    · {invite.use_count}/{invite.max_uses} used · {expires}
                    {invite.createdBy ? ` · by ${invite.createdBy}` : ''}
                  </span>
                </span>
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => revoke(invite)}
                  disabled={revoking === invite.id}
                  aria-label={`Revoke ${label}`}
                  data-testid="revoke-invite"
                >
                  {revoking === invite.id ? 'Revoking…' : 'Revoke'}
                </Button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
