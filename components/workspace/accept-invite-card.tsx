'use client';

import { MailOpenIcon } from 'lucide-react';
import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { useState, useTransition } from 'react';
import { acceptInviteAction } from '@/app/(chat)/actions';
import { FormError } from '@/components/auth/form-error';
import { Button } from '@/components/ui/button';

/**
 * Accepting an invite: one button. Problems (an unknown, expired, revoked or used-up link, a
 * deactivated account) come back from accept_invite() as messages a person can act on, shown here
 * with a way out instead of a crash.
 */
export function AcceptInviteCard({ token, email }: { token: string | null; email: string | null }) {
  const [error, setError] = useState<string | null>(
    token ? null : 'This invite link is not valid. Check that you copied all of it, or ask for a new one.',
  );
  const [pending, startTransition] = useTransition();

  function accept() {
    if (!token) return;
    setError(null);
    startTransition(async () => {
      try {
        const result = await acceptInviteAction({ token });
        if (result && !result.ok) setError(result.message);
      } catch (error) {
        // Success redirects; Next may deliver that as a thrown redirect, which must reach its boundary.
        unstable_rethrow(error);
        setError("We couldn't reach the server. Check your connection and try again.");
      }
    });
  }

  return (
    <div className="grid w-full gap-4 rounded-xl border bg-card p-6 text-center shadow-sm" data-testid="invite-card">
      <MailOpenIcon className="mx-auto size-8 text-muted-foreground" aria-hidden="true" />
      <h1 className="text-xl font-semibold">You've been invited to a workspace</h1>
      <p className="text-sm text-muted-foreground">
        You'll join as <span className="font-medium text-foreground">{email ?? 'yourself'}</span>.
      </p>
      <div className="text-left" data-testid="invite-error">
        <FormError message={error} />
      </div>
      {token ? (
        <Button onClick={accept} disabled={pending} data-testid="accept-invite-button">
          {pending ? 'Joining…' : 'Accept invite'}
        </Button>
      ) : null}
      <Link href="/?view=all" className="text-sm text-muted-foreground underline underline-offset-4">
        Go to your workspaces
      </Link>
    </div>
  );
}
