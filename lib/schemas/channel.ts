import { z } from 'zod';
import {
  CHANNEL_KINDS,
  CHANNEL_NAME_MAX,
  CHANNEL_TOPIC_MAX,
  channelNameError,
  channelTopicError,
  normalizeChannelName,
} from '../validation/channel';
import { byRule } from './field-errors';

/**
 * Channel inputs of the server actions. The rules and messages live in lib/validation/channel.ts,
 * which the browser uses without zod.
 */
export { CHANNEL_NAME_MAX, CHANNEL_TOPIC_MAX, normalizeChannelName };

export const channelNameSchema = z
  .string({ error: 'Please enter a channel name.' })
  .transform(normalizeChannelName)
  .superRefine(byRule(channelNameError));

export const createChannelSchema = z.object({
  workspaceId: z.uuid({ error: 'Unknown workspace.' }),
  name: channelNameSchema,
  kind: z.enum(CHANNEL_KINDS, { error: 'Choose public or private.' }),
  topic: z
    .string()
    .trim()
    .superRefine(byRule(channelTopicError))
    .optional()
    .transform((t) => (t ? t : undefined)),
});
export type CreateChannelInput = z.output<typeof createChannelSchema>;

export const channelIdSchema = z.object({ channelId: z.uuid({ error: 'Unknown channel.' }) });

export const addChannelMembersSchema = z.object({
  channelId: z.uuid({ error: 'Unknown channel.' }),
  userIds: z.array(z.uuid()).min(1, 'Choose at least one person.').max(100, 'Add at most 100 people at once.'),
});

export const openDmSchema = z.object({
  workspaceId: z.uuid({ error: 'Unknown workspace.' }),
  userIds: z.array(z.uuid()).min(1, 'Choose at least one person.').max(8, 'A group message has at most 9 people.'),
});
