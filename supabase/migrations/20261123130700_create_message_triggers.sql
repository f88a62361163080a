-- =============================================================================================
-- Message integrity triggers: seq assignment, ownership and hierarchy columns, thread reply counts,
-- edit history and mentions. They run for every write path (RPC or direct insert), so the columns
-- clients must not choose (seq, workspace_id, author_id, counts, markers) are always server-derived.
--
-- Error conventions (docs/decisions/0008-database-error-codes.md):
--   22023 / 22001 bad input (HTTP 400), 42501 visible but not allowed (403),
--   PT404 not found or not visible: the same answer for both, so no existence oracle (404),
--   PT409 conflicts with the current state: archived channel, deleted message, last owner (409).
-- =============================================================================================

/**
 * BEFORE INSERT on messages. For signed-in callers: author_id := auth.uid(), and the channel must be
 * visible (else "Channel not found"), not archived and joined. Then bumps channels.last_seq under
 * the channel's row lock and takes it as seq, so seqs are gap-free and commit in order: a second
 * sender waits for the first to commit. A failed insert rolls the bump back with it.
 * Visibility and membership come from one flat query (this runs for every message sent); the
 * archived flag is read from the locked row, so an archive that commits first always wins.
 * Security definer: callers may not update channels.last_seq themselves.
 */
create function private.messages_before_insert()
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
  returning c.last_seq, c.workspace_id, c.archived_at into ch;
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
  new.reply_count := 0;
  new.last_reply_at := null;
  new.edited_at := null;
  new.deleted_at := null;
  return new;
end
$$;
comment on function private.messages_before_insert() is
  'Assigns author_id, workspace_id and the per-channel seq (under the channel row lock); validates channel and thread.';

create trigger messages_before_insert
  before insert on public.messages
  for each row execute function private.messages_before_insert();

/**
 * Re-derives a message's mentions from its body: `<@user-id>` tokens naming members of the channel
 * other than the author. Deleted messages mention no one.
 */
