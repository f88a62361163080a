'use client';

import { MailOpenIcon } from 'lucide-react';
import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { useState, useTransition } from 'react';
import { acceptInviteAction } from '@/app/(chat)/actions';
import { FormError } from '@/components/auth/form-error';
import { Button } from '@/components/ui/button';
import type { InvitePreview } from '@/lib/data/workspaces';

const INVALID = 'This invite link is not valid. Check that you copied all of it, or ask for a new one.';
const ROLE_PHRASE = { owner: 'an owner', admin: 'an admin', member: 'a member', guest: 'a guest' } as const;

/** Why a link the preview found cannot be used: the same words accept_invite() would answer with. */
function unusable(preview: InvitePreview): string | null {
  const askFor = preview.invitedBy ? `Ask ${preview.invitedBy} for a new one.` : 'Ask for a new one.';
  switch (preview.status) {
    case 'revoked':
      return `This invite was revoked. ${askFor}`;
    case 'expired':
      return `This invite has expired. ${askFor}`;
    case 'used_up':
      return `This invite has already been used. ${askFor}`;
    case 'deactivated':
      return 'Your account in this workspace was deactivated; ask an admin to reactivate it.';
    default:
      return null;
  }
}

/**
 * Accepting an invite: the page shows where the link leads (workspace, role, inviter, expiry, from
 * preview_invite()) and one button. Problems found before or while accepting come back as messages
 * a person can act on, with a way out instead of a dead end.
 */
export function AcceptInviteCard({
  token,
  email,
  preview,
}: {
  token: string | null;
  email: string | null;
  preview: InvitePreview | null;
}) {
  const [error, setError] = useState<string | null>(!token || !preview ? INVALID : unusable(preview));
  const [pending, startTransition] = useTransition();
  const canAccept = Boolean(token && preview?.status === 'valid');

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

  const title = !preview
    ? "You've been invited to a workspace"
    : preview.status === 'member'
      ? `You're already in ${preview.workspaceName}`
      : `Join ${preview.workspaceName}`;

  return (
    <div className="grid w-full gap-4 rounded-xl border bg-card p-6 text-center shadow-sm" data-testid="invite-card">
      <MailOpenIcon className="mx-auto size-8 text-muted-foreground" aria-hidden="true" />
      <h1 className="text-xl font-semibold" data-testid="invite-title">
        {title}
      </h1>
      {preview?.status === 'valid' ? (
        <p className="text-sm text-muted-foreground" data-testid="invite-details">
          {preview.invitedBy ? `${preview.invitedBy} invited you` : "You've been invited"} to join as{' '}
          {ROLE_PHRASE[preview.role]}. The link expires {new Date(preview.expiresAt).toLocaleDateString()}.
        </p>
      ) : null}
      {preview?.status !== 'member' ? (
        <p className="text-sm text-muted-foreground">
          You'll join as <span className="font-medium text-foreground">{email ?? 'yourself'}</span>.
        </p>
      ) : null}
      <div className="text-left" data-testid="invite-error">
        <FormError message={error} />
      </div>
      {canAccept ? (
        <Button onClick={accept} disabled={pending} data-testid="accept-invite-button">
          {pending ? 'Joining…' : 'Accept invite'}
        </Button>
      ) : null}
      {preview?.status === 'member' && preview.workspaceSlug ? (
        <Button asChild data-testid="open-invited-workspace">
          <Link href={`/${preview.workspaceSlug}`}>Open {preview.workspaceName}</Link>
        </Button>
      ) : null}
      <Link href="/?view=all" className="text-sm text-muted-foreground underline underline-offset-4">
        Go to your workspaces
      </Link>
    </div>
  );
}
