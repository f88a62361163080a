/**
 * Realtime topic names. The database defines the same names in
 * supabase/migrations/*_create_realtime_topics.sql (private.channel_topic() and friends) and
 * authorizes them with RLS on realtime.messages; tests/db/realtime-topics.test.ts keeps the two in step.
 * All topics are private: join them with `supabase.channel(topic, { config: { private: true } })`
 * after `supabase.realtime.setAuth()`. Never build topic strings inline.
 */

/** Messages, edits, deletes, reactions and thread counters of a chat channel (published by the database only). */
export function channelTopic(channelId: string): string {
  return `channel:${channelId}`;
}

/** Typing indicators of a chat channel: client broadcasts by the channel's members. */
export function channelTypingTopic(channelId: string): string {
  return `channel:${channelId}:typing`;
}

/** Presence (online/away) of a workspace's active members. */
export function workspaceTopic(workspaceId: string): string {
  return `workspace:${workspaceId}`;
}

/** Personal events of one user (mentions, channel joins and leaves): that user alone may join it. */
export function userTopic(userId: string): string {
  return `user:${userId}`;
}

/** Event names the database publishes on channelTopic(). */
export const CHANNEL_EVENTS = [
  'message_created',
  'message_updated',
  'message_deleted',
  'thread_updated',
  'reaction_added',
  'reaction_removed',
] as const;
export type ChannelEvent = (typeof CHANNEL_EVENTS)[number];

/** Event names the database publishes on userTopic(). */
export const USER_EVENTS = ['mention', 'channel_joined', 'channel_left'] as const;
export type UserEvent = (typeof USER_EVENTS)[number];

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TOPIC_RE = new RegExp(`^(channel|workspace|user):(${UUID})(:typing)?$`);

export type ParsedTopic =
  | { kind: 'channel'; channelId: string }
  | { kind: 'channel_typing'; channelId: string }
  | { kind: 'workspace'; workspaceId: string }
  | { kind: 'user'; userId: string };

/** Parses a topic built by the functions above; null for anything else (as the database's policy does). */
export function parseTopic(topic: string): ParsedTopic | null {
  const m = TOPIC_RE.exec(topic);
  if (!m) return null;
  const [, kind, id, typing] = m;
  if (typing) return kind === 'channel' ? { kind: 'channel_typing', channelId: id } : null;
  if (kind === 'channel') return { kind: 'channel', channelId: id };
  if (kind === 'workspace') return { kind: 'workspace', workspaceId: id };
  return { kind: 'user', userId: id };
}
