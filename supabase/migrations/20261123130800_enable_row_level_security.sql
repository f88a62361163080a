-- =============================================================================================
-- Row level security policies and table privileges for the API roles.
--
-- Privileges (what a role may attempt, column by column) and policies (which rows) work together:
-- anon gets nothing at all; authenticated gets SELECT plus exactly the writable columns below;
-- service_role (server-side only) gets everything and bypasses RLS.
-- Writes that need more than one row rule (roles, membership, moderation, DMs) go through RPCs.
-- =============================================================================================

revoke all on public.profiles, public.workspaces, public.workspace_members, public.workspace_invites,
  public.channels, public.channel_members, public.messages, public.message_edits, public.reactions,
  public.mentions, public.attachments, public.pins, public.audit_log
  from anon, authenticated;
grant all on public.profiles, public.workspaces, public.workspace_members, public.workspace_invites,
  public.channels, public.channel_members, public.messages, public.message_edits, public.reactions,
  public.mentions, public.attachments, public.pins, public.audit_log
  to service_role;

-- ---------------------------------------------------------------------------------------------
-- profiles
-- ---------------------------------------------------------------------------------------------
grant select on public.profiles to authenticated;
grant update (display_name, avatar_path, status_text, status_emoji, time_zone) on public.profiles to authenticated;

create policy profiles_select_self_or_coworkers on public.profiles
  for select to authenticated
  using (id = (select auth.uid()) or private.shares_workspace(id));

create policy profiles_update_own on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- ---------------------------------------------------------------------------------------------
-- workspaces (created by create_workspace())
-- ---------------------------------------------------------------------------------------------
grant select, delete on public.workspaces to authenticated;
grant update (name, settings) on public.workspaces to authenticated;

create policy workspaces_select_members on public.workspaces
  for select to authenticated
  using (private.is_workspace_member(id));

create policy workspaces_update_admins on public.workspaces
  for update to authenticated
  using (private.is_workspace_admin(id))
  with check (private.is_workspace_admin(id));

create policy workspaces_delete_owners on public.workspaces
  for delete to authenticated
  using (private.workspace_role(id) = 'owner');

-- ---------------------------------------------------------------------------------------------
-- workspace_members (written by accept_invite(), change_member_role(), remove_member(), ...)
-- ---------------------------------------------------------------------------------------------
grant select on public.workspace_members to authenticated;

create policy workspace_members_select_visible on public.workspace_members
  for select to authenticated
  using (private.can_see_member(workspace_id, user_id));

-- ---------------------------------------------------------------------------------------------
-- workspace_invites (created by create_invite(); admins may revoke)
-- ---------------------------------------------------------------------------------------------
grant select (id, workspace_id, role, email, expires_at, max_uses, use_count, revoked_at, created_by, created_at)
  on public.workspace_invites to authenticated;
grant insert (workspace_id, token_hash, role, email, expires_at, max_uses, created_by)
  on public.workspace_invites to authenticated;
grant update (revoked_at) on public.workspace_invites to authenticated;

create policy workspace_invites_select_admins on public.workspace_invites
  for select to authenticated
  using (private.is_workspace_admin(workspace_id));

create policy workspace_invites_insert_admins on public.workspace_invites
  for insert to authenticated
  with check (private.is_workspace_admin(workspace_id) and created_by = (select auth.uid()));

create policy workspace_invites_update_admins on public.workspace_invites
  for update to authenticated
  using (private.is_workspace_admin(workspace_id))
  with check (private.is_workspace_admin(workspace_id));

-- ---------------------------------------------------------------------------------------------
-- channels
-- ---------------------------------------------------------------------------------------------
grant select, delete on public.channels to authenticated;
grant insert (id, workspace_id, kind, name, topic, created_by) on public.channels to authenticated;
grant update (name, topic, archived_at) on public.channels to authenticated;

-- Same rule as private.can_see_channel(), written on the row's own columns so a channel is visible
-- in the statement that creates it, and with set-returning helpers (each evaluated once per
-- statement as a hashed subplan) so listing a workspace's channels calls no function per row.
create policy channels_select_visible on public.channels
  for select to authenticated
  using (
    (kind = 'public' and workspace_id in (select private.staff_workspace_ids()))
    or id in (select private.joined_channel_ids())
    or (kind = 'private' and workspace_id in (select private.admin_workspace_ids()))
  );

create policy channels_insert_staff on public.channels
  for insert to authenticated
  with check (
    kind in ('public', 'private')
    and created_by = (select auth.uid())
    and private.is_workspace_staff(workspace_id)
  );

create policy channels_update_members_or_admins on public.channels
  for update to authenticated
  using (
    kind in ('public', 'private')
    and (private.is_workspace_admin(workspace_id)
         or (private.is_channel_member(id) and private.is_workspace_staff(workspace_id)))
  )
  with check (
    kind in ('public', 'private')
    and (private.is_workspace_admin(workspace_id)
         or (private.is_channel_member(id) and private.is_workspace_staff(workspace_id)))
  );

create policy channels_delete_admins on public.channels
  for delete to authenticated
  using (kind in ('public', 'private') and private.is_workspace_admin(workspace_id) and is_default = false);

-- ---------------------------------------------------------------------------------------------
-- channel_members
-- ---------------------------------------------------------------------------------------------
grant select, delete on public.channel_members to authenticated;
grant insert (channel_id, user_id, notification_level) on public.channel_members to authenticated;
grant update (last_read_seq, notification_level) on public.channel_members to authenticated;

create policy channel_members_select_readers on public.channel_members
  for select to authenticated
  using (user_id = (select auth.uid()) or (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids())));

