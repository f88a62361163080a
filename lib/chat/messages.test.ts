import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  type ChatMessage,
  compareTimestamps,
  continuesGroup,
  detectSeqGap,
  highestSeq,
  lastOwnMessage,
  lowestSeq,
  mergeMessages,
  queuedSends,
} from './messages';

let n = 0;
function msg(over: Partial<ChatMessage> = {}): ChatMessage {
  n += 1;
  return {
    id: `id-${n}`,
    client_id: `client-${n}`,
    author_id: 'ada',
    channel_id: 'c1',
    workspace_id: 'w1',
    seq: n,
    parent_id: null,
    body: `message ${n}`,
    also_in_channel: false,
    reply_count: 0,
    last_reply_at: null,
    edited_at: null,
    deleted_at: null,
    created_at: new Date(2026, 0, 1, 12, 0, n).toISOString(),
    updated_at: new Date(2026, 0, 1, 12, 0, n).toISOString(),
    ...over,
  };
}

describe('mergeMessages', () => {
  it('orders by seq and drops duplicate ids', () => {
    const a = msg({ seq: 1 });
    const b = msg({ seq: 2 });
    const c = msg({ seq: 3 });
    const merged = mergeMessages([c, a], [b, a, c]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('returns the same array when nothing changes', () => {
    const a = msg();
    const list = [a];
    expect(mergeMessages(list, [a])).toBe(list);
    expect(mergeMessages(list, [])).toBe(list);
  });

  it('replaces an optimistic message by its confirmed row (same client_id), once', () => {
    const confirmed = msg({ seq: 10 });
    const optimistic: ChatMessage = { ...confirmed, id: 'local', seq: 0, status: 'sending' };
    const withPending = mergeMessages([msg({ seq: 9 })], [optimistic]);
    expect(withPending).toHaveLength(2);
    const merged = mergeMessages(withPending, [confirmed]);
    expect(merged).toHaveLength(2);
    expect(merged.filter((m) => m.client_id === confirmed.client_id)).toEqual([confirmed]);
    // The realtime echo arriving after the send's answer is a no-op.
    expect(mergeMessages(merged, [{ ...confirmed }])).toHaveLength(2);
    // A late retry state never brings the optimistic copy back.
    expect(mergeMessages(merged, [{ ...optimistic, status: 'failed' }])).toHaveLength(2);
  });

  it('does not confuse the same client_id from two authors', () => {
    const mine = msg({ client_id: 'x', author_id: 'ada' });
    const theirs = msg({ client_id: 'x', author_id: 'grace' });
    expect(mergeMessages([mine], [theirs])).toHaveLength(2);
  });

  it('keeps pending messages after confirmed ones, in send order', () => {
    const p1 = msg({ id: 'l1', seq: 0, status: 'sending' });
    const p2 = msg({ id: 'l2', seq: 0, status: 'failed' });
    const c = msg({ seq: 50 });
    expect(mergeMessages([p2, p1], [c]).map((m) => m.id)).toEqual([c.id, 'l1', 'l2']);
  });

  it('never lets an older copy undo an edit or a delete', () => {
    const original = msg();
    const edited = { ...original, body: 'edited', edited_at: '2026-01-01T13:00:00Z' };
    const deleted = { ...original, body: '', deleted_at: '2026-01-01T14:00:00Z' };
    expect(mergeMessages([edited], [original])[0].body).toBe('edited');
    expect(mergeMessages([original], [edited])[0].body).toBe('edited');
    expect(mergeMessages([deleted], [edited])[0].deleted_at).not.toBeNull();
    expect(mergeMessages([edited], [deleted])[0].deleted_at).not.toBeNull();
  });

  it('takes newer counters of the same version (thread_updated)', () => {
    const root = msg();
    const updated = { ...root, reply_count: 3 };
    expect(mergeMessages([root], [updated])[0].reply_count).toBe(3);
  });
});

describe('seq helpers', () => {
  it('detects a gap only when seqs are skipped', () => {
    expect(detectSeqGap(5, 6)).toBeNull();
    expect(detectSeqGap(5, 5)).toBeNull();
    expect(detectSeqGap(5, 3)).toBeNull();
    expect(detectSeqGap(5, 9)).toEqual({ from: 6, to: 8 });
    expect(detectSeqGap(0, 1)).toBeNull();
  });

  it('ignores pending messages for cursors', () => {
    const list = [msg({ seq: 4 }), msg({ seq: 7 }), msg({ seq: 0, status: 'sending' })];
    expect(highestSeq(list)).toBe(7);
    expect(lowestSeq(list)).toBe(4);
    expect(highestSeq([])).toBe(0);
    expect(lowestSeq([])).toBeNull();
  });
});

describe('continuesGroup', () => {
  it('groups the same author within five minutes on the same day', () => {
    const a = msg({ created_at: '2026-01-01T12:00:00Z' });
    expect(continuesGroup(a, msg({ created_at: '2026-01-01T12:04:00Z' }))).toBe(true);
    expect(continuesGroup(a, msg({ created_at: '2026-01-01T12:06:00Z' }))).toBe(false);
    expect(continuesGroup(a, msg({ author_id: 'grace', created_at: '2026-01-01T12:01:00Z' }))).toBe(false);
    expect(continuesGroup(undefined, a)).toBe(false);
  });
});

describe('compareTimestamps', () => {
  it('orders by microseconds that Date.parse drops, across both formats', () => {
    expect(compareTimestamps('2026-11-23 14:58:52.703796+00', '2026-11-23 14:58:52.703795+00')).toBeGreaterThan(0);
    expect(compareTimestamps('2026-11-23T14:58:52.7037+00:00', '2026-11-23 14:58:52.703796+00')).toBeLessThan(0);
    expect(compareTimestamps('2026-11-23T14:58:53+00:00', '2026-11-23 14:58:52.999999+00')).toBeGreaterThan(0);
    expect(compareTimestamps('2026-11-23 14:58:52.5+00', '2026-11-23T14:58:52.500000+00:00')).toBe(0);
  });
});

describe('applyChanges', () => {
  it('updates held messages only, never adding rows that were not loaded', () => {
    const a = msg({ seq: 1 });
    const b = msg({ seq: 2 });
    const notHeld = msg({ seq: 3, body: 'old history' });
    const edited = { ...a, body: 'edited', edited_at: '2026-01-02T00:00:00Z', updated_at: '2026-01-02T00:00:00Z' };
    const out = applyChanges([a, b], [edited, notHeld]);
    expect(out.map((m) => m.body)).toEqual(['edited', b.body]);
    expect(out[1]).toBe(b);
  });

  it('keeps the newer copy: a stale catch-up row never undoes a live one', () => {
    const root = msg({ reply_count: 0 });
    const live = { ...root, reply_count: 2, updated_at: '2026-01-03 00:00:00.000002+00' };
    const stale = { ...root, reply_count: 1, updated_at: '2026-01-03 00:00:00.000001+00' };
    const held = applyChanges([root], [live]);
    expect(held[0].reply_count).toBe(2);
    expect(applyChanges(held, [stale])).toBe(held);
    // Within one batch, too.
    expect(applyChanges([root], [live, stale])[0].reply_count).toBe(2);
  });

  it('a delete wins over a later-stamped edit copy, and unchanged input returns the same array', () => {
    const m = msg();
    const deleted = { ...m, body: '', deleted_at: '2026-01-02T00:00:00Z', updated_at: '2026-01-02T00:00:00Z' };
    const list = applyChanges([m], [deleted]);
    expect(list[0].deleted_at).not.toBeNull();
    expect(applyChanges(list, [{ ...m, edited_at: '2026-01-03T00:00:00Z', updated_at: '2026-01-03T00:00:00Z' }])).toBe(
      list,
    );
    expect(applyChanges(list, [{ ...deleted }])).toBe(list);
  });

  it('leaves optimistic messages alone', () => {
    const pending: ChatMessage = { ...msg(), status: 'sending' };
    const list = [pending];
    const { status: _status, ...confirmed } = pending;
    expect(applyChanges(list, [{ ...confirmed, body: 'x' }])).toBe(list);
  });
});

describe('lastOwnMessage', () => {
  it('skips other people, pending sends and deleted messages', () => {
    const mine = msg({ author_id: 'ada' });
    const deleted = msg({ author_id: 'ada', deleted_at: '2026-01-02T00:00:00Z', body: '' });
    const pending: ChatMessage = { ...msg({ author_id: 'ada' }), status: 'failed' };
    const theirs = msg({ author_id: 'grace' });
    expect(lastOwnMessage([mine, deleted, pending, theirs], 'ada')).toBe(mine);
    expect(lastOwnMessage([theirs], 'ada')).toBeUndefined();
  });
});

describe('queuedSends', () => {
  it('returns sends waiting for the network, oldest first, across channel and thread lists, once each', () => {
    const later = msg({ status: 'failed', queued: true, created_at: '2026-11-23T10:00:02.000Z' });
    const earlier = msg({ status: 'failed', queued: true, created_at: '2026-11-23T10:00:01.000Z' });
    const behind = msg({ status: 'sending', queued: true, created_at: '2026-11-23T10:00:03.000Z' });
    const reply = msg({ status: 'failed', queued: true, parent_id: 'root', created_at: '2026-11-23T10:00:00.000Z' });
    const channel = [later, earlier, behind, { ...reply, also_in_channel: true }];
    const thread = [reply];
    expect(queuedSends(channel, thread).map((m) => m.client_id)).toEqual([
      reply.client_id,
      earlier.client_id,
      later.client_id,
      behind.client_id,
    ]);
  });

  it('leaves out confirmed rows, sends in flight and failures a person must retry by hand', () => {
    const confirmed = msg();
    const inFlight = msg({ status: 'sending' });
    const rejected = msg({ status: 'failed', error: 'Message is too long' });
    expect(queuedSends([confirmed, inFlight, rejected])).toEqual([]);
  });
});
