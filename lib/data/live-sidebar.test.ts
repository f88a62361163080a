import { describe, expect, it } from 'vitest';
import type { SidebarChannel } from './channels';
import {
  applyCounts,
  bumpCount,
  clearCounts,
  countsAsUnread,
  firstSidebarPage,
  keepLiveBumps,
  type Sidebar,
  statusFromMetas,
} from './live-sidebar';

const me = 'u-me';
const channel = (id: string, kind: SidebarChannel['kind'] = 'public'): SidebarChannel => ({
  id,
  kind,
  label: id,
  ref: id,
  unreadCount: 0,
  mentionCount: 0,
  memberIds: [],
});

describe('statusFromMetas', () => {
  it('is offline without tabs, online if any tab is, away only if all are', () => {
    expect(statusFromMetas(undefined)).toBe('offline');
    expect(statusFromMetas([])).toBe('offline');
    expect(statusFromMetas([{ status: 'away' }, { status: 'online' }])).toBe('online');
    expect(statusFromMetas([{ status: 'away' }, { status: 'away' }])).toBe('away');
    // A tab that tracked nothing recognisable is there, so it counts as online.
    expect(statusFromMetas([{}])).toBe('online');
  });
});

describe('countsAsUnread', () => {
  const base = { id: 'm1', channel_id: 'c1', author_id: 'u-other', parent_id: null };
  it('counts other people’s channel messages', () => {
    expect(countsAsUnread(base, me)).toBe(true);
  });
  it('skips my own messages, thread-only replies and malformed payloads', () => {
    expect(countsAsUnread({ ...base, author_id: me }, me)).toBe(false);
    expect(countsAsUnread({ ...base, parent_id: 'root' }, me)).toBe(false);
    expect(countsAsUnread({ ...base, parent_id: 'root', also_in_channel: true }, me)).toBe(true);
    expect(countsAsUnread({ ...base, id: undefined }, me)).toBe(false);
    expect(countsAsUnread(undefined, me)).toBe(false);
  });
});

describe('bumpCount', () => {
  const sidebar = { channels: [channel('c1'), channel('c2')], dms: [channel('d1', 'dm')], complete: true };
  it('adds one to the channel or DM, leaving the others and the input untouched', () => {
    const next = bumpCount(sidebar, 'd1', 'unreadCount', 'c1');
    expect(next.dms[0].unreadCount).toBe(1);
    expect(next.channels.map((c) => c.unreadCount)).toEqual([0, 0]);
    expect(sidebar.dms[0].unreadCount).toBe(0);
    expect(bumpCount(next, 'c2', 'mentionCount', null).channels[1].mentionCount).toBe(1);
  });
  it('never badges the open channel', () => {
    expect(bumpCount(sidebar, 'c1', 'unreadCount', 'c1')).toBe(sidebar);
  });
});

describe('firstSidebarPage', () => {
  const many = (n: number, prefix: string, kind: SidebarChannel['kind'] = 'public') =>
    Array.from({ length: n }, (_, i) => channel(`${prefix}${String(i).padStart(4, '0')}`, kind));

  it('is the whole sidebar when every section fits', () => {
    const sidebar = { channels: many(3, 'c'), dms: many(2, 'd', 'dm') };
    expect(firstSidebarPage(sidebar, 3)).toEqual({ ...sidebar, complete: true });
  });

  it('bounds each section, keeping mentions, then unread, then display order, shown in display order', () => {
    const channels = many(1000, 'c');
    channels[900] = { ...channels[900], unreadCount: 4 };
    channels[950] = { ...channels[950], mentionCount: 1, unreadCount: 1 };
    const dms = many(2, 'd', 'dm');
    const page = firstSidebarPage({ channels, dms }, 5);
    expect(page.complete).toBe(false);
    expect(page.channels.map((c) => c.id)).toEqual(['c0000', 'c0001', 'c0002', 'c0900', 'c0950']);
    expect(page.dms).toEqual(dms);
  });

  it('keeps the page bounded even when everything is unread', () => {
    const channels = many(200, 'c').map((c) => ({ ...c, unreadCount: 1 }));
    expect(firstSidebarPage({ channels, dms: [] }, 50).channels).toHaveLength(50);
  });
});

describe('applyCounts', () => {
  const sidebar = {
    channels: [{ ...channel('c1'), unreadCount: 3 }, channel('c2')],
    dms: [{ ...channel('d1', 'dm'), mentionCount: 2, unreadCount: 2 }],
    complete: true,
  };

  it('sets the listed counts and clears the channels no longer unread', () => {
    const next = applyCounts(sidebar, [{ channelId: 'c2', unreadCount: 5, mentionCount: 1 }]);
    expect(next?.channels.map((c) => [c.unreadCount, c.mentionCount])).toEqual([
      [0, 0],
      [5, 1],
    ]);
    expect(next?.dms[0]).toMatchObject({ unreadCount: 0, mentionCount: 0 });
    expect(sidebar.channels[0].unreadCount).toBe(3);
  });

  it('asks for a full reload when a count names a channel the sidebar does not list', () => {
    expect(applyCounts(sidebar, [{ channelId: 'new', unreadCount: 1, mentionCount: 0 }])).toBeNull();
  });

  it('ignores unknown channels while the sidebar is still a first page (the rest is loading)', () => {
    const partial = { ...sidebar, complete: false };
    expect(
      applyCounts(partial, [{ channelId: 'later', unreadCount: 1, mentionCount: 0 }])?.channels[0].unreadCount,
    ).toBe(0);
  });
});

describe('clearCounts', () => {
  const sidebar = {
    channels: [
      { ...channel('c1'), unreadCount: 3, mentionCount: 1 },
      { ...channel('c2'), unreadCount: 2 },
    ],
    dms: [],
    complete: true,
  };
  it('clears only the channel that was open', () => {
    const next = clearCounts(sidebar, 'c1');
    expect(next.channels.map((c) => [c.unreadCount, c.mentionCount])).toEqual([
      [0, 0],
      [2, 0],
    ]);
  });
  it('returns the same sidebar when there is nothing to clear', () => {
    expect(clearCounts(sidebar, null)).toBe(sidebar);
    expect(clearCounts(sidebar, 'unknown')).toBe(sidebar);
  });
});

describe('keepLiveBumps', () => {
  const ch = (id: string, unreadCount: number, mentionCount = 0): SidebarChannel => ({
    ...channel(id),
    unreadCount,
    mentionCount,
  });
  const sidebar = (...channels: SidebarChannel[]): Sidebar => ({ channels, dms: [], complete: true });

  it('keeps a live bump that arrived after the refresh left, where the snapshot predates it', () => {
    const snapshot = sidebar(ch('a', 0), ch('b', 2));
    const live = sidebar(ch('a', 1, 1), ch('b', 0));
    const merged = keepLiveBumps(snapshot, live, new Set(['a']));
    expect(merged.channels.map((c) => [c.id, c.unreadCount, c.mentionCount])).toEqual([
      ['a', 1, 1],
      ['b', 2, 0],
    ]);
  });

  it('takes the snapshot as it is for channels not bumped meanwhile, and when it already counts the bump', () => {
    const snapshot = sidebar(ch('a', 3), ch('b', 0));
    const live = sidebar(ch('a', 1), ch('b', 5));
    const merged = keepLiveBumps(snapshot, live, new Set(['a']));
    expect(merged.channels.map((c) => c.unreadCount)).toEqual([3, 0]);
    expect(keepLiveBumps(snapshot, live, new Set())).toBe(snapshot);
  });
});