-- Self-join a public channel (non-guests), or join a channel you just created.
create policy channel_members_insert_self on public.channel_members
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.can_self_join_channel(channel_id));

-- Members of a (non-DM) channel add other active workspace members, guests included.
create policy channel_members_insert_channel_members on public.channel_members
  for insert to authenticated
  with check (private.can_add_channel_member(channel_id, user_id));

create policy channel_members_update_own on public.channel_members
  for update to authenticated
  using (user_id = (select auth.uid()) and private.is_workspace_member(workspace_id))
  with check (user_id = (select auth.uid()) and private.is_workspace_member(workspace_id));

create policy channel_members_delete_own on public.channel_members
  for delete to authenticated
  using (user_id = (select auth.uid()) and private.is_workspace_member(workspace_id));

create policy channel_members_delete_admins on public.channel_members
  for delete to authenticated
  using (
    private.is_workspace_admin(workspace_id)
    and exists (select 1 from public.channels c where c.id = channel_id and c.kind in ('public', 'private'))
  );

-- ---------------------------------------------------------------------------------------------
-- messages (send_message(); edits by the author through edit_message(); deletes via delete_message())
-- ---------------------------------------------------------------------------------------------
grant select on public.messages to authenticated;
grant insert (channel_id, client_id, parent_id, body, also_in_channel) on public.messages to authenticated;
grant update (body) on public.messages to authenticated;

create policy messages_select_channel_readers on public.messages
  for select to authenticated
  using (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids()));

create policy messages_insert_channel_members on public.messages
  for insert to authenticated
  with check (author_id = (select auth.uid()) and private.can_post_in_channel(channel_id));

create policy messages_update_author on public.messages
  for update to authenticated
  using (author_id = (select auth.uid()) and deleted_at is null and private.can_post_in_channel(channel_id))
  with check (author_id = (select auth.uid()) and private.can_post_in_channel(channel_id));

-- ---------------------------------------------------------------------------------------------
-- message_edits (written by trigger)
-- ---------------------------------------------------------------------------------------------
grant select on public.message_edits to authenticated;

create policy message_edits_select_channel_readers on public.message_edits
  for select to authenticated
  using (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids()));

-- ---------------------------------------------------------------------------------------------
-- reactions
-- ---------------------------------------------------------------------------------------------
grant select, delete on public.reactions to authenticated;
grant insert (message_id, emoji) on public.reactions to authenticated;

create policy reactions_select_channel_readers on public.reactions
  for select to authenticated
  using (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids()));

create policy reactions_insert_channel_members on public.reactions
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.can_post_in_channel(channel_id));

create policy reactions_delete_own on public.reactions
  for delete to authenticated
  using (user_id = (select auth.uid()) and (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids())));

-- ---------------------------------------------------------------------------------------------
-- mentions (written by trigger; each user sees their own)
-- ---------------------------------------------------------------------------------------------
grant select on public.mentions to authenticated;

create policy mentions_select_own on public.mentions
  for select to authenticated
  using (user_id = (select auth.uid()) and (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids())));

-- ---------------------------------------------------------------------------------------------
-- attachments
-- ---------------------------------------------------------------------------------------------
grant select, delete on public.attachments to authenticated;
grant insert (channel_id, object_path, file_name, mime_type, size_bytes) on public.attachments to authenticated;

create policy attachments_select_channel_readers on public.attachments
  for select to authenticated
  using (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids()));

create policy attachments_insert_channel_members on public.attachments
  for insert to authenticated
  with check (uploader_id = (select auth.uid()) and private.can_post_in_channel(channel_id));

create policy attachments_delete_uploader_or_admins on public.attachments
  for delete to authenticated
  using (
    (uploader_id = (select auth.uid()) and private.can_read_channel(channel_id))
    or (private.is_workspace_admin(workspace_id) and private.can_read_channel(channel_id))
  );

-- ---------------------------------------------------------------------------------------------
-- pins
-- ---------------------------------------------------------------------------------------------
grant select, delete on public.pins to authenticated;
grant insert (channel_id, message_id) on public.pins to authenticated;

create policy pins_select_channel_readers on public.pins
  for select to authenticated
  using (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids()));

create policy pins_insert_channel_members on public.pins
  for insert to authenticated
  with check (pinned_by = (select auth.uid()) and private.can_post_in_channel(channel_id));

create policy pins_delete_channel_members on public.pins
  for delete to authenticated
  using (private.can_post_in_channel(channel_id));

-- ---------------------------------------------------------------------------------------------
-- audit_log (append-only; written by RPCs)
-- ---------------------------------------------------------------------------------------------
grant select on public.audit_log to authenticated;

create policy audit_log_select_admins on public.audit_log
  for select to authenticated
  using (private.is_workspace_admin(workspace_id));

comment on policy messages_select_channel_readers on public.messages is 'Readers of the channel (joined or public channel ids, evaluated once per statement).';
comment on policy message_edits_select_channel_readers on public.message_edits is 'Readers of the channel see its edit history.';
comment on policy reactions_select_channel_readers on public.reactions is 'Readers of the channel see its reactions.';
comment on policy mentions_select_own on public.mentions is 'Each user sees their own mentions in channels they can read.';
comment on policy attachments_select_channel_readers on public.attachments is 'Readers of the channel see its attachments.';
comment on policy pins_select_channel_readers on public.pins is 'Readers of the channel see its pins.';
comment on policy channel_members_select_readers on public.channel_members is 'Own memberships, and the members of channels the caller can read.';
