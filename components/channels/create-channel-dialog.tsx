'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState, useTransition } from 'react';
import { createChannelAction } from '@/app/(chat)/actions';
import { FormError } from '@/components/auth/form-error';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useWorkspace } from '@/components/workspace/workspace-context';
import { CHANNEL_NAME_MAX, checkCreateChannel } from '@/lib/validation/channel';

/**
 * Create a channel: a name (shown normalized as you type, Slack-style), public or private, an
 * optional topic. Errors appear on their field, a taken name included; on success the new channel opens.
 */
export function CreateChannelDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { workspace, refreshSidebar } = useWorkspace();
  const router = useRouter();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'public' | 'private'>('public');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const topic = String(new FormData(event.currentTarget).get('topic') ?? '');
    const input = { workspaceId: workspace.id, name, kind, topic };
    const problems = checkCreateChannel(input);
    if (Object.keys(problems).length > 0) {
      setErrors(problems);
      return;
    }
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      try {
        const result = await createChannelAction(input);
        if (!result.ok) {
          if (result.fieldErrors?.name) setErrors(result.fieldErrors);
          else setFormError(result.message);
          return;
        }
        await refreshSidebar();
        onOpenChange(false);
        router.push(`/${workspace.slug}/${encodeURIComponent(result.data.ref)}`);
      } catch {
        setFormError("We couldn't reach the server. Check your connection and try again.");
      }
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="create-channel-dialog">
        <DialogHeader>
          <DialogTitle>Create a channel</DialogTitle>
          <DialogDescription>Channels are where conversations happen around a topic.</DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4" aria-label="Create a channel">
          <FormError message={formError} />
          <FormField
            label="Name"
            name="name"
            error={errors.name}
            description="Lowercase letters, numbers, hyphens and underscores."
          >
            <Input
              autoFocus
              value={name}
              placeholder="e.g. plan-budget"
              maxLength={CHANNEL_NAME_MAX + 20}
              autoCapitalize="off"
              spellCheck={false}
              data-testid="channel-name-input"
              onChange={(e) => setName(e.target.value.toLowerCase().replace(/\s/g, '-'))}
            />
          </FormField>
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">Visibility</legend>
            <label className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name="kind"
                value="public"
                checked={kind === 'public'}
                onChange={() => setKind('public')}
                data-testid="channel-kind-public"
              />
              <span>
                <span className="font-medium">Public</span>: anyone in {workspace.name} can find and join it
              </span>
            </label>
            <label className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name="kind"
                value="private"
                checked={kind === 'private'}
                onChange={() => setKind('private')}
                data-testid="channel-kind-private"
              />
              <span>
                <span className="font-medium">Private</span>: only people who are added can see it
              </span>
            </label>
          </fieldset>
          <FormField label="Topic (optional)" name="topic" error={errors.topic}>
            <Input placeholder="What is this channel about?" data-testid="channel-topic-input" />
          </FormField>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} data-testid="create-channel-submit">
              {pending ? 'Creating…' : 'Create'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
