-- =============================================================================================
-- Channel RPCs: create, join, leave, add members, open DMs, read positions and unread counts.
-- Security invoker (RLS decides) except open_dm, which must create other people's memberships.
-- =============================================================================================

/** Creates a public or private channel in a workspace; the creator joins it. */
create function public.create_channel(
  workspace_id uuid,
  name text,
  kind public.channel_kind default 'public',
  topic text default null
)
returns public.channels
language plpgsql
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  clean_name text := lower(btrim(create_channel.name));
  new_id uuid := gen_random_uuid();
  ch public.channels;
begin
  if private.workspace_role(create_channel.workspace_id) is null then
    raise exception 'Workspace not found' using errcode = 'PT404';
  end if;
  if not private.is_workspace_staff(create_channel.workspace_id) then
    raise exception 'Guests cannot create channels' using errcode = '42501';
  end if;
  if create_channel.kind is null or create_channel.kind not in ('public', 'private') then
    raise exception 'kind must be public or private (use open_dm for direct messages)' using errcode = '22023';
  end if;
  if clean_name is null or clean_name !~ '^[a-z0-9][a-z0-9_-]{0,79}$' then
    raise exception 'Channel names are 1-80 lowercase letters, digits, hyphens or underscores'
      using errcode = '22023';
  end if;
  if create_channel.topic is not null and char_length(create_channel.topic) > 250 then
    raise exception 'Channel topic is too long (max 250 characters)' using errcode = '22001';
  end if;
  -- No RETURNING: a private channel only becomes visible to its creator once they are a member.
  begin
    insert into public.channels (id, workspace_id, kind, name, topic, created_by)
    values (new_id, create_channel.workspace_id, create_channel.kind, clean_name,
            nullif(btrim(create_channel.topic), ''), uid);
  exception when unique_violation then
    raise exception 'A channel named #% already exists', clean_name using errcode = '23505';
  end;
  insert into public.channel_members (channel_id, user_id) values (new_id, uid);
  select * into ch from public.channels c where c.id = new_id;
  return ch;
end
$$;
comment on function public.create_channel(uuid, text, public.channel_kind, text) is
  'Creates #name (public or private) and joins it. Errors: PT404 unknown workspace, 42501 guests, 22023 bad name/kind, 23505 name taken.';

/** Joins a public channel (non-guests). Returns the membership. Idempotent. */
create function public.join_channel(channel_id uuid)
returns public.channel_members
language plpgsql
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  ch record;
  cm public.channel_members;
begin
  select c.id, c.kind, c.archived_at into ch from public.channels c where c.id = join_channel.channel_id;
  if not found or not private.can_read_channel(join_channel.channel_id) then
    raise exception 'Channel not found' using errcode = 'PT404';
  end if;
  select * into cm from public.channel_members m where m.channel_id = join_channel.channel_id and m.user_id = uid;
  if found then
    return cm;
  end if;
  if ch.archived_at is not null then
    raise exception 'This channel is archived' using errcode = 'PT409';
  end if;
  if ch.kind <> 'public' then
    raise exception 'Private channels are joined by invitation from a member' using errcode = '42501';
  end if;
  insert into public.channel_members (channel_id, user_id) values (join_channel.channel_id, uid)
  returning * into cm;
  return cm;
end
$$;
comment on function public.join_channel(uuid) is 'Joins a public channel. Errors: PT404 not visible, PT409 archived.';

/** Adds workspace members to a public or private channel the caller is in. Returns how many were added. */
create function public.add_channel_members(channel_id uuid, user_ids uuid[])
returns integer
language plpgsql
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  ch record;
  added integer;
  missing integer;
