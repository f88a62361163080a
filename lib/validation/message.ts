import type { MessageRow } from '@/lib/chat/messages';
import type { ReactionRow } from '@/lib/chat/reactions';
import { isUuid } from './uuid';

/**
 * Message inputs, checked in the browser without zod (it stays out of the browser's bundle): the
 * composer's body check, and the realtime payloads the hooks receive. The database is the truth
 * for bodies (private.check_body, via send_message()).
 */

/** The database's limit (private.check_body): 1-40,000 characters, not blank. */
export const MESSAGE_MAX_LENGTH = 40_000;

const numberFormat = new Intl.NumberFormat('en-US');

/** Why a body cannot be sent as it is, in words for the person typing it; null when it can. */
export function messageBodyError(body: string): string | null {
  if (body.trim().length === 0) return 'Write something before sending.';
  if (body.length > MESSAGE_MAX_LENGTH) {
    return `Message is too long: ${numberFormat.format(body.length)} of ${numberFormat.format(MESSAGE_MAX_LENGTH)} characters allowed.`;
  }
  return null;
}

type FieldType = 'string' | 'number' | 'boolean' | 'string?';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when every listed field has its type (`string?`: a string or null). Unknown fields pass. */
function hasFields(value: unknown, fields: Readonly<Record<string, FieldType>>): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  for (const [key, type] of Object.entries(fields)) {
    const v = value[key];
    const ok = type === 'string?' ? v === null || typeof v === 'string' : typeof v === type;
    if (!ok) return false;
  }
  return true;
}

const MESSAGE_FIELDS = {
  id: 'string',
  channel_id: 'string',
  seq: 'number',
  client_id: 'string',
  author_id: 'string?',
  parent_id: 'string?',
  body: 'string',
  also_in_channel: 'boolean',
  reply_count: 'number',
  last_reply_at: 'string?',
  edited_at: 'string?',
  deleted_at: 'string?',
  created_at: 'string',
  updated_at: 'string',
  workspace_id: 'string',
} as const satisfies Record<keyof MessageRow, FieldType>;

/**
 * A message row as the database broadcasts it on channel:<id> (`{ message: <row without search> }`,
 * see supabase/migrations/*_create_realtime_broadcasts.sql), or null for anything else. Loose on
 * purpose: unknown fields pass.
 */
export function parseRealtimeMessagePayload(payload: unknown): MessageRow | null {
  const message = isObject(payload) ? payload.message : undefined;
  return hasFields(message, MESSAGE_FIELDS) ? (message as MessageRow) : null;
}

const REACTION_FIELDS = {
  message_id: 'string',
  user_id: 'string',
  emoji: 'string',
  channel_id: 'string',
  created_at: 'string',
} as const;

/** A reaction row as broadcast on channel:<id> (`reaction_added` / `reaction_removed`), or null. */
export function parseRealtimeReactionPayload(payload: unknown): (ReactionRow & { channel_id: string }) | null {
  const reaction = isObject(payload) ? payload.reaction : undefined;
  return hasFields(reaction, REACTION_FIELDS) ? (reaction as ReactionRow & { channel_id: string }) : null;
}

/** A typing broadcast on channel:<id>:typing. threadId null: typing in the channel's composer. */
export type TypingPayload = { userId: string; name: string; threadId: string | null; typing: boolean };

/**
 * A typing broadcast as another client sent it, checked strictly (any member's client could send
 * anything), with the name trimmed; null when it is not one.
 */
export function parseTypingPayload(payload: unknown): TypingPayload | null {
  if (!isObject(payload)) return null;
  const { userId, name, threadId, typing } = payload;
  if (!isUuid(userId) || typeof name !== 'string' || typeof typing !== 'boolean') return null;
  if (threadId !== null && !isUuid(threadId)) return null;
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 80) return null;
  return { userId, name: trimmed, threadId, typing };
}
