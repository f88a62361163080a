import { describe, expect, it } from 'vitest';
import type { SidebarChannel } from './channels';
import { bumpCount, countsAsUnread, statusFromMetas } from './live-sidebar';

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
  const sidebar = { channels: [channel('c1'), channel('c2')], dms: [channel('d1', 'dm')] };
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
