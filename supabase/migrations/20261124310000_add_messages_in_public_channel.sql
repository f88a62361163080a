-- =============================================================================================
-- messages.in_public_channel: whether a message's channel is public, copied from the channel when
-- the message is written (a channel's kind never changes). The messages read policy then decides
-- "a public channel of a workspace where the caller is staff" from the row itself
-- (`in_public_channel and workspace_id in (staff workspaces)`, a hash of one or a few ids) instead of
-- listing every public channel of the caller's workspaces for each statement. Measured at 1M
-- messages, 2,000 public channels (backend CPU, one session, three interleaved rounds): re-reading a
-- search's 20 hits through RLS 1.5-2.5 ms -> 0.7-0.9 ms; the newest 50 rows of a public channel the
-- caller has not joined 1.4-2.1 ms -> 0.4-0.5 ms; a joined channel unchanged; a 100,000-row scan
-- under RLS 37-63 ms -> 63-80 ms. Rejected: a per-row security definer check (a 100,000-row scan
-- took 2.4 s instead of 60 ms) and an EXISTS on channels (as slow as the list: channels' own policy
-- is evaluated for it). See docs/decisions/0013-public-channel-flag-on-messages.md.
-- =============================================================================================

alter table public.messages add column in_public_channel boolean not null default false;
comment on column public.messages.in_public_channel is
  'Whether the channel is public (copied from channels.kind by the insert trigger; kinds never change). Lets the read policy check public channels per row.';

-- Existing rows, with the user triggers off: this is no change a reader sees (updated_at, edit
-- history and broadcasts stay as they are).
alter table public.messages disable trigger user;
update public.messages m
set in_public_channel = true
from public.channels c
where c.id = m.channel_id and c.kind = 'public' and not m.in_public_channel;
alter table public.messages enable trigger user;

-- The insert trigger of 20261123130700_create_message_triggers.sql, now also copying the kind of the
-- channel row it locks anyway.
create or replace function private.messages_before_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  joined boolean;
  ch record;
  parent record;
begin
  if uid is not null then
    new.author_id := uid;
    -- Visible: an active member of the workspace who is in the channel, or a non-guest for a
    -- public channel (the rule of private.can_read_channel()).
    select cm.user_id is not null into joined
    from public.channels c
    join public.workspace_members wm
      on wm.workspace_id = c.workspace_id and wm.user_id = uid and wm.deactivated_at is null
    left join public.channel_members cm on cm.channel_id = c.id and cm.user_id = uid
    where c.id = new.channel_id
      and (cm.user_id is not null or (c.kind = 'public' and wm.role <> 'guest'));
    if not found then
      raise exception 'Channel not found' using errcode = 'PT404';
    end if;
  end if;

  update public.channels c
  set last_seq = c.last_seq + 1
  where c.id = new.channel_id
  returning c.last_seq, c.workspace_id, c.archived_at, c.kind into ch;
  if not found then
    raise exception 'Channel not found' using errcode = 'PT404';
  end if;
  if uid is not null then
    if ch.archived_at is not null then
      raise exception 'This channel is archived; messages can no longer be posted'
        using errcode = 'PT409';
    end if;
    if not joined then
      raise exception 'Join the channel before posting in it' using errcode = '42501';
    end if;
  end if;

  if new.parent_id is not null then
    select m.parent_id, m.deleted_at into parent
    from public.messages m
    where m.id = new.parent_id and m.channel_id = new.channel_id;
    if not found or parent.deleted_at is not null then
      raise exception 'Thread not found' using errcode = 'PT404';
    end if;
    if parent.parent_id is not null then
      raise exception 'Replies can only be made to a thread''s first message' using errcode = '22023';
    end if;
  else
    new.also_in_channel := false;
  end if;

  new.seq := ch.last_seq;
  new.workspace_id := ch.workspace_id;
  new.in_public_channel := ch.kind = 'public';
  new.reply_count := 0;
  new.last_reply_at := null;
  new.edited_at := null;
  new.deleted_at := null;
  return new;
end
$$;

-- The update trigger of 20261123130700_create_message_triggers.sql, now also pinning the copy.
create or replace function private.messages_before_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.id := old.id;
  new.seq := old.seq;
  new.channel_id := old.channel_id;
  new.workspace_id := old.workspace_id;
  new.author_id := old.author_id;
  new.client_id := old.client_id;
  new.parent_id := old.parent_id;
  new.created_at := old.created_at;
  new.in_public_channel := old.in_public_channel;
  if new.body is distinct from old.body then
    if old.deleted_at is not null then
      raise exception 'This message was deleted and cannot be edited' using errcode = 'PT409';
    end if;
    if new.deleted_at is null then
      insert into public.message_edits (message_id, workspace_id, channel_id, previous_body, edited_by)
      values (old.id, old.workspace_id, old.channel_id, old.body, coalesce((select auth.uid()), old.author_id));
      new.edited_at := now();
    end if;
  end if;
  return new;
end
$$;

/**
 * BEFORE UPDATE OF kind on channels: a channel's kind is fixed (messages copy it, and the read
 * policy relies on the copy). Converting a channel would have to update its messages' copy too.
 */
create function private.channels_kind_fixed()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.kind is distinct from old.kind then
    raise exception 'A channel''s kind cannot change (public, private and direct messages stay what they were created as)'
      using errcode = 'PT409';
  end if;
  return new;
end
$$;
comment on function private.channels_kind_fixed() is 'Refuses changes of channels.kind, which messages.in_public_channel copies.';

create trigger channels_kind_fixed
  before update of kind on public.channels
  for each row execute function private.channels_kind_fixed();

-- Same rule as private.can_read_channel(): a channel the caller is in, or a public channel of a
-- workspace where the caller is an active non-guest member.
alter policy messages_select_channel_readers on public.messages
  using (
    channel_id in (select private.joined_channel_ids())
    or (in_public_channel and workspace_id in (select private.staff_workspace_ids()))
  );
comment on policy messages_select_channel_readers on public.messages is
  'Readers of the channel: joined channel ids, or a public channel (the row''s own flag) of a workspace where the caller is staff; each list evaluated once per statement.';
