'use client';

import type { ReactNode } from 'react';
import { Sheet, SheetContent, SheetDescription, SheetTitle } from '@/components/ui/sheet';

/** The phone drawer around the sidebar: Radix Dialog code, loaded when it is first opened (see WorkspaceShell). */
export function MobileSidebar({
  open,
  onOpenChange,
  title,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
}) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent side="left" className="w-72 p-0 md:hidden" showCloseButton={false}>
        <SheetTitle className="sr-only">{title}</SheetTitle>
        <SheetDescription className="sr-only">Channels and direct messages</SheetDescription>
        {children}
      </SheetContent>
    </Sheet>
  );
}
