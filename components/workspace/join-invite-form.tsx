'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { inviteTokenFrom } from '@/lib/validation/workspace';

/** "Join with an invite link": takes a pasted link (or token) and opens its /invite/<token> page. */
export function JoinInviteForm() {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('invite') ?? '');
    const token = inviteTokenFrom(value);
    if (!token) {
      setError(
        value.trim() ? 'That does not look like an invite link. Paste the whole link.' : 'Paste an invite link.',
      );
      return;
    }
    setError(undefined);
    router.push(`/invite/${token}`);
  }

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="grid gap-3"
      data-testid="join-invite-form"
      aria-label="Join with an invite link"
    >
      <FormField label="Invite link" name="invite" error={error}>
        <Input placeholder="https://…/invite/…" autoComplete="off" data-testid="invite-link-input" />
      </FormField>
      <Button type="submit" variant="outline" data-testid="join-invite-button">
        Join workspace
      </Button>
    </form>
  );
}
