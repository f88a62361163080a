import { checkFields, type FieldErrors, text } from './form';

/**
 * Workspace and invite rules, shared by the browser and the zod schemas (lib/schemas/workspace.ts).
 * They mirror the database's checks (create_workspace(), create_invite()); the database stays the
 * truth, these only give a person the message before a round trip.
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

/** What is wrong with a trimmed workspace name, or null. */
export function workspaceNameError(name: string): string | null {
  if (name.length === 0) return 'Please name your workspace.';
  if (name.length > WORKSPACE_NAME_MAX) return `Workspace names can be at most ${WORKSPACE_NAME_MAX} characters.`;
  return null;
}

/** What is wrong with a trimmed, lowercased slug, or null. */
export function workspaceSlugError(slug: string): string | null {
  if (slug.length === 0) return 'Please choose a URL for your workspace.';
  if (slug.length < SLUG_MIN) return `The URL must be at least ${SLUG_MIN} characters.`;
  if (slug.length > SLUG_MAX) return `The URL can be at most ${SLUG_MAX} characters.`;
  if (!/^[a-z0-9-]+$/.test(slug)) return 'Use only lowercase letters, numbers and hyphens.';
  if (!SLUG_RE.test(slug)) return 'The URL cannot start or end with a hyphen.';
  if (RESERVED_SLUGS.has(slug)) return 'That URL is reserved. Please choose another.';
  return null;
}

export function checkCreateWorkspace(values: Record<string, unknown>): FieldErrors {
  return checkFields({
    name: workspaceNameError(text(values.name).trim()),
    slug: workspaceSlugError(text(values.slug).trim().toLowerCase()),
  });
}

export const INVITE_ROLES = ['member', 'guest', 'admin'] as const;
export type InviteRole = (typeof INVITE_ROLES)[number];
export const INVITE_EXPIRY_DAYS = [1, 7, 30] as const;
export const INVITE_MAX_USES = 1000;

export function inviteRoleError(role: unknown): string | null {
  return (INVITE_ROLES as readonly unknown[]).includes(role) ? null : 'Choose member, guest or admin.';
}

export function inviteExpiryError(days: number): string | null {
  if (Number.isNaN(days)) return 'Choose when the link expires.';
  return (INVITE_EXPIRY_DAYS as readonly number[]).includes(days) ? null : 'Choose 1, 7 or 30 days.';
}

export function inviteMaxUsesError(uses: number): string | null {
  if (Number.isNaN(uses)) return 'Enter how many people may use the link.';
  if (!Number.isInteger(uses)) return 'Enter a whole number.';
  if (uses < 1) return 'At least 1 person.';
  if (uses > INVITE_MAX_USES) return 'At most 1,000 people.';
  return null;
}

/** The invite form as it arrives (FormData strings: numbers are converted as `Number()` does). */
export function checkCreateInvite(values: Record<string, unknown>): FieldErrors {
  return checkFields({
    role: inviteRoleError(values.role),
    expiresInDays: inviteExpiryError(Number(values.expiresInDays)),
    maxUses: inviteMaxUsesError(Number(values.maxUses)),
  });
}

/**
 * The token from what someone pasted: a full invite URL (any origin: only the token is used) or
 * the bare token. Null when it is neither.
 */
export function inviteTokenFrom(input: string): string | null {
  const text = input.trim();
  const match = /(?:^|\/invite\/)([0-9a-f]{48})(?:[/?#]|$)/i.exec(text);
  return match ? match[1].toLowerCase() : null;
}
