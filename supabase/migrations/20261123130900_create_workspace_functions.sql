-- =============================================================================================
-- Workspace RPCs: creation, invites and member administration (with audit_log rows).
--
-- The member-administration functions are `security definer`: they write workspace_members and
-- audit_log, which clients cannot write directly, and the rules are field-level (an admin may set
-- roles up to member, never touch an owner; the last owner stays) rather than row-level. Each one
-- checks the caller explicitly with the same private helpers the policies use, and answers
-- "Workspace not found" to non-members so the workspace's existence does not leak.
-- =============================================================================================

/** auth.uid(), or an error for callers without a user (service role, anon). */
create function private.require_uid()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null then
    raise exception 'You must be signed in' using errcode = '42501';
  end if;
  return uid;
end
$$;
comment on function private.require_uid() is 'Returns auth.uid() or raises 42501 "You must be signed in".';
grant execute on function private.require_uid() to authenticated, service_role;

/**
 * Creates a workspace with the caller as owner and a default #general channel they are in.
 * Security definer: the caller has no membership yet, which every policy on these tables requires.
 */
create function public.create_workspace(name text, slug text)
returns public.workspaces
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  ws public.workspaces;
  general_id uuid;
begin
  if create_workspace.name is null or char_length(btrim(create_workspace.name)) not between 1 and 80 then
    raise exception 'Workspace name must be 1-80 characters' using errcode = '22023';
  end if;
  if create_workspace.slug is null or create_workspace.slug !~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$' then
    raise exception 'Workspace URL must be 3-40 lowercase letters, digits or hyphens' using errcode = '22023';
  end if;
  begin
    insert into public.workspaces (name, slug, created_by)
    values (btrim(create_workspace.name), create_workspace.slug, uid)
    returning * into ws;
  exception when unique_violation then
    raise exception 'The workspace URL "%" is taken', create_workspace.slug using errcode = '23505';
  end;
  insert into public.workspace_members (workspace_id, user_id, role) values (ws.id, uid, 'owner');
  insert into public.channels (workspace_id, kind, name, topic, is_default, created_by)
  values (ws.id, 'public', 'general', 'Company-wide announcements and work-based matters', true, uid)
  returning id into general_id;
  insert into public.channel_members (channel_id, user_id) values (general_id, uid);
  perform private.audit(ws.id, 'workspace.created', null, ws.id);
  return ws;
end
$$;
comment on function public.create_workspace(text, text) is
  'Creates a workspace (caller = owner) with #general. Errors: 22023 bad name/slug, 23505 slug taken.';

/**
 * Creates an invite link and returns its token once (only a hash is stored). Admins and owners only;
 * invites can grant admin, member or guest, never owner. Security invoker: RLS checks the caller.
 */
create function public.create_invite(
  workspace_id uuid,
  role public.workspace_role default 'member',
  expires_in interval default interval '7 days',
  max_uses integer default 1,
  email text default null
)
returns table (invite_id uuid, token text, expires_at timestamptz)
language plpgsql
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  raw text := encode(extensions.gen_random_bytes(24), 'hex');
  inv record;
