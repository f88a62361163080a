import { CircleAlertIcon } from 'lucide-react';

/**
 * The form-level error (wrong password, rate limit, offline). `role="alert"` announces it; it is
 * focusable so the form can move focus to it after a failed submit.
 */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div
      role="alert"
      tabIndex={-1}
      data-slot="form-error"
      data-testid="form-error"
      className="flex items-start gap-2 rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive outline-none focus-visible:ring-[3px] focus-visible:ring-destructive/30"
    >
      <CircleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <p>{message}</p>
    </div>
  );
}

/** A neutral notice (e.g. "Check your email"). */
export function FormNotice({
  message,
  testId = 'form-notice',
}: {
  message: string | null | undefined;
  testId?: string;
}) {
  if (!message) return null;
  return (
    <div role="status" data-testid={testId} className="rounded-md border bg-muted px-3 py-2 text-sm text-foreground">
      {message}
    </div>
  );
}
