'use client';

import { LogOutIcon } from 'lucide-react';
import type { OnDemandProps } from '@/components/on-demand';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';

/** The channel header's options menu (leave), loaded when its trigger is first used (see ChannelHeaderActions). */
export function ChannelOptionsMenu({
  leaveLabel,
  onLeave,
  trigger,
  defaultOpen,
}: { leaveLabel: string; onLeave: () => void } & OnDemandProps) {
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem onSelect={onLeave} data-testid="leave-channel">
          <LogOutIcon aria-hidden="true" />
          {leaveLabel}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
