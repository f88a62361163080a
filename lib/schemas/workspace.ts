import { z } from 'zod';

/**
 * Workspace and invite inputs, shared by the browser (instant feedback) and the server actions.
 * The rules mirror the database's checks (create_workspace(), create_invite()); the database stays
 * the truth, these only give a person the message before a round trip.
 */

export const WORKSPACE_NAME_MAX = 80;
export const SLUG_MIN = 3;
export const SLUG_MAX = 40;
const SLUG_RE = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

/**
 * First URL segments the app itself uses: a workspace with one of these slugs would be shadowed by
 * the route (static segments win over `[workspace]`).
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'api',
  'auth',
  'forgot-password',
  'invite',
  'login',
  'new',
  'sign-up',
  'update-password',
]);

/**
 * A URL slug derived from a workspace name: ASCII lowercase, accents dropped, every run of other
 * characters turned into one hyphen, at most 40 characters, no hyphen at either end.
 * "Acme Café & Co." -> "acme-cafe-co". May come out shorter than 3 (the field then says so).
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
}

export const workspaceNameSchema = z
  .string({ error: 'Please name your workspace.' })
  .trim()
  .min(1, 'Please name your workspace.')
  .max(WORKSPACE_NAME_MAX, `Workspace names can be at most ${WORKSPACE_NAME_MAX} characters.`);

export const workspaceSlugSchema = z
  .string({ error: 'Please choose a URL for your workspace.' })
  .trim()
  .toLowerCase()
  .min(1, 'Please choose a URL for your workspace.')
  .min(SLUG_MIN, `The URL must be at least ${SLUG_MIN} characters.`)
  .max(SLUG_MAX, `The URL can be at most ${SLUG_MAX} characters.`)
  .regex(/^[a-z0-9-]+$/, 'Use only lowercase letters, numbers and hyphens.')
  .regex(SLUG_RE, 'The URL cannot start or end with a hyphen.')
  .refine((s) => !RESERVED_SLUGS.has(s), 'That URL is reserved. Please choose another.');

export const createWorkspaceSchema = z.object({
  name: workspaceNameSchema,
  slug: workspaceSlugSchema,
});
export type CreateWorkspaceInput = z.output<typeof createWorkspaceSchema>;

export const INVITE_ROLES = ['member', 'guest', 'admin'] as const;
export type InviteRole = (typeof INVITE_ROLES)[number];
export const INVITE_EXPIRY_DAYS = [1, 7, 30] as const;

export const createInviteSchema = z.object({
  workspaceId: z.uuid({ error: 'Unknown workspace.' }),
  role: z.enum(INVITE_ROLES, { error: 'Choose member, guest or admin.' }),
  expiresInDays: z.coerce
    .number({ error: 'Choose when the link expires.' })
    .refine((d) => (INVITE_EXPIRY_DAYS as readonly number[]).includes(d), 'Choose 1, 7 or 30 days.'),
  maxUses: z.coerce
    .number({ error: 'Enter how many people may use the link.' })
    .int('Enter a whole number.')
    .min(1, 'At least 1 person.')
    .max(1000, 'At most 1,000 people.'),
});
export type CreateInviteInput = z.output<typeof createInviteSchema>;

/** Invite tokens are 48 hex characters (create_invite()); anything else cannot be one. */
export const inviteTokenSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{48}$/i, 'This invite link is not valid.');

/**
 * The token from what someone pasted: a full invite URL (any origin: only the token is used) or
 * the bare token. Null when it is neither.
 */
export function inviteTokenFrom(input: string): string | null {
  const text = input.trim();
  const match = /(?:^|\/invite\/)([0-9a-f]{48})(?:[/?#]|$)/i.exec(text);
  return match ? match[1].toLowerCase() : null;
}