begin
  select c.kind, c.workspace_id, c.archived_at into ch from public.channels c where c.id = add_channel_members.channel_id;
  if not found or not private.can_read_channel(add_channel_members.channel_id) then
    raise exception 'Channel not found' using errcode = 'PT404';
  end if;
  if ch.kind not in ('public', 'private') then
    raise exception 'People cannot be added to a direct message; open a new one' using errcode = '22023';
  end if;
  if ch.archived_at is not null then
    raise exception 'This channel is archived' using errcode = 'PT409';
  end if;
  if not private.is_channel_member(add_channel_members.channel_id) then
    raise exception 'Join the channel before adding people to it' using errcode = '42501';
  end if;
  if add_channel_members.user_ids is null or cardinality(add_channel_members.user_ids) not between 1 and 100 then
    raise exception 'user_ids must list 1-100 people' using errcode = '22023';
  end if;
  select count(*) into missing
  from unnest(add_channel_members.user_ids) as u(id)
  where not exists (
    select 1 from public.workspace_members wm
    where wm.workspace_id = ch.workspace_id and wm.user_id = u.id and wm.deactivated_at is null
      and private.can_see_member(ch.workspace_id, u.id)
  );
  if missing > 0 then
    raise exception 'User not found in this workspace' using errcode = 'PT404';
  end if;
  insert into public.channel_members (channel_id, user_id)
  select add_channel_members.channel_id, u.id from unnest(add_channel_members.user_ids) as u(id)
  on conflict do nothing;
  get diagnostics added = row_count;
  return added;
end
$$;
comment on function public.add_channel_members(uuid, uuid[]) is
  'A channel member adds active workspace members (guests too). Errors: PT404 channel/user not visible, 42501 not in channel, PT409 archived.';

/** Leaves a channel. DMs cannot be left. */
create function public.leave_channel(channel_id uuid)
returns void
language plpgsql
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  k public.channel_kind;
begin
  select c.kind into k from public.channels c where c.id = leave_channel.channel_id;
  if not found or not private.is_channel_member(leave_channel.channel_id) then
    raise exception 'Channel not found' using errcode = 'PT404';
  end if;
  if k = 'dm' then
    raise exception 'You cannot leave a direct message' using errcode = '22023';
  end if;
  delete from public.channel_members m where m.channel_id = leave_channel.channel_id and m.user_id = uid;
end
$$;
comment on function public.leave_channel(uuid) is 'Leaves a channel or group DM. Errors: PT404 not a member, 22023 DMs.';

/**
 * Returns the DM (2 people, or yourself) or group DM (3-9 people) between the caller and user_ids in
 * the workspace, creating it if needed: one conversation per set of people.
 * Security definer: it creates memberships for other users, which RLS never lets a client do for a
 * DM. It checks every participant explicitly: active members the caller can see (guests can only
 * DM people they share a channel with).
 */
create function public.open_dm(workspace_id uuid, user_ids uuid[])
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  people uuid[];
  key text;
  ch_id uuid;
begin
  if private.workspace_role(open_dm.workspace_id) is null then
    raise exception 'Workspace not found' using errcode = 'PT404';
  end if;
  if open_dm.user_ids is null or cardinality(open_dm.user_ids) > 8 then
    raise exception 'A direct message has 1-9 people' using errcode = '22023';
  end if;
  select array_agg(distinct p order by p) into people
  from unnest(array_append(open_dm.user_ids, uid)) as p where p is not null;
  if exists (
    select 1 from unnest(people) as p
    where p <> uid and not (
      exists (select 1 from public.workspace_members wm
              where wm.workspace_id = open_dm.workspace_id and wm.user_id = p and wm.deactivated_at is null)
      and private.can_see_member(open_dm.workspace_id, p)
    )
  ) then
    raise exception 'User not found in this workspace' using errcode = 'PT404';
  end if;
  key := array_to_string(people, ',');
  select c.id into ch_id from public.channels c where c.workspace_id = open_dm.workspace_id and c.dm_key = key;
  if found then
    return ch_id;
  end if;
  insert into public.channels (workspace_id, kind, dm_key, created_by)
  values (open_dm.workspace_id, case when cardinality(people) <= 2 then 'dm' else 'group_dm' end::public.channel_kind,
          key, uid)
  on conflict do nothing
  returning id into ch_id;
  if ch_id is null then
    select c.id into ch_id from public.channels c where c.workspace_id = open_dm.workspace_id and c.dm_key = key;
    return ch_id;
  end if;
  insert into public.channel_members (channel_id, user_id)
  select ch_id, p from unnest(people) as p;
  return ch_id;
