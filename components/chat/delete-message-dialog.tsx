'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import type { ChatMessage } from '@/lib/chat/messages';

/** Confirms a delete. Resolves the RPC before closing, so an error can be shown where it happened. */
export function DeleteMessageDialog({
  message,
  moderating,
  onConfirm,
  onClose,
}: {
  message: ChatMessage | null;
  /** Deleting someone else's message as an admin. */
  moderating: boolean;
  onConfirm: (message: ChatMessage) => Promise<string | null>;
  onClose: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    if (!message) return;
    setBusy(true);
    const failure = await onConfirm(message);
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  }

  return (
    <Dialog
      open={message !== null}
      onOpenChange={(open) => {
        if (!open) {
          setError(null);
          onClose();
        }
      }}
    >
      <DialogContent data-testid="delete-dialog">
        <DialogHeader>
          <DialogTitle>Delete message?</DialogTitle>
          <DialogDescription>
            {moderating
              ? 'You are deleting someone else’s message as a workspace admin. This is recorded in the audit log and cannot be undone.'
              : 'This cannot be undone. Everyone will see that a message was deleted.'}
          </DialogDescription>
        </DialogHeader>
        {message ? (
          <blockquote className="max-h-32 overflow-hidden border-l-2 pl-3 text-sm text-muted-foreground">
            {message.body.slice(0, 300)}
          </blockquote>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-destructive" data-testid="delete-error">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="destructive" onClick={() => void confirm()} disabled={busy} data-testid="confirm-delete">
            {busy ? 'Deleting…' : 'Delete'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
