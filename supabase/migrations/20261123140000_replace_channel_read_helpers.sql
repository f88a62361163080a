-- =============================================================================================
-- Channel read helpers that scale: the same visibility rules as before, without nested helper calls.
--
-- private.can_read_channel() used to call is_workspace_staff() -> workspace_role() and
-- is_channel_member() for every row a policy looked at; nested SQL functions are planned and run
-- per call, which cost ~0.2 ms a row and made 50-row pages take tens of milliseconds. Each helper is
-- now one flat query, in plpgsql: a SQL-language function that cannot be inlined (security definer)
-- is planned again in every statement that calls it (Postgres 17), plpgsql keeps its plans for the
-- session. joined_channel_ids() and public_channel_ids() are the set-returning variants for RLS
-- policies on large tables: evaluated once per statement (hashed subplans), each row a hash probe.
-- Rules (unchanged): a member of the channel who is an active member of its workspace may read it;
-- for public channels, any active non-guest member of the workspace may. Admins do not read private
-- channels or DMs they are not in. Removed or deactivated members read nothing.
-- =============================================================================================

/**
 * True when the caller may read the channel's messages: a member of it, or (public channels) any
 * active non-guest member of its workspace. Admins do not read private channels or DMs they are not in.
 */
create or replace function private.can_read_channel(channel_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (
    select 1
    from public.channels c
    join public.workspace_members wm
      on wm.workspace_id = c.workspace_id
     and wm.user_id = (select auth.uid())
     and wm.deactivated_at is null
    where c.id = can_read_channel.channel_id
      and (
        (c.kind = 'public' and wm.role <> 'guest')
        or exists (
          select 1 from public.channel_members cm
          where cm.channel_id = c.id and cm.user_id = wm.user_id
        )
      )
  );
end
$$;
comment on function private.can_read_channel(uuid) is
  'auth.uid() may read the channel: member of it, or non-guest member of the workspace for public channels (one flat query).';

/**
 * Set-returning helpers for RLS policies on large tables, used together as
 * `channel_id in (select private.joined_channel_ids()) or channel_id in (select private.public_channel_ids())`:
 * the union is exactly can_read_channel(). Postgres evaluates each once per statement into a hash
 * table (hashed subplan) instead of calling a function per row, and builds the second only when a
 * row is not in the first: reading a channel you are in (the common case) never lists the public
 * channels. Cost per statement grows with the number of channels returned (~2,000: about 0.5 ms).
 */

/** Channels (all workspaces) the caller is a member of, while an active member of its workspace. */
create function private.joined_channel_ids()
returns setof uuid
language plpgsql
stable
security definer
rows 50
set search_path = ''
as $$
begin
  return query
    select cm.channel_id
    from public.channel_members cm
    join public.workspace_members wm on wm.workspace_id = cm.workspace_id and wm.user_id = cm.user_id
    where cm.user_id = (select auth.uid())
      and wm.deactivated_at is null;
end
$$;
comment on function private.joined_channel_ids() is
  'Channels auth.uid() is in (active workspace membership); set-returning, for RLS policies on large tables.';

/** Public channels of every workspace where the caller is an active non-guest member. */
create function private.public_channel_ids()
returns setof uuid
language plpgsql
stable
security definer
rows 500
set search_path = ''
as $$
begin
  return query
    select c.id
    from public.workspace_members wm
    join public.channels c on c.workspace_id = wm.workspace_id and c.kind = 'public'
    where wm.user_id = (select auth.uid())
      and wm.deactivated_at is null
      and wm.role <> 'guest';
end
$$;
comment on function private.public_channel_ids() is
  'Public channels of workspaces where auth.uid() is an active non-guest; set-returning, for RLS policies on large tables.';

/** Set-returning variant for large queries: every channel of the workspace the caller may read. */
create or replace function private.readable_channel_ids(workspace_id uuid)
returns setof uuid
language plpgsql
stable
security definer
rows 500
set search_path = ''
as $$
begin
  return query
    select c.id
    from public.workspace_members wm
    join public.channels c on c.workspace_id = wm.workspace_id and c.kind = 'public'
    where wm.workspace_id = readable_channel_ids.workspace_id
      and wm.user_id = (select auth.uid())
      and wm.deactivated_at is null
      and wm.role <> 'guest'
    union all
    select cm.channel_id
    from public.channel_members cm
    join public.workspace_members wm on wm.workspace_id = cm.workspace_id and wm.user_id = cm.user_id
    where cm.workspace_id = readable_channel_ids.workspace_id
      and cm.user_id = (select auth.uid())
      and wm.deactivated_at is null;
end
$$;
comment on function private.readable_channel_ids(uuid) is
  'Channels of the workspace auth.uid() may read (set-returning, for search and lists; may repeat an id).';

revoke all on function private.joined_channel_ids(), private.public_channel_ids() from public;
grant execute on function private.joined_channel_ids(), private.public_channel_ids() to authenticated, service_role;
