'use client';

import type { OnDemandProps } from '@/components/on-demand';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { REACTION_CHOICES } from '@/lib/chat/reactions';

/** The reaction picker's Radix menu, loaded when an "Add reaction" button is first used (see EmojiPicker). */
export function EmojiPickerMenu({ onPick, trigger, defaultOpen }: { onPick: (code: string) => void } & OnDemandProps) {
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="grid min-w-0 grid-cols-4 gap-0.5" data-testid="emoji-picker">
        {REACTION_CHOICES.map((c) => (
          <DropdownMenuItem
            key={c.code}
            onSelect={() => onPick(c.code)}
            aria-label={`React with ${c.label}`}
            className="justify-center px-1.5 text-lg"
            data-testid={`emoji-${c.code}`}
          >
            {c.emoji}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
