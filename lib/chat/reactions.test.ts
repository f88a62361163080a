import { describe, expect, it } from 'vitest';
import {
  addReaction,
  aggregateReactions,
  emojiFor,
  type ReactionIndex,
  type ReactionRow,
  reactorsLabel,
  removeReaction,
  replaceReactions,
} from './reactions';

const row = (user_id: string, emoji: string, second: number, message_id = 'm1'): ReactionRow => ({
  message_id,
  user_id,
  emoji,
  created_at: `2026-01-01T00:00:${String(second).padStart(2, '0')}Z`,
});

describe('aggregateReactions', () => {
  it('counts per emoji in order of first use, marks mine, ignores duplicate rows', () => {
    const chips = aggregateReactions(
      [row('grace', 'tada', 3), row('ada', 'thumbsup', 1), row('grace', 'thumbsup', 2), row('ada', 'thumbsup', 1)],
      'ada',
    );
    expect(chips).toEqual([
      { emoji: 'thumbsup', count: 2, userIds: ['ada', 'grace'], mine: true },
      { emoji: 'tada', count: 1, userIds: ['grace'], mine: false },
    ]);
  });

  it('is empty without rows', () => {
    expect(aggregateReactions([], 'ada')).toEqual([]);
  });
});

describe('reaction index updates', () => {
  it('adds and removes idempotently', () => {
    let index: ReactionIndex = {};
    index = addReaction(index, row('ada', 'tada', 1));
    const same = addReaction(index, row('ada', 'tada', 9));
    expect(same).toBe(index);
    index = addReaction(index, row('grace', 'tada', 2));
    expect(index.m1).toHaveLength(2);
    index = removeReaction(index, { message_id: 'm1', user_id: 'ada', emoji: 'tada' });
    expect(index.m1?.map((r) => r.user_id)).toEqual(['grace']);
    expect(removeReaction(index, { message_id: 'm1', user_id: 'ada', emoji: 'tada' })).toBe(index);
    expect(removeReaction(index, { message_id: 'nope', user_id: 'ada', emoji: 'tada' })).toBe(index);
  });

  it('replaces the reactions of refetched messages only', () => {
    const index: ReactionIndex = { m1: [row('ada', 'tada', 1)], m2: [row('ada', 'eyes', 1, 'm2')] };
    const next = replaceReactions(index, ['m1', 'm3'], [row('grace', 'fire', 5, 'm3')]);
    expect(next.m1).toEqual([]);
    expect(next.m2).toBe(index.m2);
    expect(next.m3?.map((r) => r.emoji)).toEqual(['fire']);
  });
});

describe('labels', () => {
  const names = { ada: 'Ada', grace: 'Grace', linus: 'Linus', alan: 'Alan', kat: 'Kat' };
  it('names who reacted, you first as "You"', () => {
    expect(reactorsLabel({ emoji: 'tada', userIds: ['ada'] }, names, 'ada')).toBe('You reacted with :tada:');
    expect(reactorsLabel({ emoji: 'tada', userIds: ['grace', 'ada'] }, names, 'ada')).toBe(
      'Grace and You reacted with :tada:',
    );
    expect(reactorsLabel({ emoji: 'eyes', userIds: ['grace', 'linus', 'alan'] }, names, 'ada')).toBe(
      'Grace, Linus and Alan reacted with :eyes:',
    );
    expect(reactorsLabel({ emoji: 'eyes', userIds: ['grace', 'linus', 'alan', 'kat', 'x'] }, names, 'ada')).toBe(
      'Grace, Linus, Alan and 2 others reacted with :eyes:',
    );
  });

  it('shows known emoji and falls back to the shortcode', () => {
    expect(emojiFor('thumbsup')).toBe('👍');
    expect(emojiFor('party_parrot')).toBe(':party_parrot:');
  });
});
