-- =============================================================================================
-- SELECT policies of the per-channel tables, rewritten against the set-returning helper.
--
-- `private.can_read_channel(channel_id)` in a policy is a security definer call per row; a query
-- that looks at many rows (search, counts, a thread) called it thousands of times. The policies
-- below say the same thing with `channel_id in (select private.joined_channel_ids()) or channel_id
-- in (select private.public_channel_ids())`: each set is computed at most once per statement (hashed
-- subplan; the second only for rows not in the first) and each row costs a hash probe. Visibility is
-- exactly that of can_read_channel() (see 20261123140000_replace_channel_read_helpers.sql).
-- Write policies keep the per-row helpers: they touch one row at a time.
-- =============================================================================================

drop policy messages_select_channel_readers on public.messages;
create policy messages_select_channel_readers on public.messages
  for select to authenticated
  using (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids()));

drop policy message_edits_select_channel_readers on public.message_edits;
create policy message_edits_select_channel_readers on public.message_edits
  for select to authenticated
  using (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids()));

drop policy reactions_select_channel_readers on public.reactions;
create policy reactions_select_channel_readers on public.reactions
  for select to authenticated
  using (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids()));

drop policy mentions_select_own on public.mentions;
create policy mentions_select_own on public.mentions
  for select to authenticated
  using (user_id = (select auth.uid()) and (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids())));

drop policy attachments_select_channel_readers on public.attachments;
create policy attachments_select_channel_readers on public.attachments
  for select to authenticated
  using (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids()));

drop policy pins_select_channel_readers on public.pins;
create policy pins_select_channel_readers on public.pins
  for select to authenticated
  using (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids()));

drop policy channel_members_select_readers on public.channel_members;
create policy channel_members_select_readers on public.channel_members
  for select to authenticated
  using (user_id = (select auth.uid()) or (channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids())));

comment on policy messages_select_channel_readers on public.messages is 'Readers of the channel (joined or public channel ids, evaluated once per statement).';
comment on policy message_edits_select_channel_readers on public.message_edits is 'Readers of the channel see its edit history.';
comment on policy reactions_select_channel_readers on public.reactions is 'Readers of the channel see its reactions.';
comment on policy mentions_select_own on public.mentions is 'Each user sees their own mentions in channels they can read.';
comment on policy attachments_select_channel_readers on public.attachments is 'Readers of the channel see its attachments.';
comment on policy pins_select_channel_readers on public.pins is 'Readers of the channel see its pins.';
comment on policy channel_members_select_readers on public.channel_members is 'Own memberships, and the members of channels the caller can read.';
