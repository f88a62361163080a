'use client';

import * as React from 'react';

import { Label } from '@/components/ui/label';
import { cn } from '@/lib/utils';

/**
 * One labelled form control with optional description and error text. The control (passed as
 * the only child) receives `id`, `aria-invalid` and `aria-describedby`, so screen readers read
 * the error with the field; the error itself is a live region so it is announced when it appears.
 */
function FormField({
  label,
  name,
  description,
  error,
  className,
  children,
  labelAction,
}: {
  label: React.ReactNode;
  name: string;
  description?: React.ReactNode;
  error?: string | undefined;
  className?: string;
  labelAction?: React.ReactNode;
  children: React.ReactElement<React.ComponentProps<'input'>>;
}) {
  const generatedId = React.useId();
  const id = `${name}-${generatedId}`;
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;

  return (
    <div data-slot="form-field" data-invalid={error ? true : undefined} className={cn('grid gap-2', className)}>
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={id} className="data-[error=true]:text-destructive" data-error={!!error}>
          {label}
        </Label>
        {labelAction}
      </div>
      {React.cloneElement(children, {
        id,
        name,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {description ? (
        <p id={descriptionId} data-slot="form-description" className="text-sm text-muted-foreground">
          {description}
        </p>
      ) : null}
      <p
        id={errorId}
        data-slot="form-message"
        data-testid={`${name}-error`}
        aria-live="polite"
        className={cn('text-sm text-destructive', !error && 'sr-only')}
      >
        {error}
      </p>
    </div>
  );
}

export { FormField };