begin
  if private.workspace_role(create_invite.workspace_id) is null then
    raise exception 'Workspace not found' using errcode = 'PT404';
  end if;
  if not private.is_workspace_admin(create_invite.workspace_id) then
    raise exception 'Only workspace admins and owners can invite people' using errcode = '42501';
  end if;
  if create_invite.role is null or create_invite.role = 'owner' then
    raise exception 'Invites can grant admin, member or guest (owners are made with transfer_ownership)'
      using errcode = '22023';
  end if;
  if create_invite.role = 'admin' and private.workspace_role(create_invite.workspace_id) <> 'owner' then
    raise exception 'Only owners can invite admins' using errcode = '42501';
  end if;
  if create_invite.expires_in is null or create_invite.expires_in <= interval '0'
     or create_invite.expires_in > interval '90 days' then
    raise exception 'An invite must expire within 90 days' using errcode = '22023';
  end if;
  if create_invite.max_uses is null or create_invite.max_uses not between 1 and 1000 then
    raise exception 'max_uses must be between 1 and 1000' using errcode = '22023';
  end if;
  if create_invite.email is not null and create_invite.email !~ '^[^@\s]+@[^@\s]+$' then
    raise exception 'Invalid email address' using errcode = '22023';
  end if;
  insert into public.workspace_invites (workspace_id, token_hash, role, email, expires_at, max_uses, created_by)
  values (create_invite.workspace_id, extensions.digest(raw, 'sha256'), create_invite.role,
          lower(create_invite.email), now() + create_invite.expires_in, create_invite.max_uses, uid)
  returning id, workspace_invites.expires_at into inv;
  perform private.audit_as_invoker(create_invite.workspace_id, 'invite.created', inv.id,
    jsonb_build_object('role', create_invite.role, 'max_uses', create_invite.max_uses));
  return query select inv.id, raw, inv.expires_at;
end
$$;
comment on function public.create_invite(uuid, public.workspace_role, interval, integer, text) is
  'Admins: creates an invite and returns its token once. Errors: PT404 unknown workspace, 42501 not admin, 22023 bad role/expiry/uses.';

