import { describe, expect, it } from 'vitest';
import { type ChatMessage, continuesGroup, detectSeqGap, highestSeq, lowestSeq, mergeMessages } from './messages';

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
