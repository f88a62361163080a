-- =============================================================================================
-- Authorization helpers used by RLS policies (tables, realtime.messages, storage.objects) and RPCs.
--
-- All are `security definer` with an empty search_path, so policies can ask membership questions
-- without recursing into the policies of the tables they read (the 42P17 trap). Each answers only
-- about the calling user (auth.uid()), so exposing them to `authenticated` leaks nothing.
-- "Active" membership means the workspace_members row exists and is not deactivated: removed or
-- deactivated users lose access on their next query, whatever their JWT says.
--
-- Every helper is one flat query in plpgsql, never a SQL function calling other helpers: a
-- `language sql` function that cannot be inlined (security definer, SET search_path) is planned
-- again in every statement that calls it (Postgres 17), and nested ones multiply that (a send cost
-- milliseconds). plpgsql keeps its plans for the session. For policies on large tables the
-- set-returning helpers (*_ids()) are evaluated once per statement as hashed subplans.
-- =============================================================================================

/** The caller's role in a workspace, or null when not an active member. */
create function private.workspace_role(workspace_id uuid)
returns public.workspace_role
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
    select wm.role
    from public.workspace_members wm
    where wm.workspace_id = workspace_role.workspace_id
      and wm.user_id = (select auth.uid())
      and wm.deactivated_at is null
  );
end
$$;
comment on function private.workspace_role(uuid) is 'Role of auth.uid() in the workspace; null unless an active member.';

