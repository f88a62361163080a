import type { Tables } from '@/lib/supabase/database.types';

/**
 * Pure reaction bookkeeping: a per-message list of reaction rows (from the first load, realtime
 * reaction_added / reaction_removed and catch-up refetches) and its aggregation into chips.
 * Unit-tested in reactions.test.ts.
 */

export type ReactionRow = Pick<Tables<'reactions'>, 'message_id' | 'user_id' | 'emoji' | 'created_at'>;

/** Reactions by message id. Treated as immutable: every update returns a new object. */
export type ReactionIndex = Readonly<Record<string, readonly ReactionRow[]>>;

/** The quick choices of the picker, as database shortcodes (`^[a-z0-9_+-]{1,64}$`) and what they show. */
export const REACTION_CHOICES: readonly { code: string; emoji: string; label: string }[] = [
  { code: 'thumbsup', emoji: '👍', label: 'thumbs up' },
  { code: 'heart', emoji: '❤️', label: 'heart' },
  { code: 'joy', emoji: '😂', label: 'laughing' },
  { code: 'tada', emoji: '🎉', label: 'party' },
  { code: 'eyes', emoji: '👀', label: 'eyes' },
  { code: 'white_check_mark', emoji: '✅', label: 'check mark' },
  { code: 'pray', emoji: '🙏', label: 'thanks' },
  { code: 'fire', emoji: '🔥', label: 'fire' },
];

const EMOJI_BY_CODE = new Map(REACTION_CHOICES.map((c) => [c.code, c.emoji]));

/** The character for a shortcode, or `:code:` for codes this client has no glyph for. */
export function emojiFor(code: string): string {
  return EMOJI_BY_CODE.get(code) ?? `:${code}:`;
}

const sameReaction = (a: ReactionRow, b: Pick<ReactionRow, 'message_id' | 'user_id' | 'emoji'>) =>
  a.message_id === b.message_id && a.user_id === b.user_id && a.emoji === b.emoji;

/** Adds a reaction (idempotent: a repeated add keeps one). */
export function addReaction(index: ReactionIndex, row: ReactionRow): ReactionIndex {
  const list = index[row.message_id] ?? [];
  if (list.some((r) => sameReaction(r, row))) return index;
  return { ...index, [row.message_id]: [...list, row] };
}

/** Removes a reaction (idempotent). */
export function removeReaction(
  index: ReactionIndex,
  row: Pick<ReactionRow, 'message_id' | 'user_id' | 'emoji'>,
): ReactionIndex {
  const list = index[row.message_id];
  if (!list?.some((r) => sameReaction(r, row))) return index;
  return { ...index, [row.message_id]: list.filter((r) => !sameReaction(r, row)) };
}

/**
 * Replaces the reactions of `messageIds` with `rows` (a fresh read of those messages): messages
 * without rows end up with none, other messages are untouched.
 */
export function replaceReactions(
  index: ReactionIndex,
  messageIds: readonly string[],
  rows: readonly ReactionRow[],
): ReactionIndex {
  if (messageIds.length === 0) return index;
  const next: Record<string, readonly ReactionRow[]> = { ...index };
  for (const id of messageIds) next[id] = [];
  for (const r of rows) if (r.message_id in next) next[r.message_id] = [...(next[r.message_id] ?? []), r];
  return next;
}

export type ReactionChip = {
  emoji: string;
  count: number;
  /** Who reacted, earliest first. */
  userIds: string[];
  /** The current user is among them (clicking removes theirs). */
  mine: boolean;
};

/** One chip per emoji, in the order each emoji was first used, with counts and who reacted. */
export function aggregateReactions(rows: readonly ReactionRow[], currentUserId: string): ReactionChip[] {
  const sorted = [...rows].sort((a, b) => a.created_at.localeCompare(b.created_at));
  const chips = new Map<string, ReactionChip>();
  for (const r of sorted) {
    let chip = chips.get(r.emoji);
    if (!chip) {
      chip = { emoji: r.emoji, count: 0, userIds: [], mine: false };
      chips.set(r.emoji, chip);
    }
    if (chip.userIds.includes(r.user_id)) continue;
    chip.userIds.push(r.user_id);
    chip.count += 1;
    if (r.user_id === currentUserId) chip.mine = true;
  }
  return [...chips.values()];
}

/** "You, Ada and Grace reacted with :tada:", with "and N others" past three names. */
export function reactorsLabel(
  chip: Pick<ReactionChip, 'emoji' | 'userIds'>,
  names: Readonly<Record<string, string>>,
  currentUserId: string,
): string {
  const people = chip.userIds.map((id) => (id === currentUserId ? 'You' : (names[id] ?? 'Someone')));
  const shown = people.length > 3 ? people.slice(0, 3) : people;
  const rest = people.length - shown.length;
  let who: string;
  if (rest > 0) who = `${shown.join(', ')} and ${rest} ${rest === 1 ? 'other' : 'others'}`;
  else if (shown.length > 1) who = `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  else who = shown[0] ?? 'Nobody';
  return `${who} reacted with :${chip.emoji}:`;
}