create function private.sync_mentions(message_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  m record;
begin
  select * into m from public.messages x where x.id = sync_mentions.message_id;
  delete from public.mentions mn where mn.message_id = sync_mentions.message_id;
  if m.id is null or m.deleted_at is not null then
    return;
  end if;
  insert into public.mentions (message_id, user_id, workspace_id, channel_id, seq)
  select m.id, cm.user_id, m.workspace_id, m.channel_id, m.seq
  from public.channel_members cm
  where cm.channel_id = m.channel_id
    and cm.user_id is distinct from m.author_id
    and cm.user_id in (
      select private.try_uuid(t[1]) from regexp_matches(m.body, '<@([0-9a-fA-F-]{36})>', 'g') as t
    )
  on conflict do nothing;
end
$$;
comment on function private.sync_mentions(uuid) is 'Rebuilds public.mentions for one message from its body.';

/** AFTER INSERT on messages: thread counters on the root, then mentions. */
create function private.messages_after_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.parent_id is not null then
    update public.messages r
    set reply_count = r.reply_count + 1, last_reply_at = new.created_at
    where r.id = new.parent_id;
  end if;
  if new.body like '%<@%' then
    perform private.sync_mentions(new.id);
  end if;
  return null;
end
$$;
comment on function private.messages_after_insert() is 'Updates the thread root counters and records mentions.';

create trigger messages_after_insert
  after insert on public.messages
  for each row execute function private.messages_after_insert();

/**
 * BEFORE UPDATE on messages: an edit (body change on a live message) saves the previous body to
 * message_edits and sets edited_at; a deleted message cannot be edited; identity columns never change.
 */
create function private.messages_before_update()
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
comment on function private.messages_before_update() is 'Keeps edit history, blocks edits of deleted messages, pins identity columns.';

create trigger messages_before_update
  before update on public.messages
  for each row execute function private.messages_before_update();

/** AFTER UPDATE on messages: re-derive mentions on edit; on deletion, fix the root's reply count. */
create function private.messages_after_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.body is distinct from old.body or new.deleted_at is distinct from old.deleted_at then
    if new.body like '%<@%' or old.body like '%<@%' then
      perform private.sync_mentions(new.id);
    end if;
  end if;
  if new.parent_id is not null and new.deleted_at is distinct from old.deleted_at then
    update public.messages r
    set reply_count = (
      select count(*) from public.messages x where x.parent_id = r.id and x.deleted_at is null
    )
    where r.id = new.parent_id;
  end if;
  return null;
end
$$;
comment on function private.messages_after_update() is 'Keeps mentions and thread reply counts in step with edits and deletions.';

create trigger messages_after_update
  after update of body, deleted_at on public.messages
  for each row execute function private.messages_after_update();

/**
 * Shared BEFORE INSERT check for rows hanging off a message (reactions, pins): copies channel_id and
 * workspace_id from the message and answers "Message not found" for messages the caller cannot see.
 */
create function private.message_children_before_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  m record;
begin
  select x.channel_id, x.workspace_id, x.deleted_at into m
  from public.messages x where x.id = new.message_id;
  if not found or (uid is not null and not private.can_read_channel(m.channel_id)) then
    raise exception 'Message not found' using errcode = 'PT404';
  end if;
  if m.deleted_at is not null then
    raise exception 'This message was deleted' using errcode = 'PT409';
  end if;
  if uid is not null and not private.can_post_in_channel(m.channel_id) then
    raise exception 'Join the channel (and it must not be archived) to do this' using errcode = '42501';
  end if;
  new.channel_id := m.channel_id;
  new.workspace_id := m.workspace_id;
  if tg_table_name = 'reactions' then
    new.user_id := coalesce(uid, new.user_id);
  elsif tg_table_name = 'pins' then
    new.pinned_by := coalesce(uid, new.pinned_by);
  end if;
  return new;
end
$$;
comment on function private.message_children_before_insert() is
  'Reactions and pins: derive channel/workspace from the message; uniform "Message not found" for invisible ones.';

create trigger reactions_before_insert
  before insert on public.reactions
  for each row execute function private.message_children_before_insert();
create trigger pins_before_insert
  before insert on public.pins
  for each row execute function private.message_children_before_insert();

/** BEFORE INSERT on attachments: uploader and workspace are derived, the channel must be visible. */
create function private.attachments_before_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  ws uuid;
begin
  select c.workspace_id into ws from public.channels c where c.id = new.channel_id;
  if not found or (uid is not null and not private.can_read_channel(new.channel_id)) then
    raise exception 'Channel not found' using errcode = 'PT404';
  end if;
  new.workspace_id := ws;
  new.uploader_id := coalesce(uid, new.uploader_id);
  new.message_id := null;
  return new;
end
$$;
comment on function private.attachments_before_insert() is 'Derives workspace_id and uploader_id; hides invisible channels.';

create trigger attachments_before_insert
  before insert on public.attachments
  for each row execute function private.attachments_before_insert();

/** BEFORE INSERT on channel_members: workspace_id always comes from the channel. */
create function private.channel_members_before_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  select c.workspace_id into new.workspace_id from public.channels c where c.id = new.channel_id;
  if not found then
    raise exception 'Channel not found' using errcode = 'PT404';
  end if;
  return new;
end
$$;
comment on function private.channel_members_before_insert() is 'Copies workspace_id from the channel.';

create trigger channel_members_before_insert
  before insert on public.channel_members
  for each row execute function private.channel_members_before_insert();

/**
 * BEFORE UPDATE/DELETE on workspace_members: a workspace always keeps at least one active owner
 * (except while the workspace itself is being deleted).
 */
create function private.workspace_members_keep_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.role = 'owner' and old.deactivated_at is null
     and (tg_op = 'DELETE' or new.role <> 'owner' or new.deactivated_at is not null)
     and exists (select 1 from public.workspaces w where w.id = old.workspace_id)
     and not exists (
       select 1 from public.workspace_members o
       where o.workspace_id = old.workspace_id and o.user_id <> old.user_id
         and o.role = 'owner' and o.deactivated_at is null
     )
  then
    raise exception 'A workspace needs at least one owner: make someone else an owner first'
      using errcode = 'PT409';
  end if;
  return coalesce(new, old);
end
$$;
comment on function private.workspace_members_keep_owner() is 'Last-owner invariant for workspace_members.';

create trigger workspace_members_keep_owner
  before update or delete on public.workspace_members
  for each row execute function private.workspace_members_keep_owner();

/** BEFORE UPDATE on channels: only admins, owners or the creator may (un)archive; DM identity is fixed. */
create function private.channels_before_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is not null and new.archived_at is distinct from old.archived_at
     and not private.is_workspace_admin(old.workspace_id)
     and old.created_by is distinct from uid then
    raise exception 'Only workspace admins or the channel''s creator can archive it' using errcode = '42501';
  end if;
  if uid is not null and old.kind in ('dm', 'group_dm') then
    raise exception 'Direct messages cannot be renamed or archived' using errcode = '42501';
  end if;
  if new.name is distinct from old.name and new.name is not null then
    new.name := lower(btrim(new.name));
  end if;
  return new;
end
$$;
comment on function private.channels_before_update() is 'Guards archiving and DM identity on channel updates.';

create trigger channels_before_update
  before update of name, topic, archived_at, kind, workspace_id on public.channels
  for each row execute function private.channels_before_update();
