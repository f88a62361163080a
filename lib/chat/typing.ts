/**
 * Pure typing-indicator state: who is typing where (the channel, or one thread), expiring entries
 * that were not refreshed, and the one-line summary. Unit-tested in typing.test.ts.
 */

/** A sender repeats "typing" at most this often while keys keep coming. */
export const TYPING_SEND_INTERVAL_MS = 2_500;
/** An entry not refreshed for this long is dropped (the sender stopped, or left without saying so). */
export const TYPING_TTL_MS = 6_000;

export type TypingEntry = { userId: string; name: string; threadId: string | null; at: number };
/** Typing users by user id (one place each: typing in a thread replaces typing in the channel). */
export type TypingState = Readonly<Record<string, TypingEntry>>;

export function noteTyping(state: TypingState, entry: TypingEntry): TypingState {
  return { ...state, [entry.userId]: entry };
}

export function noteStopped(state: TypingState, userId: string): TypingState {
  if (!(userId in state)) return state;
  const { [userId]: _gone, ...rest } = state;
  return rest;
}

/** Drops entries older than the TTL; returns `state` itself when none expired. */
export function expireTyping(state: TypingState, now: number, ttlMs = TYPING_TTL_MS): TypingState {
  const keep = Object.values(state).filter((e) => now - e.at < ttlMs);
  if (keep.length === Object.keys(state).length) return state;
  return Object.fromEntries(keep.map((e) => [e.userId, e]));
}

/**
 * Names typing in `threadId` (null: the channel itself), never the current user, in arrival order.
 * `knownNames` (from profiles, RLS-checked) wins over the name the other client sent.
 */
export function typingNames(
  state: TypingState,
  threadId: string | null,
  selfId: string,
  knownNames: Readonly<Record<string, string>> = {},
): string[] {
  return Object.values(state)
    .filter((e) => e.threadId === threadId && e.userId !== selfId)
    .sort((a, b) => a.at - b.at)
    .map((e) => knownNames[e.userId] ?? e.name);
}

/** "Ada is typing…", "Ada and Grace are typing…", "Ada, Grace and Linus are typing…", "Several people are typing…". */
export function summarizeTyping(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing…`;
  return 'Several people are typing…';
}
