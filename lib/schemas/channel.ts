import { z } from 'zod';

/**
 * Channel inputs. Names follow Slack's rules, as the database's check does: lowercase ASCII
 * letters, digits, hyphens and underscores, at most 80 characters, starting with a letter or digit.
 */

export const CHANNEL_NAME_MAX = 80;
export const CHANNEL_TOPIC_MAX = 250;

/**
 * What a person typed, as Slack shows it while typing: no leading `#`, lowercase, spaces as hyphens.
 * Other characters are kept so the field can say what is wrong instead of silently dropping them.
 */
export function normalizeChannelName(input: string): string {
  return input.trim().replace(/^#+/, '').toLowerCase().replace(/\s+/g, '-');
}

export const channelNameSchema = z
  .string({ error: 'Please enter a channel name.' })
  .transform(normalizeChannelName)
  .pipe(
    z
      .string()
      .min(1, 'Please enter a channel name.')
      .max(CHANNEL_NAME_MAX, `Channel names can be at most ${CHANNEL_NAME_MAX} characters.`)
      .regex(/^[a-z0-9_-]+$/, 'Use only lowercase letters, numbers, hyphens and underscores.')
      .regex(/^[a-z0-9]/, 'Channel names must start with a letter or number.'),
  );

export const createChannelSchema = z.object({
  workspaceId: z.uuid({ error: 'Unknown workspace.' }),
  name: channelNameSchema,
  kind: z.enum(['public', 'private'], { error: 'Choose public or private.' }),
  topic: z
    .string()
    .trim()
    .max(CHANNEL_TOPIC_MAX, `The topic can be at most ${CHANNEL_TOPIC_MAX} characters.`)
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
