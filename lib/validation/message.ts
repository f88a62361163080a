import { z } from 'zod';

/** The database's limit (private.check_body): 1-40,000 characters, not blank. */
export const MESSAGE_MAX_LENGTH = 40_000;

const numberFormat = new Intl.NumberFormat('en-US');

/** A message body as the composer sends it: checked in the browser for instant feedback, and again by send_message(). */
export const messageBodySchema = z
  .string()
  .refine((s) => s.trim().length > 0, { message: 'Write something before sending.' })
  .refine((s) => s.length <= MESSAGE_MAX_LENGTH, {
    error: (issue) =>
      `Message is too long: ${numberFormat.format(String(issue.input).length)} of ${numberFormat.format(MESSAGE_MAX_LENGTH)} characters allowed.`,
  });

export const sendMessageSchema = z.object({
  channelId: z.uuid(),
  body: messageBodySchema,
  /** Made by the client once per message and reused on every retry: send_message() is idempotent on it. */
  clientId: z.uuid(),
  parentId: z.uuid().optional(),
  /** A thread reply that also shows in the channel ("Also send to #channel"). */
  alsoInChannel: z.boolean().optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

/**
 * A message row as the database broadcasts it on channel:<id> (`{ message: <row without search> }`,
 * see supabase/migrations/*_create_realtime_broadcasts.sql). Loose on purpose: unknown fields pass.
 */
export const realtimeMessagePayloadSchema = z.object({
  message: z.looseObject({
    id: z.string(),
    channel_id: z.string(),
    seq: z.number(),
    client_id: z.string(),
    author_id: z.string().nullable(),
    parent_id: z.string().nullable(),
    body: z.string(),
    also_in_channel: z.boolean(),
    reply_count: z.number(),
    last_reply_at: z.string().nullable(),
    edited_at: z.string().nullable(),
    deleted_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    workspace_id: z.string(),
  }),
});
export type RealtimeMessagePayload = z.infer<typeof realtimeMessagePayloadSchema>;

export const editMessageSchema = z.object({ messageId: z.uuid(), body: messageBodySchema });
export type EditMessageInput = z.infer<typeof editMessageSchema>;

/** A reaction row as broadcast on channel:<id> (`reaction_added` / `reaction_removed`). */
export const realtimeReactionPayloadSchema = z.object({
  reaction: z.looseObject({
    message_id: z.string(),
    user_id: z.string(),
    emoji: z.string(),
    channel_id: z.string(),
    created_at: z.string(),
  }),
});
export type RealtimeReactionPayload = z.infer<typeof realtimeReactionPayloadSchema>;

/**
 * A typing broadcast on channel:<id>:typing, sent by clients (so checked strictly: another member's
 * client could send anything). threadId null: typing in the channel's composer.
 */
export const typingPayloadSchema = z.object({
  userId: z.uuid(),
  name: z.string().trim().min(1).max(80),
  threadId: z.uuid().nullable(),
  typing: z.boolean(),
});
export type TypingPayload = z.infer<typeof typingPayloadSchema>;
