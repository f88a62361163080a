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
    workspace_id: z.string(),
  }),
});
export type RealtimeMessagePayload = z.infer<typeof realtimeMessagePayloadSchema>;
