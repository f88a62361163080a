-- =============================================================================================
-- Managing invite links: revoking one (with its audit row) and previewing one before accepting.
-- =============================================================================================

/**
 * Revokes an invite link; returns when it was revoked (revoking twice keeps the first time).
 * Security invoker: workspace_invites' RLS lets only the workspace's admins and owners see or update
 * the row, so for everyone else the invite does not exist, and the answer is the same as for an
 * unknown id (no existence oracle).
 */
create function public.revoke_invite(invite_id uuid)
returns timestamptz
language plpgsql
security invoker
set search_path = ''
as $$
declare
  inv record;
begin
  perform private.require_uid();
  select i.id, i.workspace_id, i.revoked_at into inv
  from public.workspace_invites i
  where i.id = revoke_invite.invite_id
  for update;
  if not found then
    raise exception 'Invite not found' using errcode = 'PT404';
  end if;
  if inv.revoked_at is not null then
    return inv.revoked_at;
  end if;
  update public.workspace_invites i set revoked_at = now() where i.id = inv.id;
  perform private.audit_as_invoker(inv.workspace_id, 'invite.revoked', inv.id, '{}'::jsonb);
  return now();
end
$$;
comment on function public.revoke_invite(uuid) is
  'Admins: revokes an invite link (idempotent) and writes an audit row. Errors: PT404 unknown invite or not an admin of its workspace.';

/**
 * What an invite link leads to, for the page that asks "join this workspace?": the workspace's
 * name, the role it grants, who created it, when it expires and whether it can still be used.
 * Security definer: the caller is not a member yet and cannot read invites or the workspace. The
 * token is the secret (24 random bytes), so this tells nothing to someone without it; unknown,
 * malformed and other-email tokens all get the same "not found".
 *
 * status: 'valid', 'revoked', 'expired', 'used_up', 'member' (the caller already belongs to the
 * workspace; slug is given so the page can open it) or 'deactivated'.
 */
create function public.preview_invite(token text)
returns table (
  workspace_name text,
  workspace_slug text,
  role public.workspace_role,
  invited_by_name text,
  expires_at timestamptz,
  status text
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := private.require_uid();
  inv public.workspace_invites;
  ws public.workspaces;
  existing public.workspace_members;
  inviter text;
  state text;
begin
  if preview_invite.token is null or preview_invite.token !~ '^[0-9a-f]{48}$' then
    raise exception 'Invite not found' using errcode = 'PT404';
  end if;
  select * into inv from public.workspace_invites i
  where i.token_hash = extensions.digest(preview_invite.token, 'sha256');
  if not found
     or (inv.email is not null and inv.email is distinct from lower((select auth.jwt() ->> 'email'))) then
    raise exception 'Invite not found' using errcode = 'PT404';
  end if;
  select * into ws from public.workspaces w where w.id = inv.workspace_id;
  select p.display_name into inviter from public.profiles p where p.id = inv.created_by;
  select * into existing from public.workspace_members m where m.workspace_id = inv.workspace_id and m.user_id = uid;
  -- The same order of checks as accept_invite(), so the preview never promises what accepting refuses.
  state := case
    when existing.user_id is not null and existing.deactivated_at is not null then 'deactivated'
    when existing.user_id is not null then 'member'
    when inv.revoked_at is not null then 'revoked'
    when inv.expires_at <= now() then 'expired'
    when inv.use_count >= inv.max_uses then 'used_up'
    else 'valid'
  end;
  return query select ws.name,
    -- The slug is a way in only for members; others learn the name the inviter chose to share.
    case when state = 'member' then ws.slug end,
    inv.role, inviter, inv.expires_at, state;
end
$$;
comment on function public.preview_invite(text) is
  'The workspace name, role, inviter, expiry and usability of an invite token, for its holder. Errors: PT404 unknown token.';
revoke all on function public.revoke_invite(uuid), public.preview_invite(text) from public, anon;
grant execute on function public.revoke_invite(uuid), public.preview_invite(text) to authenticated, service_role;
