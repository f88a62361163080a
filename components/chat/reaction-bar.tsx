'use client';

import { useMessageContext } from '@/components/chat/message-context';
import { OnDemand } from '@/components/on-demand';
import type { ChatMessage } from '@/lib/chat/messages';
import { aggregateReactions, emojiFor, reactorsLabel } from '@/lib/chat/reactions';
import { cn } from '@/lib/utils';

const loadTooltip = () => import('@/components/chat/reaction-tooltip').then((m) => m.ReactionTooltip);

/** The reaction chips under a message: emoji and count; click toggles yours; who reacted on hover/focus
 * (the tooltip's code loads with the first hover or focus). */
export function ReactionBar({ message }: { message: ChatMessage }) {
  const { reactions, currentUserId, names, toggleReaction, canPost } = useMessageContext();
  const chips = aggregateReactions(reactions[message.id] ?? [], currentUserId);
  if (chips.length === 0) return null;
  return (
    <ul className="mt-1 flex flex-wrap gap-1" aria-label="Reactions" data-testid="reactions">
      {chips.map((chip) => {
        const label = reactorsLabel(chip, names, currentUserId);
        return (
          <li key={chip.emoji}>
            <OnDemand
              load={loadTooltip}
              props={{ label }}
              openOnHover
              trigger={
                <button
                  type="button"
                  onClick={() => toggleReaction(message, chip.emoji)}
                  disabled={!canPost}
                  aria-pressed={chip.mine}
                  aria-label={`${label}. ${chip.mine ? 'Remove your reaction' : 'React too'}`}
                  className={cn(
                    'flex h-6 items-center gap-1 rounded-full border px-2 text-xs tabular-nums transition-colors hover:border-foreground/40 disabled:cursor-default',
                    chip.mine ? 'border-primary/60 bg-primary/10' : 'bg-muted/40',
                  )}
                  data-testid={`reaction-${chip.emoji}`}
                  data-count={chip.count}
                >
                  <span aria-hidden="true">{emojiFor(chip.emoji)}</span>
                  <span aria-hidden="true" data-testid="reaction-count">
                    {chip.count}
                  </span>
                </button>
              }
            />
          </li>
        );
      })}
    </ul>
  );
}
