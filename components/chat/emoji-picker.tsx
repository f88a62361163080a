'use client';

import { SmilePlusIcon } from 'lucide-react';
import { OnDemand } from '@/components/on-demand';
import { Button } from '@/components/ui/button';

const loadMenu = () => import('@/components/chat/emoji-picker-menu').then((m) => m.EmojiPickerMenu);

/**
 * A small reaction picker: the quick choices in a menu (arrow keys, Enter, Esc all work). The menu
 * loads on first use, so a page of messages carries only the buttons.
 */
export function EmojiPicker({ onPick, className }: { onPick: (code: string) => void; className?: string }) {
  return (
    <OnDemand
      load={loadMenu}
      props={{ onPick }}
      trigger={
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label="Add reaction"
          aria-haspopup="menu"
          className={className}
          data-testid="add-reaction"
        >
          <SmilePlusIcon aria-hidden="true" />
        </Button>
      }
    />
  );
}
