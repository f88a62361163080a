import { describe, expect, it } from 'vitest';
import { filterSwitcherItems, type SwitcherItem } from './quick-switcher-filter';

const items: SwitcherItem[] = [
  { id: '1', label: 'general', kind: 'public' },
  { id: '2', label: 'engineering', kind: 'public' },
  { id: '3', label: 'random', kind: 'public' },
  { id: '4', label: 'design-review', kind: 'private' },
  { id: '5', label: 'Grace Hopper', kind: 'dm' },
  { id: '6', label: 'Ada Lovelace, Linus', kind: 'group_dm', unread: true },
  { id: '7', label: 'gen-ai', kind: 'public', unread: true },
  { id: '8', label: 'Zoë', kind: 'dm' },
];
const labels = (query: string) => filterSwitcherItems(items, query).map((i) => i.label);

describe('filterSwitcherItems', () => {
  it('lists everything with an empty query: unread first, channels before DMs, by name', () => {
    expect(labels('')).toEqual([
      'gen-ai',
      'Ada Lovelace, Linus',
      'design-review',
      'engineering',
      'general',
      'random',
      'Grace Hopper',
      'Zoë',
    ]);
  });

  it('ranks exact, then prefix, then word start, then substring, then fuzzy', () => {
    expect(labels('general')[0]).toBe('general');
    expect(labels('gen')).toEqual(['gen-ai', 'general', 'engineering']);
    expect(labels('review')).toEqual(['design-review']);
    expect(labels('gnrl')).toEqual(['general']);
    expect(labels('hop')).toEqual(['Grace Hopper']);
  });

  it('ignores case, accents and a leading # or @', () => {
    expect(labels('#RAND')).toEqual(['random']);
    expect(labels('@grace')).toEqual(['Grace Hopper']);
    expect(labels('zoe')).toEqual(['Zoë']);
    expect(labels('linus')).toEqual(['Ada Lovelace, Linus']);
  });

  it('returns nothing when nothing matches, and honours the limit', () => {
    expect(labels('xyz')).toEqual([]);
    expect(filterSwitcherItems(items, '', 3)).toHaveLength(3);
  });
});