end
$$;
comment on function public.open_dm(uuid, uuid[]) is
  'Finds or creates the DM / group DM for the caller plus user_ids. Errors: PT404 unknown workspace or user, 22023 too many people.';

/**
 * Moves the caller's read position forward to seq (clamped to the channel's last seq; never
 * backwards). Returns the new last_read_seq.
 */
create function public.mark_read(channel_id uuid, seq bigint)
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  result bigint;
begin
  if mark_read.seq is null or mark_read.seq < 0 then
    raise exception 'seq must be a non-negative number' using errcode = '22023';
  end if;
  update public.channel_members m
  set last_read_seq = greatest(m.last_read_seq, least(mark_read.seq,
        (select c.last_seq from public.channels c where c.id = m.channel_id)))
  where m.channel_id = mark_read.channel_id and m.user_id = uid
    and private.is_channel_member(mark_read.channel_id)
  returning m.last_read_seq into result;
  if not found then
    raise exception 'Channel not found' using errcode = 'PT404';
  end if;
  return result;
end
$$;
comment on function public.mark_read(uuid, bigint) is 'Advances the caller''s read position. Errors: PT404 not a member, 22023 bad seq.';

/**
 * Unread and mention counts for every channel the caller is in (in workspaces where they are active),
 * derived from last_read_seq: unread = live channel-stream messages by others after it; mentions =
 * live messages mentioning the caller after it (thread replies included).
 */
create function public.channel_unreads()
returns table (
  channel_id uuid, workspace_id uuid, last_seq bigint, last_read_seq bigint, unread_count bigint, mention_count bigint
)
language sql
stable
security invoker
set search_path = ''
as $$
  -- last_seq is the newest message's seq (every insert bumps it), so a channel read up to it has nothing
  -- to count: skipping those keeps this cheap for someone in a thousand mostly quiet channels.
  select cm.channel_id, cm.workspace_id, c.last_seq, cm.last_read_seq,
    case when c.last_seq > cm.last_read_seq then
      (select count(*) from public.messages m
        where m.channel_id = cm.channel_id and m.seq > cm.last_read_seq
          and m.deleted_at is null and m.author_id is distinct from cm.user_id
          and (m.parent_id is null or m.also_in_channel))
    else 0 end,
    case when c.last_seq > cm.last_read_seq then
      (select count(*) from public.mentions mn
        where mn.user_id = cm.user_id and mn.channel_id = cm.channel_id and mn.seq > cm.last_read_seq)
    else 0 end
  from public.channel_members cm
  join public.channels c on c.id = cm.channel_id
  where cm.user_id = (select auth.uid())
    and private.is_workspace_member(cm.workspace_id)
$$;
comment on function public.channel_unreads() is 'Per channel of the caller: last_seq, last_read_seq, unread_count, mention_count.';

revoke all on function public.create_channel(uuid, text, public.channel_kind, text), public.join_channel(uuid),
  public.add_channel_members(uuid, uuid[]), public.leave_channel(uuid), public.open_dm(uuid, uuid[]),
  public.mark_read(uuid, bigint), public.channel_unreads()
  from public, anon;
grant execute on function public.create_channel(uuid, text, public.channel_kind, text), public.join_channel(uuid),
  public.add_channel_members(uuid, uuid[]), public.leave_channel(uuid), public.open_dm(uuid, uuid[]),
  public.mark_read(uuid, bigint), public.channel_unreads()
  to authenticated, service_role;
