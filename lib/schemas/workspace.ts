import { z } from 'zod';
import {
  INVITE_ROLES,
  inviteExpiryError,
  inviteMaxUsesError,
  workspaceNameError,
  workspaceSlugError,
} from '../validation/workspace';
import { byRule } from './field-errors';

/**
 * Workspace and invite inputs of the server actions. The rules and messages live in
 * lib/validation/workspace.ts, which the browser uses without zod.
 */
export {
  INVITE_EXPIRY_DAYS,
  INVITE_ROLES,
  type InviteRole,
  inviteTokenFrom,
  RESERVED_SLUGS,
  SLUG_MAX,
  SLUG_MIN,
  slugify,
  WORKSPACE_NAME_MAX,
} from '../validation/workspace';

export const workspaceNameSchema = z
  .string({ error: 'Please name your workspace.' })
  .trim()
  .superRefine(byRule(workspaceNameError));

export const workspaceSlugSchema = z
  .string({ error: 'Please choose a URL for your workspace.' })
  .trim()
  .toLowerCase()
  .superRefine(byRule(workspaceSlugError));

export const createWorkspaceSchema = z.object({
  name: workspaceNameSchema,
  slug: workspaceSlugSchema,
});
export type CreateWorkspaceInput = z.output<typeof createWorkspaceSchema>;

export const createInviteSchema = z.object({
  workspaceId: z.uuid({ error: 'Unknown workspace.' }),
  role: z.enum(INVITE_ROLES, { error: 'Choose member, guest or admin.' }),
  expiresInDays: z.coerce.number({ error: 'Choose when the link expires.' }).superRefine(byRule(inviteExpiryError)),
  maxUses: z.coerce
    .number({ error: 'Enter how many people may use the link.' })
    .superRefine(byRule(inviteMaxUsesError)),
});
export type CreateInviteInput = z.output<typeof createInviteSchema>;

/** Invite tokens are 48 hex characters (create_invite()); anything else cannot be one. */
export const inviteTokenSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{48}$/i, 'This invite link is not valid.');