/** True when the caller is an active member (any role, guests included). */
create function private.is_workspace_member(workspace_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (
    select 1 from public.workspace_members wm
    where wm.workspace_id = is_workspace_member.workspace_id
      and wm.user_id = (select auth.uid())
      and wm.deactivated_at is null
  );
end
$$;
comment on function private.is_workspace_member(uuid) is 'auth.uid() is an active member (any role) of the workspace.';

/** True when the caller is an active owner or admin. */
create function private.is_workspace_admin(workspace_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (
    select 1 from public.workspace_members wm
    where wm.workspace_id = is_workspace_admin.workspace_id
      and wm.user_id = (select auth.uid())
      and wm.deactivated_at is null
      and wm.role in ('owner', 'admin')
  );
end
$$;
comment on function private.is_workspace_admin(uuid) is 'auth.uid() is an active owner or admin of the workspace.';

/** True when the caller is an active member, admin or owner (not a guest). */
create function private.is_workspace_staff(workspace_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (
    select 1 from public.workspace_members wm
    where wm.workspace_id = is_workspace_staff.workspace_id
      and wm.user_id = (select auth.uid())
      and wm.deactivated_at is null
      and wm.role <> 'guest'
  );
end
$$;
comment on function private.is_workspace_staff(uuid) is 'auth.uid() is an active non-guest member of the workspace.';

/** True when the caller is in the channel and still an active member of its workspace. */
create function private.is_channel_member(channel_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (
    select 1
    from public.channel_members cm
    join public.workspace_members wm on wm.workspace_id = cm.workspace_id and wm.user_id = cm.user_id
    where cm.channel_id = is_channel_member.channel_id
      and cm.user_id = (select auth.uid())
      and wm.deactivated_at is null
  );
end
$$;
comment on function private.is_channel_member(uuid) is 'auth.uid() is in the channel and an active member of its workspace.';

/**
 * True when the caller may read the channel's messages: a member of it, or (public channels) any
 * active non-guest member of its workspace. Admins do not read private channels or DMs they are not in.
 */
create function private.can_read_channel(channel_id uuid)
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

/** Workspaces where the caller is an active non-guest (set-returning, for policies on channels). */
create function private.staff_workspace_ids()
returns setof uuid
language plpgsql
stable
security definer
rows 5
set search_path = ''
as $$
begin
  return query
    select wm.workspace_id from public.workspace_members wm
    where wm.user_id = (select auth.uid()) and wm.deactivated_at is null and wm.role <> 'guest';
end
$$;
comment on function private.staff_workspace_ids() is
  'Workspaces where auth.uid() is an active non-guest; set-returning, for RLS policies.';

/** Workspaces where the caller is an active owner or admin (set-returning, for policies on channels). */
create function private.admin_workspace_ids()
returns setof uuid
language plpgsql
stable
security definer
rows 5
set search_path = ''
as $$
begin
  return query
    select wm.workspace_id from public.workspace_members wm
    where wm.user_id = (select auth.uid()) and wm.deactivated_at is null and wm.role in ('owner', 'admin');
end
$$;
comment on function private.admin_workspace_ids() is
  'Workspaces where auth.uid() is an active owner or admin; set-returning, for RLS policies.';

/** True when the caller may post: a member of the channel, and the channel is not archived. */
create function private.can_post_in_channel(channel_id uuid)
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
    join public.channel_members cm on cm.channel_id = c.id and cm.user_id = (select auth.uid())
    join public.workspace_members wm on wm.workspace_id = c.workspace_id and wm.user_id = cm.user_id
    where c.id = can_post_in_channel.channel_id
      and c.archived_at is null
      and wm.deactivated_at is null
  );
end
$$;
comment on function private.can_post_in_channel(uuid) is 'auth.uid() is a member of the channel and it is not archived.';

/**
 * True when the caller may see the channel row (not its messages): readers, plus admins and owners
 * for private channels (channel directory metadata; never DMs).
 */
create function private.can_see_channel(channel_id uuid)
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
    where c.id = can_see_channel.channel_id
      and (
        (c.kind = 'public' and wm.role <> 'guest')
        or (c.kind = 'private' and wm.role in ('owner', 'admin'))
        or exists (
          select 1 from public.channel_members cm
          where cm.channel_id = c.id and cm.user_id = wm.user_id
        )
      )
  );
end
$$;
comment on function private.can_see_channel(uuid) is
  'auth.uid() may see the channel row: readers, and workspace admins for private channels (metadata only).';

/** True when the caller and the given user are both active members of some workspace. */
create function private.shares_workspace(user_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (
    select 1
    from public.workspace_members mine
    join public.workspace_members theirs on theirs.workspace_id = mine.workspace_id
    where mine.user_id = (select auth.uid())
      and mine.deactivated_at is null
      and theirs.user_id = shares_workspace.user_id
  );
end
$$;
comment on function private.shares_workspace(uuid) is 'auth.uid() and user_id are both in a workspace where auth.uid() is active.';

/** True when the caller and the given user are both in some channel of the workspace. */
create function private.shares_channel(workspace_id uuid, user_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (
    select 1
    from public.channel_members mine
    join public.channel_members theirs on theirs.channel_id = mine.channel_id
    where mine.workspace_id = shares_channel.workspace_id
      and mine.user_id = (select auth.uid())
      and theirs.user_id = shares_channel.user_id
  );
end
$$;
comment on function private.shares_channel(uuid, uuid) is 'auth.uid() and user_id share a channel in the workspace.';

/**
 * True when the caller may see the membership row of user_id in the workspace: non-guests see every
 * member; guests see themselves and people they share a channel with.
 */
create function private.can_see_member(workspace_id uuid, user_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return exists (
    select 1
    from public.workspace_members me
    where me.workspace_id = can_see_member.workspace_id
      and me.user_id = (select auth.uid())
      and me.deactivated_at is null
      and (
        me.role <> 'guest'
        or can_see_member.user_id = me.user_id
        or exists (
          select 1
          from public.channel_members mine
          join public.channel_members theirs on theirs.channel_id = mine.channel_id
          where mine.workspace_id = can_see_member.workspace_id
            and mine.user_id = me.user_id
            and theirs.user_id = can_see_member.user_id
        )
      )
  );
end
$$;
comment on function private.can_see_member(uuid, uuid) is
  'Member directory visibility: non-guests see all members; guests see co-members of their channels.';

/**
 * True when the caller may add themselves to the channel: a public channel of a workspace where
 * they are a non-guest, or a channel they created that has no members yet (creation bootstrap).
 */
create function private.can_self_join_channel(channel_id uuid)
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
     and wm.role <> 'guest'
    where c.id = can_self_join_channel.channel_id
      and c.archived_at is null
      and (
        c.kind = 'public'
        or (c.kind = 'private' and c.created_by = wm.user_id
            and not exists (select 1 from public.channel_members cm where cm.channel_id = c.id))
      )
  );
end
$$;
comment on function private.can_self_join_channel(uuid) is
  'auth.uid() may join: public channel (non-guest), or bootstrap membership of a channel they just created.';

/** True when the caller, a member of the (non-DM, live) channel, may add user_id: an active member of its workspace. */
create function private.can_add_channel_member(channel_id uuid, user_id uuid)
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
    join public.channel_members cm on cm.channel_id = c.id and cm.user_id = (select auth.uid())
    join public.workspace_members me
      on me.workspace_id = c.workspace_id and me.user_id = cm.user_id and me.deactivated_at is null
    join public.workspace_members wm
      on wm.workspace_id = c.workspace_id and wm.user_id = can_add_channel_member.user_id
     and wm.deactivated_at is null
    where c.id = can_add_channel_member.channel_id
      and c.kind in ('public', 'private') and c.archived_at is null
  );
end
$$;
comment on function private.can_add_channel_member(uuid, uuid) is
  'auth.uid() is in the channel (not a DM, not archived) and user_id is an active member of its workspace.';

/** Parses a uuid without raising: null for anything that is not one. */
create function private.try_uuid(value text)
returns uuid
language sql
immutable
set search_path = ''
as $$
  select case when value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    then value::uuid end
$$;
comment on function private.try_uuid(text) is 'value::uuid, or null when value is not a canonical UUID (never raises).';

revoke all on all functions in schema private from public;
grant execute on function
  private.workspace_role(uuid), private.is_workspace_member(uuid), private.is_workspace_admin(uuid),
  private.is_workspace_staff(uuid), private.is_channel_member(uuid), private.can_read_channel(uuid),
  private.can_post_in_channel(uuid), private.can_see_channel(uuid), private.shares_workspace(uuid),
  private.shares_channel(uuid, uuid), private.can_see_member(uuid, uuid),
  private.joined_channel_ids(), private.public_channel_ids(), private.staff_workspace_ids(), private.admin_workspace_ids(),
  private.try_uuid(text), private.can_self_join_channel(uuid), private.can_add_channel_member(uuid, uuid)
  to authenticated, service_role;
