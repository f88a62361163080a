'use client';

import type { OnDemandProps } from '@/components/on-demand';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';

/** Who reacted, on a reaction chip's hover or focus: Radix Tooltip, loaded then (see ReactionBar). */
export function ReactionTooltip({ label, trigger, defaultOpen }: { label: string } & OnDemandProps) {
  return (
    <Tooltip defaultOpen={defaultOpen}>
      <TooltipTrigger asChild>{trigger}</TooltipTrigger>
      <TooltipContent data-testid="reaction-tooltip">{label}</TooltipContent>
    </Tooltip>
  );
}
