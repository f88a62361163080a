import { describe, expect, it } from 'vitest';
import { belongsToThread, lastReplyLabel, parseThreadParam, replyCountLabel, withThreadParam } from './threads';

describe('threads', () => {
  it('knows which rows belong to a thread', () => {
    expect(belongsToThread({ id: 'r', parent_id: null }, 'r')).toBe(true);
    expect(belongsToThread({ id: 'x', parent_id: 'r' }, 'r')).toBe(true);
    expect(belongsToThread({ id: 'x', parent_id: 'other' }, 'r')).toBe(false);
    expect(belongsToThread({ id: 'x', parent_id: null }, 'r')).toBe(false);
  });

  it('labels reply counts and the last reply time', () => {
    expect(replyCountLabel(1)).toBe('1 reply');
    expect(replyCountLabel(3)).toBe('3 replies');
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(lastReplyLabel(null, now)).toBeNull();
    expect(lastReplyLabel('2026-01-01T11:59:30Z', now)).toBe('Last reply just now');
    expect(lastReplyLabel('2026-01-01T11:55:00Z', now)).toBe('Last reply 5 minutes ago');
    expect(lastReplyLabel('2025-12-31T09:00:00Z', now)).toBe('Last reply 1 day ago');
  });

  it('keeps the open thread in the URL without disturbing other parameters', () => {
    const id = '0b6c1b9e-7a51-4d3a-9a43-1f3b5b2a9c11';
    expect(withThreadParam('', id)).toBe(`?thread=${id}`);
    expect(withThreadParam(`?a=1&thread=${id}`, null)).toBe('?a=1');
    expect(withThreadParam(`?thread=${id}`, null)).toBe('');
    expect(parseThreadParam(id.toUpperCase())).toBe(id);
    expect(parseThreadParam('../../etc')).toBeNull();
    expect(parseThreadParam(null)).toBeNull();
  });
});
