'use client';

import { CheckIcon, CopyIcon } from 'lucide-react';
import { type FormEvent, useState, useTransition } from 'react';
import { createInviteAction } from '@/app/(chat)/actions';
import { FormError } from '@/components/auth/form-error';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { ActiveInvites } from '@/components/workspace/active-invites';
import { useWorkspace } from '@/components/workspace/workspace-context';
import { checkCreateInvite } from '@/lib/validation/workspace';

const selectClass =
  'h-9 w-full rounded-md border border-input bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30';

/**
 * "Invite people": admins and owners create an invite link (role, expiry, how many may use it),
 * then copy it. The token is shown once: only its hash is stored.
 */
export function InviteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { workspace, role } = useWorkspace();
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [created, setCreated] = useState(0);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = new FormData(event.currentTarget);
    input.set('workspaceId', workspace.id);
    const problems = checkCreateInvite(Object.fromEntries(input.entries()));
    if (Object.keys(problems).length > 0) {
      setErrors(problems);
      return;
    }
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      try {
        const result = await createInviteAction(input);
        if (!result.ok) {
          setFormError(result.message);
          return;
        }
        setLink({ url: `${window.location.origin}/invite/${result.data.token}`, expiresAt: result.data.expiresAt });
        setCreated((n) => n + 1);
      } catch {
        setFormError("We couldn't reach the server. Check your connection and try again.");
      }
    });
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard blocked (permissions, insecure origin): the link stays selected for a manual copy.
      document.querySelector<HTMLInputElement>('[data-testid="invite-link"]')?.select();
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="invite-dialog">
        <DialogHeader>
          <DialogTitle>Invite people to {workspace.name}</DialogTitle>
          <DialogDescription>Anyone with the link can join until it expires or is used up.</DialogDescription>
        </DialogHeader>
        {link ? (
          <div className="grid gap-3">
            <FormField
              label="Invite link"
              name="invite-link"
              description={`Expires ${new Date(link.expiresAt).toLocaleString()}. This link is shown only once.`}
            >
              <Input readOnly value={link.url} data-testid="invite-link" onFocus={(e) => e.currentTarget.select()} />
            </FormField>
            <div className="flex justify-end gap-2">
              <Button variant="outline" onClick={() => setLink(null)}>
                Create another
              </Button>
              <Button onClick={copy} data-testid="copy-invite-link">
                {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
                {copied ? 'Copied' : 'Copy link'}
              </Button>
            </div>
          </div>
        ) : (
          <form noValidate onSubmit={onSubmit} className="grid gap-4" data-testid="invite-form">
            <FormError message={formError} />
            <FormField label="Join as" name="role" error={errors.role}>
              <select className={selectClass} defaultValue="member" data-testid="invite-role">
                <option value="member">Member</option>
                <option value="guest">Guest (only channels they are added to)</option>
                {role === 'owner' ? <option value="admin">Admin</option> : null}
              </select>
            </FormField>
            <FormField label="Expires after" name="expiresInDays" error={errors.expiresInDays}>
              <select className={selectClass} defaultValue="7" data-testid="invite-expiry">
                <option value="1">1 day</option>
                <option value="7">7 days</option>
                <option value="30">30 days</option>
              </select>
            </FormField>
            <FormField label="How many people may use it" name="maxUses" error={errors.maxUses}>
              <Input type="number" min={1} max={1000} defaultValue={1} data-testid="invite-max-uses" />
            </FormField>
            <Button type="submit" disabled={pending} data-testid="create-invite-button">
              {pending ? 'Creating link…' : 'Create invite link'}
            </Button>
          </form>
        )}
        <ActiveInvites workspaceId={workspace.id} version={created} />
      </DialogContent>
    </Dialog>
  );
}
