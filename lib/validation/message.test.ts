import { describe, expect, it } from 'vitest';
import {
  MESSAGE_MAX_LENGTH,
  messageBodyError,
  parseRealtimeMessagePayload,
  parseRealtimeReactionPayload,
  parseTypingPayload,
} from './message';

const ROW = {
  id: '3f1c0a9e-1b2c-4d5e-8f90-123456789abc',
  channel_id: 'c0000000-0000-4000-8000-000000000001',
  seq: 7,
  client_id: '0b7f1c2d-3e4f-4a5b-9c6d-7e8f9a0b1c2d',
  author_id: 'a0000000-0000-4000-8000-000000000001',
  parent_id: null,
  body: 'hi',
  also_in_channel: false,
  reply_count: 0,
  last_reply_at: null,
  edited_at: null,
  deleted_at: null,
  created_at: '2026-11-23T10:00:00.123456+00:00',
  updated_at: '2026-11-23T10:00:00.123456+00:00',
  workspace_id: 'b0000000-0000-4000-8000-000000000001',
};

describe('messageBodyError', () => {
  it('refuses a blank body', () => {
    expect(messageBodyError('')).toBe('Write something before sending.');
    expect(messageBodyError(' \n\t ')).toBe('Write something before sending.');
  });

  it('says how long a too-long body is, and accepts exactly the limit', () => {
    expect(messageBodyError('x'.repeat(MESSAGE_MAX_LENGTH + 1))).toBe(
      'Message is too long: 40,001 of 40,000 characters allowed.',
    );
    expect(messageBodyError('x'.repeat(MESSAGE_MAX_LENGTH))).toBeNull();
    expect(messageBodyError('hello')).toBeNull();
  });
});

describe('parseRealtimeMessagePayload', () => {
  it('returns the row, unknown fields included', () => {
    expect(parseRealtimeMessagePayload({ message: { ...ROW, extra: 1 } })).toEqual({ ...ROW, extra: 1 });
  });

  it.each([
    ['no message', {}],
    ['not an object', 'message'],
    ['null', null],
    ['a missing field', { message: { ...ROW, seq: undefined } }],
    ['a wrong type', { message: { ...ROW, seq: '7' } }],
    ['null where a string is required', { message: { ...ROW, body: null } }],
    ['an array', { message: [ROW] }],
  ])('refuses %s', (_name, payload) => {
    expect(parseRealtimeMessagePayload(payload)).toBeNull();
  });
});

describe('parseRealtimeReactionPayload', () => {
  const reaction = {
    message_id: ROW.id,
    user_id: ROW.author_id,
    emoji: 'heart',
    channel_id: ROW.channel_id,
    created_at: ROW.created_at,
  };
  it('returns the reaction or null', () => {
    expect(parseRealtimeReactionPayload({ reaction })).toEqual(reaction);
    expect(parseRealtimeReactionPayload({ reaction: { ...reaction, emoji: 3 } })).toBeNull();
    expect(parseRealtimeReactionPayload({ message: reaction })).toBeNull();
  });
});

describe('parseTypingPayload', () => {
  const ok = { userId: ROW.author_id, name: '  Ada ', threadId: null, typing: true };
  it('accepts a well-formed payload and trims the name', () => {
    expect(parseTypingPayload(ok)).toEqual({ ...ok, name: 'Ada' });
    expect(parseTypingPayload({ ...ok, threadId: ROW.id })).toEqual({ ...ok, name: 'Ada', threadId: ROW.id });
  });

  it.each([
    ['a user id that is not a UUID', { ...ok, userId: 'ada' }],
    ['a thread id that is not a UUID', { ...ok, threadId: 'x' }],
    ['a missing thread id', { ...ok, threadId: undefined }],
    ['a blank name', { ...ok, name: '   ' }],
    ['a name over 80 characters', { ...ok, name: 'n'.repeat(81) }],
    ['typing that is not a boolean', { ...ok, typing: 'yes' }],
    ['not an object', 42],
  ])('refuses %s', (_name, payload) => {
    expect(parseTypingPayload(payload)).toBeNull();
  });
});
