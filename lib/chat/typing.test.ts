import { describe, expect, it } from 'vitest';
import { expireTyping, noteStopped, noteTyping, summarizeTyping, type TypingState, typingNames } from './typing';

describe('summarizeTyping', () => {
  it('names one, two or three people, then summarizes', () => {
    expect(summarizeTyping([])).toBeNull();
    expect(summarizeTyping(['Ada'])).toBe('Ada is typing…');
    expect(summarizeTyping(['Ada', 'Grace'])).toBe('Ada and Grace are typing…');
    expect(summarizeTyping(['Ada', 'Grace', 'Linus'])).toBe('Ada, Grace and Linus are typing…');
    expect(summarizeTyping(['Ada', 'Grace', 'Linus', 'Alan'])).toBe('Several people are typing…');
  });
});

describe('typing state', () => {
  const at = 1_000_000;
  let state: TypingState = {};
  state = noteTyping(state, { userId: 'grace', name: 'Grace', threadId: null, at });
  state = noteTyping(state, { userId: 'ada', name: 'Ada', threadId: null, at: at + 10 });
  state = noteTyping(state, { userId: 'linus', name: 'Linus', threadId: 't1', at: at + 20 });

  it('lists others by place, in arrival order, never yourself', () => {
    expect(typingNames(state, null, 'ada')).toEqual(['Grace']);
    expect(typingNames(state, null, 'nobody')).toEqual(['Grace', 'Ada']);
    expect(typingNames(state, 't1', 'ada')).toEqual(['Linus']);
    expect(typingNames(state, 't2', 'ada')).toEqual([]);
  });

  it('prefers names from profiles over the names clients sent', () => {
    const spoofed = noteTyping({}, { userId: 'grace', name: 'The CEO', threadId: null, at });
    expect(typingNames(spoofed, null, 'ada', { grace: 'Grace Hopper' })).toEqual(['Grace Hopper']);
    expect(typingNames(spoofed, null, 'ada', {})).toEqual(['The CEO']);
  });

  it('clears on stop and after the TTL without a refresh', () => {
    expect(typingNames(noteStopped(state, 'grace'), null, 'x')).toEqual(['Ada']);
    expect(noteStopped(state, 'nobody')).toBe(state);
    expect(expireTyping(state, at + 100, 1_000)).toBe(state);
    const later = expireTyping(state, at + 1_015, 1_000);
    expect(Object.keys(later).sort()).toEqual(['linus']);
  });

  it('a user typing in a thread is no longer typing in the channel', () => {
    const moved = noteTyping(state, { userId: 'grace', name: 'Grace', threadId: 't1', at: at + 30 });
    expect(typingNames(moved, null, 'x')).toEqual(['Ada']);
    expect(typingNames(moved, 't1', 'x')).toEqual(['Linus', 'Grace']);
  });
});
