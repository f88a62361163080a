'use client';

import { useState } from 'react';
import { createWorkspaceAction } from '@/app/(chat)/actions';
import { FormError } from '@/components/auth/form-error';
import { SubmitButton } from '@/components/auth/submit-button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useFormAction } from '@/hooks/use-form-action';
import { checkCreateWorkspace, SLUG_MAX, slugify, WORKSPACE_NAME_MAX } from '@/lib/validation/workspace';

/**
 * "Create a workspace": a name, and a URL derived from it until the person edits the URL
 * themselves. On success the action redirects into the new workspace's #general.
 */
export function CreateWorkspaceForm() {
  const { state, pending, onSubmit } = useFormAction(checkCreateWorkspace, createWorkspaceAction);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="grid gap-4"
      data-testid="create-workspace-form"
      aria-label="Create a workspace"
    >
      <FormError message={state.formError} />
      <FormField label="Workspace name" name="name" error={state.fieldErrors.name} description="Your company or team.">
        <Input
          autoFocus
          required
          maxLength={WORKSPACE_NAME_MAX + 20}
          value={name}
          placeholder="Acme Inc."
          data-testid="workspace-name-input"
          onChange={(e) => {
            setName(e.target.value);
            if (!slugEdited) setSlug(slugify(e.target.value));
          }}
        />
      </FormField>
      <FormField
        label="Workspace URL"
        name="slug"
        error={state.fieldErrors.slug}
        description={`Lowercase letters, numbers and hyphens, 3-${SLUG_MAX} characters: /${slug || 'your-team'}`}
      >
        <Input
          required
          value={slug}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          placeholder="acme"
          data-testid="workspace-slug-input"
          onChange={(e) => {
            setSlug(e.target.value);
            setSlugEdited(e.target.value !== '');
          }}
        />
      </FormField>
      <SubmitButton pending={pending} pendingLabel="Creating workspace…" data-testid="create-workspace-button">
        Create workspace
      </SubmitButton>
    </form>
  );
}
