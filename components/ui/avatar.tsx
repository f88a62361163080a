import type * as React from 'react';

import { cn } from '@/lib/utils';

// Initials only, so plain elements: Radix Avatar's image-loading states had nothing to do here and
// cost the chat page's first load its code (issue "App I").

function Avatar({ className, ...props }: React.ComponentProps<'span'>) {
  return (
    <span
      data-slot="avatar"
      className={cn('relative flex size-8 shrink-0 overflow-hidden rounded-full', className)}
      {...props}
    />
  );
}

function AvatarFallback({ className, ...props }: React.ComponentProps<'span'>) {
  return (
    <span
      data-slot="avatar-fallback"
      className={cn('flex size-full items-center justify-center rounded-full bg-muted text-xs font-medium', className)}
      {...props}
    />
  );
}

export { Avatar, AvatarFallback };