/** Lets invoker RPCs write their audit row (audit_log has no client INSERT privilege). */
create function private.audit_as_invoker(workspace_id uuid, action text, target_id uuid, details jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.is_workspace_admin(audit_as_invoker.workspace_id) then
    raise exception 'Workspace not found' using errcode = 'PT404';
  end if;
  perform private.audit(audit_as_invoker.workspace_id, audit_as_invoker.action, null,
    audit_as_invoker.target_id, audit_as_invoker.details);
end
$$;
comment on function private.audit_as_invoker(uuid, text, uuid, jsonb) is 'Audit row for admin actions done by invoker RPCs; admins only.';
grant execute on function private.audit_as_invoker(uuid, text, uuid, jsonb) to authenticated;

/**
 * Joins the workspace of an invite token. Returns the workspace id. Non-guests also join the
 * default channels. Security definer: the caller is not a member yet and must not read invites.
 * Every unusable token (unknown, revoked, expired, used up, other email) gets a clear message;
 * the token itself is the secret, so this reveals nothing to someone without it.
 */
create function public.accept_invite(token text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  inv public.workspace_invites;
  existing public.workspace_members;
begin
  if accept_invite.token is null or accept_invite.token !~ '^[0-9a-f]{48}$' then
    raise exception 'Invite not found' using errcode = 'PT404';
  end if;
  select * into inv from public.workspace_invites i
  where i.token_hash = extensions.digest(accept_invite.token, 'sha256')
  for update;
  if not found then
    raise exception 'Invite not found' using errcode = 'PT404';
  end if;
  if inv.email is not null and inv.email is distinct from lower((select auth.jwt() ->> 'email')) then
    raise exception 'Invite not found' using errcode = 'PT404';
  end if;
  select * into existing from public.workspace_members m where m.workspace_id = inv.workspace_id and m.user_id = uid;
  if found then
    if existing.deactivated_at is not null then
      raise exception 'Your account in this workspace was deactivated; ask an admin to reactivate it'
        using errcode = '42501';
    end if;
    return inv.workspace_id;
  end if;
  if inv.revoked_at is not null then
    raise exception 'This invite was revoked' using errcode = 'PT409';
  end if;
  if inv.expires_at <= now() then
    raise exception 'This invite has expired' using errcode = 'PT409';
  end if;
  if inv.use_count >= inv.max_uses then
    raise exception 'This invite has already been used' using errcode = 'PT409';
  end if;
  update public.workspace_invites i set use_count = i.use_count + 1 where i.id = inv.id;
  insert into public.workspace_members (workspace_id, user_id, role, invited_by)
  values (inv.workspace_id, uid, inv.role, inv.created_by);
  if inv.role <> 'guest' then
    insert into public.channel_members (channel_id, user_id)
    select c.id, uid from public.channels c
    where c.workspace_id = inv.workspace_id and c.is_default and c.archived_at is null
    on conflict do nothing;
  end if;
  perform private.audit(inv.workspace_id, 'member.joined', uid, inv.id, jsonb_build_object('role', inv.role));
  return inv.workspace_id;
end
$$;
comment on function public.accept_invite(text) is
  'Joins the invite''s workspace; returns its id. Errors: PT404 unknown token, PT409 revoked/expired/used up, 42501 deactivated.';

/**
 * Loads the caller's and the target's membership for an admin action, enforcing the common rules:
 * caller active in the workspace (else "Workspace not found"), target a member (else "Member not
 * found"), caller at least admin, and admins never act on owners or other admins.
 */
create function private.admin_target(workspace_id uuid, user_id uuid, out caller_role public.workspace_role,
  out target public.workspace_members)
language plpgsql
security definer
set search_path = ''
as $$
begin
  caller_role := private.workspace_role(admin_target.workspace_id);
  if caller_role is null then
    raise exception 'Workspace not found' using errcode = 'PT404';
  end if;
  select * into target from public.workspace_members m
  where m.workspace_id = admin_target.workspace_id and m.user_id = admin_target.user_id
  for update;
  if not found or (caller_role = 'guest' and not private.can_see_member(admin_target.workspace_id, admin_target.user_id)) then
    raise exception 'Member not found' using errcode = 'PT404';
  end if;
  if caller_role not in ('owner', 'admin') then
    raise exception 'Only workspace admins and owners can manage members' using errcode = '42501';
  end if;
  if caller_role = 'admin' and target.role in ('owner', 'admin') and target.user_id <> (select auth.uid()) then
    raise exception 'Admins cannot change owners or other admins' using errcode = '42501';
  end if;
end
$$;
comment on function private.admin_target(uuid, uuid) is 'Shared authorization for member-administration RPCs.';

/** Changes a member's role. Owners: any role; admins: between member and guest only. */
create function public.change_member_role(workspace_id uuid, user_id uuid, role public.workspace_role)
returns public.workspace_members
language plpgsql
security definer
set search_path = ''
as $$
declare
  t record;
  updated public.workspace_members;
begin
  perform private.require_uid();
  if change_member_role.role is null then
    raise exception 'role must be one of owner, admin, member, guest' using errcode = '22023';
  end if;
  select * into t from private.admin_target(change_member_role.workspace_id, change_member_role.user_id);
  if t.caller_role = 'admin' and change_member_role.role in ('owner', 'admin') then
    raise exception 'Only owners can make someone an admin or owner' using errcode = '42501';
  end if;
  if (t.target).role = change_member_role.role then
    return t.target;
  end if;
  update public.workspace_members m set role = change_member_role.role
  where m.workspace_id = change_member_role.workspace_id and m.user_id = change_member_role.user_id
  returning * into updated;
  if change_member_role.role = 'guest' then
    -- Guests only keep channels they were explicitly added to; drop nothing, but public channels
    -- stop being readable through the non-guest rule at once.
    null;
  end if;
  perform private.audit(change_member_role.workspace_id, 'member.role_changed', change_member_role.user_id, null,
    jsonb_build_object('from', (t.target).role, 'to', change_member_role.role));
  return updated;
end
$$;
comment on function public.change_member_role(uuid, uuid, public.workspace_role) is
  'Admins/owners change a role (admins: member/guest only, never on owners/admins; the last owner stays). Writes audit_log.';

/** Removes a member (or, for oneself, leaves). Their channel memberships go with it. */
create function public.remove_member(workspace_id uuid, user_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  t record;
begin
  if remove_member.user_id = uid then
    if private.workspace_role(remove_member.workspace_id) is null then
      raise exception 'Workspace not found' using errcode = 'PT404';
    end if;
    delete from public.workspace_members m
    where m.workspace_id = remove_member.workspace_id and m.user_id = uid;
    perform private.audit(remove_member.workspace_id, 'member.left', uid);
    return;
  end if;
  select * into t from private.admin_target(remove_member.workspace_id, remove_member.user_id);
  delete from public.workspace_members m
  where m.workspace_id = remove_member.workspace_id and m.user_id = remove_member.user_id;
  perform private.audit(remove_member.workspace_id, 'member.removed', remove_member.user_id, null,
    jsonb_build_object('role', (t.target).role));
end
$$;
comment on function public.remove_member(uuid, uuid) is
  'Admins/owners remove a member; anyone may remove themselves (leave), except the last owner. Writes audit_log.';

/** Deactivates (or reactivates) a member: the row stays, every access stops at once. */
create function public.deactivate_member(workspace_id uuid, user_id uuid, deactivated boolean default true)
returns public.workspace_members
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  t record;
  updated public.workspace_members;
begin
  if deactivate_member.deactivated is null then
    raise exception 'deactivated must be true or false' using errcode = '22023';
  end if;
  select * into t from private.admin_target(deactivate_member.workspace_id, deactivate_member.user_id);
  if deactivate_member.user_id = uid then
    raise exception 'You cannot deactivate yourself' using errcode = '22023';
  end if;
  update public.workspace_members m
  set deactivated_at = case when deactivate_member.deactivated then coalesce(m.deactivated_at, now()) end
  where m.workspace_id = deactivate_member.workspace_id and m.user_id = deactivate_member.user_id
  returning * into updated;
  perform private.audit(deactivate_member.workspace_id,
    case when deactivate_member.deactivated then 'member.deactivated' else 'member.reactivated' end,
    deactivate_member.user_id);
  return updated;
end
$$;
comment on function public.deactivate_member(uuid, uuid, boolean) is
  'Admins/owners deactivate or reactivate a member (never themselves; admins never owners/admins). Writes audit_log.';

/** The caller (an owner) makes another active non-guest member the owner and becomes an admin. */
create function public.transfer_ownership(workspace_id uuid, new_owner_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  t record;
begin
  select * into t from private.admin_target(transfer_ownership.workspace_id, transfer_ownership.new_owner_id);
  if t.caller_role <> 'owner' then
    raise exception 'Only an owner can transfer ownership' using errcode = '42501';
  end if;
  if transfer_ownership.new_owner_id = uid then
    raise exception 'You already own this workspace' using errcode = '22023';
  end if;
  if (t.target).deactivated_at is not null or (t.target).role = 'guest' then
    raise exception 'Ownership can only go to an active, non-guest member' using errcode = '22023';
  end if;
  update public.workspace_members m set role = 'owner'
  where m.workspace_id = transfer_ownership.workspace_id and m.user_id = transfer_ownership.new_owner_id;
  update public.workspace_members m set role = 'admin'
  where m.workspace_id = transfer_ownership.workspace_id and m.user_id = uid;
  perform private.audit(transfer_ownership.workspace_id, 'workspace.ownership_transferred',
    transfer_ownership.new_owner_id, null, jsonb_build_object('previous_owner', uid));
end
$$;
comment on function public.transfer_ownership(uuid, uuid) is
  'Owner hands ownership to an active non-guest member and becomes admin. Writes audit_log.';

revoke all on function public.create_workspace(text, text), public.create_invite(uuid, public.workspace_role, interval, integer, text),
  public.accept_invite(text), public.change_member_role(uuid, uuid, public.workspace_role), public.remove_member(uuid, uuid),
  public.deactivate_member(uuid, uuid, boolean), public.transfer_ownership(uuid, uuid)
  from public, anon;
grant execute on function public.create_workspace(text, text), public.create_invite(uuid, public.workspace_role, interval, integer, text),
  public.accept_invite(text), public.change_member_role(uuid, uuid, public.workspace_role), public.remove_member(uuid, uuid),
  public.deactivate_member(uuid, uuid, boolean), public.transfer_ownership(uuid, uuid)
  to authenticated, service_role;
