'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { safeAction } from '@/lib/actions/safe-action';
import {
  addChannelMembers,
  createChannel,
  joinChannel,
  leaveChannel,
  listBrowsableChannels,
  listSidebarChannels,
  listSidebarCounts,
  openDm,
} from '@/lib/data/channels';
import { listChannelMembers, listWorkspaceMembers } from '@/lib/data/members';
import { acceptInvite, createInvite, createWorkspace, listActiveInvites, revokeInvite } from '@/lib/data/workspaces';
import { addChannelMembersSchema, channelIdSchema, createChannelSchema, openDmSchema } from '@/lib/schemas/channel';
import { createInviteSchema, createWorkspaceSchema, inviteTokenSchema } from '@/lib/schemas/workspace';

/**
 * Server actions of the signed-in app: workspaces, invites, channels, DMs. Each goes through
 * safeAction (zod + session); RLS and the RPCs decide what is allowed, these only translate.
 */

const createWorkspaceResult = safeAction({ schema: createWorkspaceSchema }, async (input, { supabase }) =>
  createWorkspace(supabase, input),
);

/** Creates a workspace and lands in its #general. */
export async function createWorkspaceAction(input: FormData) {
  const result = await createWorkspaceResult(input);
  if (result.ok) redirect(`/${result.data.slug}/general`);
  return result;
}

export const createInviteAction = safeAction({ schema: createInviteSchema }, async (input, { supabase }) =>
  createInvite(supabase, input),
);

const acceptInviteResult = safeAction({ schema: z.object({ token: inviteTokenSchema }) }, async (input, { supabase }) =>
  acceptInvite(supabase, input),
);

/** Accepts an invite and goes to the workspace (which lands in its default channel). */
export async function acceptInviteAction(input: { token: string }) {
  const result = await acceptInviteResult(input);
  if (result.ok) redirect(`/${result.data.slug}`);
  return result;
}

const workspaceIdSchema = z.object({ workspaceId: z.uuid({ error: 'Unknown workspace.' }) });

export const listActiveInvitesAction = safeAction({ schema: workspaceIdSchema }, async (input, { supabase }) =>
  listActiveInvites(supabase, input),
);

export const revokeInviteAction = safeAction(
  { schema: z.object({ inviteId: z.uuid({ error: 'Unknown invite link.' }) }) },
  async (input, { supabase }) => revokeInvite(supabase, input),
);

export const createChannelAction = safeAction({ schema: createChannelSchema }, async (input, { supabase }) =>
  createChannel(supabase, input),
);

export const joinChannelAction = safeAction({ schema: channelIdSchema }, async (input, { supabase }) =>
  joinChannel(supabase, input),
);

export const leaveChannelAction = safeAction({ schema: channelIdSchema }, async (input, { supabase }) =>
  leaveChannel(supabase, input),
);

export const addChannelMembersAction = safeAction({ schema: addChannelMembersSchema }, async (input, { supabase }) =>
  addChannelMembers(supabase, input),
);

export const openDmAction = safeAction({ schema: openDmSchema }, async (input, { supabase }) =>
  openDm(supabase, input),
);

export const listBrowsableChannelsAction = safeAction({ schema: workspaceIdSchema }, async (input, ctx) =>
  listBrowsableChannels(ctx.supabase, { workspaceId: input.workspaceId, userId: ctx.userId }),
);

export const listWorkspaceMembersAction = safeAction({ schema: workspaceIdSchema }, async (input, { supabase }) =>
  listWorkspaceMembers(supabase, input),
);

export const listChannelMembersAction = safeAction({ schema: channelIdSchema }, async (input, { supabase }) =>
  listChannelMembers(supabase, input),
);

/** The sidebar's channels and DMs with fresh unread counts (live refresh without re-rendering the page). */
export const loadSidebarAction = safeAction({ schema: workspaceIdSchema }, async (input, ctx) => ({
  ...(await listSidebarChannels(ctx.supabase, { workspaceId: input.workspaceId, userId: ctx.userId })),
  complete: true,
}));

/** Only the unread and mention counts (after a channel switch: small however many channels). */
export const loadSidebarCountsAction = safeAction({ schema: workspaceIdSchema }, async (input, { supabase }) =>
  listSidebarCounts(supabase, input),
);
