'use client';

import { SmilePlusIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { REACTION_CHOICES } from '@/lib/chat/reactions';

/** A small reaction picker: the quick choices in a menu (arrow keys, Enter, Esc all work). */
export function EmojiPicker({ onPick, className }: { onPick: (code: string) => void; className?: string }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label="Add reaction"
          className={className}
          data-testid="add-reaction"
        >
          <SmilePlusIcon aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
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
