import { checkFields, type FieldErrors, text } from './form';

/**
 * Channel rules, shared by the browser and the zod schemas (lib/schemas/channel.ts). Names follow
 * Slack's rules, as the database's check does: lowercase ASCII letters, digits, hyphens and
 * underscores, at most 80 characters, starting with a letter or digit.
 */

export const CHANNEL_NAME_MAX = 80;
export const CHANNEL_TOPIC_MAX = 250;
export const CHANNEL_KINDS = ['public', 'private'] as const;

/**
 * What a person typed, as Slack shows it while typing: no leading `#`, lowercase, spaces as hyphens.
 * Other characters are kept so the field can say what is wrong instead of silently dropping them.
 */
export function normalizeChannelName(input: string): string {
  return input.trim().replace(/^#+/, '').toLowerCase().replace(/\s+/g, '-');
}

/** What is wrong with a normalized channel name, or null. */
export function channelNameError(name: string): string | null {
  if (name.length === 0) return 'Please enter a channel name.';
  if (name.length > CHANNEL_NAME_MAX) return `Channel names can be at most ${CHANNEL_NAME_MAX} characters.`;
  if (!/^[a-z0-9_-]+$/.test(name)) return 'Use only lowercase letters, numbers, hyphens and underscores.';
  if (!/^[a-z0-9]/.test(name)) return 'Channel names must start with a letter or number.';
  return null;
}

export function channelTopicError(topic: string): string | null {
  return topic.trim().length > CHANNEL_TOPIC_MAX ? `The topic can be at most ${CHANNEL_TOPIC_MAX} characters.` : null;
}

export function channelKindError(kind: unknown): string | null {
  return (CHANNEL_KINDS as readonly unknown[]).includes(kind) ? null : 'Choose public or private.';
}

/** The create-channel form (name as typed, kind, optional topic). */
export function checkCreateChannel(values: Record<string, unknown>): FieldErrors {
  return checkFields({
    name: channelNameError(normalizeChannelName(text(values.name))),
    kind: channelKindError(values.kind),
    topic: channelTopicError(text(values.topic)),
  });
}
